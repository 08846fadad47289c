import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';
import { notFound } from '../../provider/errors.js';
import type { RepoLocator } from '../../provider/types.js';

/** `bb file list --json` fields (FileEntry). */
export const FILE_JSON_FIELDS = ['path', 'type', 'size'] as const;

export const REF_FLAG = {
  name: 'ref',
  type: 'string',
  valueName: 'REF',
  description: 'a branch, tag or commit (default: the main branch)',
} as const;

/** The --ref flag's value, refused when it could be read as an option or holds a control character. */
export function refOf(input: CommandInput): string | undefined {
  const ref = input.flags.ref as string | undefined;
  if (ref === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (!ref || ref.startsWith('-') || /[\u0000-\u001f\u007f\s]/.test(ref))
    throw new BbError('INVALID_ARGUMENT', `--ref "${ref}" is not a branch, tag or commit`, { hints: ['bb branch list shows the branches'] });
  return ref;
}

/** A 404 said in the files area's words: the path, or the ref, is not there. */
export function fileNotFound(e: unknown, repo: RepoLocator, path: string, ref: string | undefined): unknown {
  const at = ref ? `at ${ref}` : 'on the main branch';
  const out = notFound(e, `${path || 'the root directory'} not found ${at} in ${repo.workspace}/${repo.repo} (or no such branch, tag or commit)`);
  if (out instanceof BbError && out.errorName === 'API_NOT_FOUND')
    return new BbError('API_NOT_FOUND', out.message, {
      operation: out.operation,
      status: 404,
      hints: ['bb file list [DIR] --ref REF shows what is there; bb branch list and bb tag list show the refs'],
    });
  return out;
}
