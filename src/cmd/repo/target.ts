import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { parseRemoteUrl, type RepoRef } from '../../git/remote.js';
import type { CommandInput } from '../define.js';

/**
 * The repository a command acts on: the positional `WORKSPACE/REPO` (or URL) when given, else `-R`, `BB_REPO`,
 * the git remote and Pipelines variables (ctx.repo). Both a positional and `-R` is ambiguous.
 */
export async function resolveRepoArg(ctx: Context, input: CommandInput, argName: string | null = 'repository'): Promise<RepoRef> {
  const arg = argName === null ? undefined : input.args[argName];
  const flag = input.flags.repo;
  if (typeof arg === 'string' && arg !== '' && typeof flag === 'string' && flag !== '' && arg !== flag) {
    throw new BbError('INVALID_ARGUMENT', `two repositories given: ${arg} and -R ${flag}`, { hints: ['give the repository once'] });
  }
  return typeof arg === 'string' && arg !== '' ? parseRepoOrUrl(ctx, arg) : ctx.repo(flag);
}

/**
 * `WORKSPACE/REPO`, or an scp-style clone address (`git@bitbucket.org:ws/repo.git`). URLs with a scheme were read
 * by the resolver before the command ran (src/resolve/target.ts: the argument declares `accepts: 'repo'`).
 */
export async function parseRepoOrUrl(ctx: Context, text: string): Promise<RepoRef> {
  if (/^[a-z+]+:\/\//i.test(text) || /^[^/\s]+@[^/\s]+:/.test(text)) {
    const ref = parseRemoteUrl(text, [new URL(ctx.apiUrl).host]);
    if (ref) return ref;
    throw new BbError('INVALID_REPO', `"${text}" is not a Bitbucket repository URL`, { hints: ['give WORKSPACE/REPO, for example: myteam/website'] });
  }
  return ctx.repo(text);
}
