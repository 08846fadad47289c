/** A snippet comment as the `bb snippet comments …` commands print it: its shape, `--json` form and the comment-id argument. */
import { BbError } from '../../../core/errors.js';
import type { CommandInput } from '../../define.js';

export interface SnippetComment {
  id: number;
  content?: { raw?: string };
  user?: { display_name?: string; nickname?: string } | null;
  parent?: { id?: number };
  created_on?: string;
  updated_on?: string;
  links?: { html?: { href?: string } };
}

export const SNIPPET_COMMENT_JSON_FIELDS = ['id', 'parentId', 'author', 'body', 'createdAt', 'updatedAt', 'url'] as const;

export function snippetCommentJson(c: SnippetComment): Record<string, unknown> {
  return {
    id: c.id,
    parentId: c.parent?.id ?? null,
    author: c.user?.nickname ?? c.user?.display_name ?? null,
    body: c.content?.raw ?? '',
    createdAt: c.created_on ?? null,
    updatedAt: c.updated_on ?? null,
    url: c.links?.html?.href ?? null,
  };
}

export const COMMENT_ARG = { name: 'comment', description: 'comment ID', required: true } as const;

export function commentId(input: CommandInput): string {
  const raw = String(input.args.comment ?? '').trim();
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) {
    throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a comment ID: expected a positive number`, {
      hints: ['list the comments with `bb snippet comments list SNIPPET`'],
    });
  }
  return raw;
}

/** The comment body from --body / --body-file; refuses an empty one. */
export function requireBody(text: string | undefined): string {
  if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body "…" or --body-file FILE'] });
  return text;
}

export function commentNotFound(e: unknown, what: string): unknown {
  if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') {
    return new BbError('API_NOT_FOUND', `${what} not found`, {
      operation: e.operation,
      status: 404,
      hints: ['list the comments with `bb snippet comments list SNIPPET`'],
    });
  }
  return e;
}
