import type { CommandInput } from '../../define.js';
import type { Context } from '../../../context/context.js';
import { BbError } from '../../../core/errors.js';
import { readInputText } from '../../../util/input.js';

/** The COMMIT argument of the commit discussion commands. */
export const COMMIT_ARG = { name: 'commit', description: 'commit hash, branch, tag or commit URL', required: true, accepts: 'commit' } as const;
export const CCOMMENT_ARG = { name: 'comment', description: 'comment id (see `bb commit comments list`)', required: true } as const;

export const BODY_FLAGS = [
  { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the comment (Markdown)' },
  { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the comment from a file (- for stdin)' },
] as const;

/** The comment text from --body or --body-file; INVALID_ARGUMENT when both, neither, or empty. */
export async function commentBody(ctx: Context, input: CommandInput): Promise<string> {
  const f = input.flags as { body?: string; bodyFile?: string };
  if (f.body !== undefined && f.bodyFile !== undefined)
    throw new BbError('INVALID_ARGUMENT', '--body and --body-file cannot be used together', { hints: ['pass one of them'] });
  const text = f.bodyFile !== undefined ? await readInputText(ctx.io.in, f.bodyFile) : f.body;
  if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body TEXT or --body-file FILE'] });
  return text;
}

export function ccommentId(input: CommandInput): number {
  const raw = String(input.args.comment ?? '');
  const n = Number(raw.replace(/^#/, ''));
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BbError('INVALID_ARGUMENT', `"${raw}" is not a comment id`, { hints: ['bb commit comments list COMMIT shows the ids'] });
  return n;
}
