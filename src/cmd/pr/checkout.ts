import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { checkedOutBranch } from '../../git/git.js';
import { status } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import type { Provider } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { PR_ARG_REQUIRED, resolvePrId } from './finder.js';
import { gitEnv } from './git.js';

async function tryGit(ctx: Context, args: string[]): Promise<string | undefined> {
  try {
    return await ctx.git.run(args);
  } catch {
    return undefined;
  }
}

/**
 * `git fetch` with bb's credential (`env`: over https, as `bb repo clone` does, a helper in the environment of that
 * one git process: a fresh clone needs no `bb auth setup-git` to check out a pull request). Bitbucket's git endpoint
 * answers 403 to a credential git reads are refused to, and git prints that status: report it as the API's refusals
 * are (2003, naming the scope or permission: the provider says which), rather than as a git failure. Without bb's
 * credential (ssh, other hosts) a 403 is not about bb's token and stays a git error.
 */
async function fetchWith(ctx: Context, p: Provider, args: string[], env: Record<string, string> | undefined, what: string): Promise<void> {
  try {
    // git's messages in English, so a refusal (HTTP 403) can be told apart whatever the user's locale
    await ctx.git.run(args, { env: env ? { ...env, LC_ALL: 'C' } : undefined });
  } catch (e) {
    if (!env || !(e instanceof BbError) || e.errorName !== 'GIT_FAILED' || !/returned error: 403\b/.test(e.message)) throw e;
    throw await p.gitFetchRefused(what, e);
  }
}

export default defineCommand({
  path: ['pr', 'checkout'],
  summary: 'Check out the branch of a pull request locally',
  description:
    "Fetches the pull request's source branch and checks it out. A branch from a fork is fetched from the fork's clone URL (https or ssh, like your remote) into a local branch. An existing local branch is fast-forwarded; --force resets it to the pull request instead. Over https the fetch uses bb's login for the host, given to that one git process only (never written to git's config); on Data Center forks live in personal projects (~user).",
  examples: [
    'bb pr checkout 42',
    '# under another local name',
    'bb pr checkout 42 --branch review/42',
    '# throw away local changes to that branch',
    'bb pr checkout 42 --force',
  ],
  args: [PR_ARG_REQUIRED],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'NAME', description: 'local branch name (default: the source branch name)' },
    { name: 'force', short: 'f', type: 'boolean', description: 'reset the local branch to the pull request, discarding local commits' },
  ],
  operations: [OP.prGet, OP.repoGet, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}',
  ],
  repo: true,
  async run(ctx, input) {
    const f = input.flags as { branch?: string; force?: boolean };
    // the repository first: a Data Center remote or -R HOST/PROJECT/REPO selects the host
    const repo = await ctx.repo(input.flags.repo);
    const p = await provider(ctx);
    const id = await resolvePrId(ctx, repo, input.args.pr);
    const pr = await p.getPullRequest(repo, id);
    const source = pr.headRefName;
    if (!source) throw new BbError('API_BAD_RESPONSE', `pull request #${id} has no source branch`);
    const remote = await p.gitRemote(repo, await ctx.remotes());
    const srcRepo = pr.headRepository;
    const dstRepo = pr.baseRepository ?? `${repo.workspace}/${repo.repo}`;
    const fork = Boolean(srcRepo && srcRepo.toLowerCase() !== dstRepo.toLowerCase());
    let local = f.branch ?? source;
    // a fork's branch named like the destination's: under the fork owner's name (DC: a personal project ~user)
    if (fork && !f.branch && local === pr.baseRefName) local = `${(srcRepo as string).split('/')[0]?.replace(/^~/, '').toLowerCase()}/${source}`;
    const current = await checkedOutBranch(ctx.git);
    const exists = (await tryGit(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${local}`])) !== undefined;

    let trackRef: string;
    if (fork) {
      const [owner, slug] = (srcRepo as string).split('/') as [string, string];
      const wantSsh = Boolean(remote.url && !/^https?:\/\//.test(remote.url));
      const url = await p.cloneUrl({ workspace: owner, repo: slug }, wantSsh ? 'ssh' : 'https');
      if (!url) throw new BbError('API_BAD_RESPONSE', `the fork ${srcRepo} has no clone URL`);
      trackRef = 'FETCH_HEAD';
      status(ctx, `Fetching ${source} from the fork ${srcRepo}…`);
      await fetchWith(ctx, p, ['fetch', url, `refs/heads/${source}`], await gitEnv(ctx, url), `${srcRepo}`);
    } else {
      trackRef = `refs/remotes/${remote.name}/${source}`;
      const env = remote.url ? await gitEnv(ctx, remote.url) : undefined;
      await fetchWith(ctx, p, ['fetch', remote.name, `+refs/heads/${source}:${trackRef}`], env, `${repo.workspace}/${repo.repo}`);
    }

    await checkoutLocal(ctx, { local, exists, current, fork, trackRef, remote: remote.name, source, id, force: Boolean(f.force) });
    status(ctx, `✓ Checked out pull request #${id} on branch ${local}${fork ? ` (from ${srcRepo})` : ''}`);
    return 0;
  },
});

/** After the fetch: a new local branch at the pull request, or the existing one fast-forwarded (--force: reset). */
async function checkoutLocal(
  ctx: Context,
  o: {
    local: string;
    exists: boolean;
    current: string | undefined;
    fork: boolean;
    trackRef: string;
    remote: string;
    source: string;
    id: number;
    force: boolean;
  },
): Promise<void> {
  const { local, exists, current, fork, trackRef, source, id } = o;
  const remote = { name: o.remote };
  const f = { force: o.force };
  if (!exists) {
    if (fork) {
      await ctx.git.run(['branch', local, trackRef]);
      await ctx.git.run(['checkout', local]);
    } else {
      await ctx.git.run(['checkout', '-b', local, '--track', `${remote.name}/${source}`]);
    }
  } else {
    if (current !== local) await ctx.git.run(['checkout', local]);
    if (f.force) await ctx.git.run(['reset', '--hard', trackRef]);
    else {
      try {
        await ctx.git.run(['merge', '--ff-only', trackRef]);
      } catch (e) {
        throw new BbError('GIT_FAILED', `your local ${local} has diverged from pull request #${id}`, {
          hints: [`keep your commits and merge: git merge ${trackRef}`, `or discard them: bb pr checkout ${id} --force`],
          cause: e,
        });
      }
    }
  }
}
