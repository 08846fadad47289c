import { must } from '../../api/client.js';
import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { defineCommand } from '../define.js';
import { listRemotes } from '../../git/git.js';
import { parseDcRemoteUrl } from '../../git/remote.js';
import type { HostInfo } from '../../provider/types.js';
import { gitEnv } from '../../git/credential.js';
import { provider } from '../../provider/index.js';
import type { RepoRef } from '../../git/remote.js';
import { getPr, OP, PR_ARG_REQUIRED, remoteFor, resolvePrId } from './shared.js';

interface RepoLinks {
  links?: { clone?: Array<{ name?: string; href?: string }> };
}

async function tryGit(ctx: Parameters<typeof remoteFor>[0], args: string[]): Promise<string | undefined> {
  try {
    return await ctx.git.run(args);
  } catch {
    return undefined;
  }
}

/**
 * The fetch authenticates with bb's credential over https, as `bb repo clone` does (a helper in the
 * environment of that one git process): a fresh clone needs no `bb auth setup-git` to check out a pull
 * request. ssh URLs and other hosts get nothing (undefined: git's own configuration).
 */
async function fetchEnv(ctx: Parameters<typeof remoteFor>[0], url: string): Promise<Record<string, string> | undefined> {
  return gitEnv(ctx, await ctx.host(), url, await ctx.credential());
}

/**
 * `git fetch` with bb's credential (`env`). Bitbucket's git endpoint answers 403 to a token without the scope
 * git reads need (read:repository, legacy repository) and git prints that status: report it as the API's
 * refusals are, 2003 naming the scope, rather than as a git failure. Without bb's credential (ssh, other
 * hosts) a 403 is not about bb's token and stays a git error.
 */
