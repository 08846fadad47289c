/** The snippet a `bb snippet …` command acts on: the operations, the shape bb reads, the snippet argument (ID or URL). */
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';

export const OP = {
  list: 'GET /snippets/{workspace}',
  get: 'GET /snippets/{workspace}/{encoded_id}',
  file: 'GET /snippets/{workspace}/{encoded_id}/files/{path}',
  create: 'POST /snippets/{workspace}',
  update: 'PUT /snippets/{workspace}/{encoded_id}',
  delete: 'DELETE /snippets/{workspace}/{encoded_id}',
  comments: 'GET /snippets/{workspace}/{encoded_id}/comments',
  commentAdd: 'POST /snippets/{workspace}/{encoded_id}/comments',
  commentEdit: 'PUT /snippets/{workspace}/{encoded_id}/comments/{comment_id}',
  commentDelete: 'DELETE /snippets/{workspace}/{encoded_id}/comments/{comment_id}',
  watching: 'GET /snippets/{workspace}/{encoded_id}/watch',
  watch: 'PUT /snippets/{workspace}/{encoded_id}/watch',
  unwatch: 'DELETE /snippets/{workspace}/{encoded_id}/watch',
  commits: 'GET /snippets/{workspace}/{encoded_id}/commits',
  commit: 'GET /snippets/{workspace}/{encoded_id}/commits/{revision}',
} as const;

export interface Snippet {
  id: string | number;
  title?: string;
  is_private?: boolean;
  created_on?: string;
  updated_on?: string;
  owner?: { display_name?: string; nickname?: string; uuid?: string };
  creator?: { display_name?: string; nickname?: string; uuid?: string };
  files?: Record<string, { links?: { self?: { href?: string }; html?: { href?: string } } }>;
  links?: { html?: { href?: string } };
}

export const WORKSPACE_FLAG = {
  name: 'workspace',
  short: 'w',
  type: 'string',
  valueName: 'WORKSPACE',
  description: "the workspace (default: default_workspace, or the current repository's)",
} as const;

const ID = /^[A-Za-z0-9_-]+$/;

/** `ID` (in --workspace / the default workspace) or a snippet URL `…/snippets/WORKSPACE/ID[/…]`. */
export async function snippetTarget(ctx: Context, input: CommandInput): Promise<{ workspace: string; encoded_id: string }> {
  const arg = String(input.args.snippet ?? '').trim();
  const url = /\/snippets\/([^/?#]+)\/([^/?#]+)/.exec(arg);
  if (url?.[1] && url[2] && /^https?:\/\//.test(arg)) return { workspace: decodeURIComponent(url[1]), encoded_id: decodeURIComponent(url[2]) };
  if (!ID.test(arg))
    throw new BbError('INVALID_ARGUMENT', `"${arg}" is not a snippet: expected its ID or URL`, { hints: ['list them with `bb snippet list`'] });
  return { workspace: await ctx.workspace(input.flags.workspace, 'pass --workspace WORKSPACE'), encoded_id: arg };
}

export function notFound(e: unknown, what: string): unknown {
  if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
    return new BbError('API_NOT_FOUND', `${what} not found`, { operation: e.operation, status: 404, hints: ['list them with `bb snippet list`'] });
  }
  return e;
}
