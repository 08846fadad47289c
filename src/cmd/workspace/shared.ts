import type { components } from '../../api/generated/schema.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';

export type Workspace = components['schemas']['workspace'];
export type WorkspaceAccess = components['schemas']['workspace_access'];

const WORKSPACE_SLUG = /^[A-Za-z0-9_.~-]+$/;
const UUID = /^\{[0-9a-fA-F-]+\}$/;

/**
 * The workspace a command works in: the argument (or flag), else `ctx.workspace()` (the
 * default_workspace setting, then the repository context). A value that cannot be a workspace slug or
 * `{uuid}` is refused here, before it reaches a URL.
 */
export async function resolveWorkspace(ctx: Context, value: unknown): Promise<string> {
  const workspace = await ctx.workspace(value);
  if (!WORKSPACE_SLUG.test(workspace) && !UUID.test(workspace)) {
    throw new BbError('INVALID_ARGUMENT', `"${workspace}" is not a workspace: expected its slug (or {uuid})`, {
      hints: ['for example: bb repo list myteam'],
    });
  }
  return workspace;
}

/** `links.html.href`, the page a person opens; `--web` needs it. */
export function webUrl(links: { html?: { href?: string } } | undefined, what: string): string {
  const url = links?.html?.href;
  if (!url) throw new BbError('API_BAD_RESPONSE', `the API gave no web link for ${what}`);
  return url;
}

export async function openInBrowser(ctx: Context, url: string): Promise<void> {
  if (ctx.io.stderrIsTTY) ctx.io.err.write(`Opening ${url} in your browser.\n`);
  await (await ctx.browser()).open(url);
}
