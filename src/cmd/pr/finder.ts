/**
 * Finding the pull request a `bb pr …` command acts on: its `[pr]` argument (a number, a URL the resolver turned into
 * its number, or a source branch), else the open pull request of the branch checked out here.
 */
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { checkedOutBranch } from '../../git/git.js';
import type { RepoRef } from '../../git/remote.js';
import { provider } from '../../provider/index.js';
import type { Provider } from '../../provider/types.js';
import type { CommandInput } from '../define.js';

/** The `[pr]` argument of the commands that act on one pull request. */
export const PR_ARG = { name: 'pr', description: 'number, URL or source branch (default: the current branch)', accepts: 'pr' } as const;
export const PR_ARG_REQUIRED = { name: 'pr', description: 'pull request number, URL or source branch', required: true, accepts: 'pr' } as const;

/** `12` or `#12` (a URL argument was turned into its number, and its repository noted, by src/resolve/target.ts). */
export function parsePrNumber(text: string): number | undefined {
  const t = text.trim();
  const m = /^#?(\d+)$/.exec(t);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * The branch checked out here (checkedOutBranch). Without one: INVALID_ARGUMENT on a detached HEAD, else (outside a
 * clone, or a branch with no commit yet) NO_REPO_CONTEXT; git is asked which only on that error path.
 */
export async function currentBranch(ctx: Context): Promise<string> {
  const branch = await checkedOutBranch(ctx.git);
  if (branch) return branch;
  const ok = (args: string[]) =>
    ctx.git.run(args).then(
      () => true,
      () => false,
    );
  // a detached HEAD: inside a clone, and HEAD names no branch (an unborn branch does)
  if ((await ok(['rev-parse', '--git-dir'])) && !(await ok(['symbolic-ref', '--quiet', 'HEAD'])))
    throw new BbError('INVALID_ARGUMENT', 'HEAD is detached: no current branch', { hints: ['pass the pull request number, or check out a branch'] });
  throw new BbError('NO_REPO_CONTEXT', 'not on a git branch here, and no pull request given', {
    hints: ['pass the pull request number, or run inside a clone of the repository'],
  });
}

/**
 * The pull request number for `[ID|BRANCH|URL]`: a number is used as is; a branch name (or no argument:
 * the current branch) is looked up among the open pull requests from that branch.
 */
export async function resolvePrId(ctx: Context, repo: RepoRef, arg: unknown): Promise<number> {
  if (typeof arg === 'string' && arg !== '') {
    const n = parsePrNumber(arg);
    if (n !== undefined) return n;
    // digits that are no pull request number (0, -1, past 2^53): not a branch name either
    if (/^#?-?\d+$/.test(arg.trim()))
      throw new BbError('INVALID_ARGUMENT', `"${arg}" is not a pull request number`, { hints: ['pull request numbers start at 1'] });
    return (await (await provider(ctx)).pullRequestForBranch(repo, arg)).id;
  }
  const branch = await currentBranch(ctx);
  return (await (await provider(ctx)).pullRequestForBranch(repo, branch)).id;
}

/** Repository and pull request number of a command's `[pr]` argument. */
export async function prTarget(ctx: Context, input: CommandInput): Promise<{ repo: RepoRef; id: number }> {
  const repo = await ctx.repo(input.flags.repo);
  return { repo, id: await resolvePrId(ctx, repo, input.args.pr) };
}

/** Repository and pull request of a command's `[pr]` argument, with the host's provider. */
export async function prContext(ctx: Context, input: CommandInput): Promise<{ repo: RepoRef; id: number; p: Provider }> {
  const repo = await ctx.repo(input.flags.repo);
  const p = await provider(ctx);
  try {
    return { repo, id: await resolvePrId(ctx, repo, input.args.pr), p };
  } catch (e) {
    throw input.flags.repo === undefined ? await inTheParent(p, repo, e) : e;
  }
}

/**
 * No pull request for the branch in a clone of a fork: `bb pr create` opened it in the fork's parent, so say where
 * to look. Only on this error path, and best effort: a token that cannot read the repository keeps the first error.
 */
async function inTheParent(p: Provider, repo: RepoRef, e: unknown): Promise<unknown> {
  if (!(e instanceof BbError && e.errorName === 'API_NOT_FOUND' && /^no open pull request from branch/.test(e.message))) return e;
  const parent = await p.getRepository(repo).then(
    (r) => r.parent,
    () => null,
  );
  if (!parent) return e;
  return new BbError('API_NOT_FOUND', e.message, {
    operation: e.operation,
    status: e.status,
    hints: [
      `${repo.workspace}/${repo.repo} is a fork of ${parent}, where \`bb pr create\` opens its pull requests: add -R ${parent}, or make it this clone's default: bb repo set-default ${parent}`,
      ...(e.hints ?? []),
    ],
  });
}