async function fetchWith(ctx: Parameters<typeof remoteFor>[0], args: string[], env: Record<string, string> | undefined, what: string): Promise<void> {
  try {
    // git's messages in English, so a refusal (HTTP 403) can be told apart whatever the user's locale
    await ctx.git.run(args, { env: env ? { ...env, LC_ALL: 'C' } : undefined });
  } catch (e) {
    if (!env || !(e instanceof BbError) || e.errorName !== 'GIT_FAILED' || !/returned error: 403\b/.test(e.message)) throw e;
    if ((await ctx.host()).kind === 'dc') {
      throw new BbError(
        'API_FORBIDDEN',
        `git fetch of ${what} was refused (HTTP 403): git over https needs REPO_READ permission on the repository, which the credential or your account lacks`,
        {
          missingScopes: ['REPO_READ'],
          status: 403,
          cause: e,
          hints: ["a token's permission never exceeds your own: you need REPO_READ on the repository yourself, and a credential that carries it"],
        },
      );
    }
    const scope = (await ctx.credential()).kind === 'access-token' ? 'repository' : 'read:repository:bitbucket';
    throw new BbError(
      'API_FORBIDDEN',
      `git fetch of ${what} was refused (HTTP 403): git over https needs scope ${scope}, which the credential lacks (or your account cannot read the repository)`,
      {
        missingScopes: [scope],
        status: 403,
        cause: e,
      },
    );
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
    const host = await ctx.host();
    if (host.kind === 'dc') return checkoutDc(ctx, input, host, repo, f);
    const id = await resolvePrId(ctx, repo, input.args.pr);
    const pr = await getPr(ctx, repo, id);
    const source = pr.source?.branch?.name;
    if (!source) throw new BbError('API_BAD_RESPONSE', `pull request #${id} has no source branch`);
    const remote = await remoteFor(ctx, repo);
    const srcRepo = pr.source?.repository?.full_name;
    const dstRepo = pr.destination?.repository?.full_name ?? `${repo.workspace}/${repo.repo}`;
    const fork = Boolean(srcRepo && srcRepo.toLowerCase() !== dstRepo.toLowerCase());
    let local = f.branch ?? source;
    if (fork && !f.branch && local === pr.destination?.branch?.name) local = `${srcRepo?.split('/')[0]}/${source}`;
    const current = (await tryGit(ctx, ['rev-parse', '--abbrev-ref', 'HEAD']))?.trim();
    const exists = (await tryGit(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${local}`])) !== undefined;

    let fetchFrom: string;
    let trackRef: string;
    if (fork) {
      const [ws, slug] = (srcRepo as string).split('/') as [string, string];
      const api = await ctx.api();
      const forkRepo = must(
        await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: { workspace: ws, repo_slug: slug } } }),
      ) as unknown as RepoLinks;
      const clones = forkRepo.links?.clone ?? [];
      const wantSsh = Boolean(remote.url && !/^https?:\/\//.test(remote.url));
      const url = (clones.find((c) => c.name === (wantSsh ? 'ssh' : 'https')) ?? clones.find((c) => c.name === 'https') ?? clones[0])?.href;
      if (!url) throw new BbError('API_BAD_RESPONSE', `the fork ${srcRepo} has no clone URL`);
      fetchFrom = url;
      trackRef = 'FETCH_HEAD';
      status(ctx, `Fetching ${source} from the fork ${srcRepo}…`);
      await fetchWith(ctx, ['fetch', fetchFrom, `refs/heads/${source}`], await fetchEnv(ctx, fetchFrom), `${srcRepo}`);
    } else {
      fetchFrom = remote.name;
      trackRef = `refs/remotes/${remote.name}/${source}`;
      const env = remote.url ? await fetchEnv(ctx, remote.url) : undefined;
      await fetchWith(ctx, ['fetch', remote.name, `+refs/heads/${source}:${trackRef}`], env, `${repo.workspace}/${repo.repo}`);
    }

    await checkoutLocal(ctx, { local, exists, current, fork, trackRef, remote: remote.name, source, id, force: Boolean(f.force) });
    status(ctx, `✓ Checked out pull request #${id} on branch ${local}${fork ? ` (from ${srcRepo})` : ''}`);
    return 0;
  },
});

/** After the fetch: a new local branch at the pull request, or the existing one fast-forwarded (--force: reset). */
async function checkoutLocal(
  ctx: Parameters<typeof remoteFor>[0],
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

/** The git remote of a Data Center repository (its /scm/ or ssh URL on this host), else origin. */
async function dcRemoteFor(
  ctx: Parameters<typeof remoteFor>[0],
  host: HostInfo,
  repo: { workspace: string; repo: string },
): Promise<{ name: string; url?: string }> {
  const remotes = await listRemotes(ctx.git).catch(() => []);
  for (const r of remotes) {
    const ref = parseDcRemoteUrl(r.url, [host.key]);
    if (ref && ref.workspace.toLowerCase() === repo.workspace.toLowerCase() && ref.repo.toLowerCase() === repo.repo.toLowerCase()) return r;
  }
  return remotes.find((r) => r.name === 'origin') ?? remotes[0] ?? { name: 'origin' };
}

/** Git's environment for an https URL of the Data Center host (bb's credential, this git process only); else undefined. */
async function dcFetchEnv(ctx: Parameters<typeof remoteFor>[0], host: HostInfo, url: string | undefined): Promise<Record<string, string> | undefined> {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return gitEnv(ctx, host, url, await ctx.credential());
}

/**
 * Data Center: the pull request through the provider (its source ref and repository); a fork's source (a personal
 * project `~user`, or another project) is fetched from that repository's clone URL.
 */
async function checkoutDc(
  ctx: Parameters<typeof remoteFor>[0],
  input: Parameters<Parameters<typeof defineCommand>[0]['run']>[1],
  host: HostInfo,
  repo: RepoRef,
  f: { branch?: string; force?: boolean },
): Promise<number> {
  const p = await provider(ctx);
  const id = await resolvePrId(ctx, repo, input.args.pr);
  const pr = await p.getPullRequest(repo, id);
  const source = pr.headRefName;
  if (!source) throw new BbError('API_BAD_RESPONSE', `pull request #${id} has no source branch`);
  const remote = await dcRemoteFor(ctx, host, repo);
  const srcRepo = pr.headRepository;
  const dstRepo = pr.baseRepository ?? `${repo.workspace}/${repo.repo}`;
  const fork = Boolean(srcRepo && srcRepo.toLowerCase() !== dstRepo.toLowerCase());
  let local = f.branch ?? source;
  if (fork && !f.branch && local === pr.baseRefName) local = `${(srcRepo as string).split('/')[0]?.replace(/^~/, '').toLowerCase()}/${source}`;
  const current = (await tryGit(ctx, ['rev-parse', '--abbrev-ref', 'HEAD']))?.trim();
  const exists = (await tryGit(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${local}`])) !== undefined;

  let trackRef: string;
  if (fork) {
    const [project, slug] = (srcRepo as string).split('/') as [string, string];
    const forkRepo = await p.getRepository({ workspace: project, repo: slug });
    const wantSsh = Boolean(remote.url && !/^https?:\/\//.test(remote.url));
    const url = (wantSsh ? (forkRepo.ssh_url ?? forkRepo.https_url) : (forkRepo.https_url ?? forkRepo.ssh_url)) ?? undefined;
    if (!url) throw new BbError('API_BAD_RESPONSE', `the fork ${srcRepo} has no clone URL`);
    trackRef = 'FETCH_HEAD';
    status(ctx, `Fetching ${source} from the fork ${srcRepo}…`);
    await fetchWith(ctx, ['fetch', url, `refs/heads/${source}`], await dcFetchEnv(ctx, host, url), `${srcRepo}`);
  } else {
    trackRef = `refs/remotes/${remote.name}/${source}`;
    const url = await ctx.git.run(['remote', 'get-url', remote.name]).then(
      (u) => u.trim(),
      () => remote.url,
    );
    await fetchWith(ctx, ['fetch', remote.name, `+refs/heads/${source}:${trackRef}`], await dcFetchEnv(ctx, host, url), `${repo.workspace}/${repo.repo}`);
  }
  await checkoutLocal(ctx, { local, exists, current, fork, trackRef, remote: remote.name, source, id, force: Boolean(f.force) });
  status(ctx, `✓ Checked out pull request #${id} on branch ${local}${fork ? ` (from ${srcRepo})` : ''}`);
  return 0;
}
