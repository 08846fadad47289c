import { mergeConflicts } from '../../conflicts.js';
import { dcRestrictionMessage, dcRestrictionOn } from './branch-permissions.js';
import { exclusive } from '../../lock.js';
import { type DcMergeSettings, type DcPullRequest, type DcRepo, type DcStore, prSource } from '../model.js';
import { prJson } from '../wire.js';
import {
  branchName,
  checkVersion,
  DcApiError,
  type DcContext,
  type DcContextWithLevels,
  type DcHandler,
  type DcRoutes,
  me,
  PR,
  page,
  prOf,
  R,
  repoOf,
  str,
} from './context.js';

/**
 * Pull requests: list, get, create, update (PUT, with the optimistic-locking version), decline, reopen, delete, and merge with the repository's merge checks (`requiredApprovers`, `requiredAllTasksComplete`, `requiredSuccessfulBuilds`, "needs work"), answered by `GET …/merge` as vetoes and enforced by `POST …/merge` (409 PullRequestMergeVetoedException).
 */

async function merge(c: DcContext, repo: DcRepo, pr: DcPullRequest): Promise<void> {
  const git = c.store.git(repo);
  const ours = await git.resolve(pr.to);
  const theirs = await prSource(c.store, pr);
  if (!ours || !theirs) throw new DcApiError(409, 'The source or target branch no longer exists.');
  const user = me(c);
  let result: string;
  if ((await git.mergeBase(ours, theirs)) === ours) {
    result = theirs;
  } else {
    let tree: string;
    try {
      tree = (await git.git(['merge-tree', '--write-tree', ours, theirs])).split('\n')[0]?.trim() ?? '';
    } catch {
      throw new DcApiError(409, 'The pull request has conflicts and cannot be merged.', 'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException');
    }
    const message = `Merge pull request #${pr.id} in ${repo.project}/${repo.slug} from ${pr.from} to ${pr.to}\n\n* commit '${theirs}':\n`;
    const date = new Date(c.now()).toISOString();
    const env = {
      GIT_AUTHOR_NAME: user.displayName,
      GIT_AUTHOR_EMAIL: user.emailAddress,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: user.displayName,
      GIT_COMMITTER_EMAIL: user.emailAddress,
      GIT_COMMITTER_DATE: date,
    };
    result = (await git.git(['commit-tree', tree, '-p', ours, '-p', theirs], message, env)).trim();
  }
  await git.updateRef(`refs/heads/${pr.to}`, result);
  pr.state = 'MERGED';
  pr.toHash = result;
  pr.closedDate = c.now();
  pr.updatedDate = c.now();
  pr.version++;
}

/** A repository's merge checks: its record, or the defaults when none was ever set (reading never creates one). */
function settingsOf(store: DcStore, repo: number): DcMergeSettings {
  return store.mergeSettings[repo] ?? defaultSettings();
}

function defaultSettings(): DcMergeSettings {
  return { requiredApprovers: 0, requiredAllTasksComplete: true, requiredSuccessfulBuilds: 0, noNeedsWork: true };
}

function settingsJson(s: DcMergeSettings) {
  return {
    requiredAllApprovers: false,
    requiredAllTasksComplete: s.requiredAllTasksComplete,
    requiredApprovers: { enabled: s.requiredApprovers > 0, count: String(s.requiredApprovers) },
    requiredSuccessfulBuilds: { enabled: s.requiredSuccessfulBuilds > 0, count: String(s.requiredSuccessfulBuilds) },
    mergeConfig: {
      defaultStrategy: { id: 'no-ff', flag: '--no-ff', name: 'Merge commit', enabled: true },
      strategies: [
        { id: 'no-ff', flag: '--no-ff', name: 'Merge commit', enabled: true },
        { id: 'ff', flag: '--ff', name: 'Fast-forward', enabled: true },
        { id: 'squash', flag: '--squash', name: 'Squash', enabled: true },
      ],
      type: 'repository',
    },
  };
}

async function vetoes(c: DcContext, repo: ReturnType<typeof repoOf>, pr: DcPullRequest) {
  const s = settingsOf(c.store, repo.id);
  const out: Array<{ summaryMessage: string; detailedMessage: string }> = [];
  const restricted = dcRestrictionOn(c.store, repo, pr.to, c.user, ['read-only']);
  if (restricted)
    out.push({
      summaryMessage: `Branch refs/heads/${pr.to} is read-only (branch permissions)`,
      detailedMessage: dcRestrictionMessage(restricted, pr.to, 'merge'),
    });
  const approvals = pr.participants.filter((p) => p.role === 'REVIEWER' && p.status === 'APPROVED').length;
  if (approvals < s.requiredApprovers)
    out.push({
      summaryMessage: 'Not enough approvals',
      detailedMessage: `You need ${s.requiredApprovers} approval${s.requiredApprovers === 1 ? '' : 's'} before this pull request can be merged (it has ${approvals}).`,
    });
  if (s.noNeedsWork && pr.participants.some((p) => p.role === 'REVIEWER' && p.status === 'NEEDS_WORK'))
    out.push({ summaryMessage: 'Needs work', detailedMessage: 'A reviewer has marked this pull request as needing work.' });
  const key = c.store.prKey(repo, pr.id);
  const open = Object.values(c.store.comments).filter((x) => x.pr === key && x.severity === 'BLOCKER' && x.state === 'OPEN').length;
  if (s.requiredAllTasksComplete && open > 0)
    out.push({
      summaryMessage: 'Incomplete tasks',
      detailedMessage: `This pull request has ${open} open task${open === 1 ? '' : 's'}; resolve them before merging.`,
    });
  if (s.requiredSuccessfulBuilds > 0) {
    const hash = (await prSource(c.store, pr)) ?? pr.fromHash;
    const ok = c.store.builds.filter((b) => b.repo === repo.id && b.commit === hash && b.state === 'SUCCESSFUL').length;
    if (ok < s.requiredSuccessfulBuilds)
      out.push({
        summaryMessage: 'Not enough successful builds',
        detailedMessage: `You need ${s.requiredSuccessfulBuilds} successful build${s.requiredSuccessfulBuilds === 1 ? '' : 's'} on the latest commit (it has ${ok}).`,
      });
  }
  return out;
}

/** One pull request (also the answer of update and reopen). */
const getPullRequest: DcHandler = (c) => ({ status: 200, json: prJson(c.store, prOf(c).pr, c.base) });

/** The merge itself, once the route has taken the repository's lock and found no veto. */
const mergeNow: DcHandler = async (c) => {
  const { repo, pr } = prOf(c);
  if (pr.state !== 'OPEN')
    throw new DcApiError(409, `Pull request ${pr.id} is already ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
  checkVersion(c, pr);
  await merge(c, repo, pr);
  return { status: 200, json: prJson(c.store, pr, c.base) };
};

export const PULL_REQUEST_ROUTES: DcRoutes = {
  [`GET ${R}/pull-requests`]: (c) => {
    const repo = repoOf(c);
    const state = (c.query.get('state') ?? 'OPEN').toUpperCase();
    const prs = Object.values(c.store.pullRequests)
      .filter((p) => p.repo === repo.id && (state === 'ALL' || p.state === state))
      .sort((a, b) => b.id - a.id);
    return {
      status: 200,
      json: page(
        c,
        prs.map((p) => prJson(c.store, p, c.base)),
      ),
    };
  },
  [`GET ${PR}`]: getPullRequest,
  // the signed-in user's pull requests across every repository they may read (Your work): `role` AUTHOR / REVIEWER /
  // PARTICIPANT, `state` OPEN / DECLINED / MERGED (any when left out), `order` NEWEST (default) or OLDEST
  ['GET /api/latest/dashboard/pull-requests']: (c) => {
    const user = me(c).slug;
    const role = c.query.get('role')?.toUpperCase();
    const state = c.query.get('state')?.toUpperCase();
    if (role && !['AUTHOR', 'REVIEWER', 'PARTICIPANT'].includes(role))
      throw new DcApiError(
        400,
        `"${role}" is not a pull request role (AUTHOR, REVIEWER, PARTICIPANT).`,
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    if (state && !['OPEN', 'DECLINED', 'MERGED'].includes(state))
      throw new DcApiError(
        400,
        `"${state}" is not a pull request state (OPEN, DECLINED, MERGED).`,
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    const oldest = c.query.get('order')?.toUpperCase() === 'OLDEST';
    // participantStatus: the caller's own status on the pull request (UNAPPROVED, NEEDS_WORK, APPROVED), comma-separated
    const statuses = (c.query.get('participantStatus') ?? '')
      .split(',')
      .map((x) => x.trim().toUpperCase())
      .filter(Boolean);
    const prs = Object.values(c.store.pullRequests)
      .filter((p) => {
        const repo = c.store.repos[p.repo];
        if (!repo || !((c as DcContextWithLevels).canRead?.(repo) ?? true)) return false;
        if (state && p.state !== state) return false;
        return p.participants.some((x) => x.user === user && (!role || x.role === role) && (statuses.length === 0 || statuses.includes(x.status)));
      })
      .sort((a, b) => (oldest ? a.updatedDate - b.updatedDate : b.updatedDate - a.updatedDate));
    return {
      status: 200,
      json: page(
        c,
        prs.map((p) => prJson(c.store, p, c.base)),
      ),
    };
  },
  [`POST ${R}/pull-requests`]: async (c) => {
    const repo = repoOf(c);
    const user = me(c);
    const title = str(c.body.title);
    const fromRef = (c.body.fromRef ?? {}) as Record<string, unknown>;
    const toRef = (c.body.toRef ?? {}) as Record<string, unknown>;
    const from = branchName(str(fromRef.id) ?? '');
    const to = branchName(str(toRef.id) ?? `refs/heads/${repo.defaultBranch}`);
    const git = c.store.git(repo);
    // A pull request from a fork: fromRef.repository names another repository (one of this one's forks, or its origin)
    const src = fromRef.repository as { slug?: string; project?: { key?: string } } | undefined;
    const fromRepo = src?.slug && src.project?.key ? c.store.repo(src.project.key, src.slug) : repo;
    if (!fromRepo)
      throw new DcApiError(404, `Repository ${src?.project?.key}/${src?.slug} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchRepositoryException');
    const fork = fromRepo.id !== repo.id;
    if (fork && fromRepo.origin !== repo.id && repo.origin !== fromRepo.id && (repo.origin === undefined || fromRepo.origin !== repo.origin))
      throw new DcApiError(
        400,
        `${fromRepo.project}/${fromRepo.slug} is not a fork of ${repo.project}/${repo.slug}.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestTargetException',
      );
    const draft = { fromRepo: fork ? fromRepo.id : undefined, from, repo: repo.id } as DcPullRequest;
    const fromHash = fork ? await prSource(c.store, draft) : await git.resolve(from);
    const toHash = await git.resolve(to);
    if (!title || !fromHash || !toHash)
      throw new DcApiError(
        400,
        'A pull request needs a title and existing fromRef and toRef branches.',
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    if ((!fork && from === to) || (await git.mergeBase(toHash, fromHash)) === fromHash)
      throw new DcApiError(409, `${from} is already up-to-date with ${to}.`, 'com.atlassian.bitbucket.pull.EmptyPullRequestException');
    if (
      Object.values(c.store.pullRequests).some(
        (p) => p.repo === repo.id && p.state === 'OPEN' && p.from === from && p.to === to && p.fromRepo === draft.fromRepo,
      )
    )
      throw new DcApiError(
        409,
        `Only one pull request may be open for a given source and target branch.`,
        'com.atlassian.bitbucket.pull.DuplicatePullRequestException',
      );
    const id = c.store.next(`pr:${repo.id}`);
    const reviewers = Array.isArray(c.body.reviewers)
      ? (c.body.reviewers as Array<{ user?: { name?: string } }>).map((r) => r.user?.name).filter((n): n is string => !!n && !!c.store.users[n])
      : [];
    const pr: DcPullRequest = {
      id,
      repo: repo.id,
      version: 0,
      title,
      description: str(c.body.description) ?? '',
      state: 'OPEN',
      from,
      ...(fork ? { fromRepo: fromRepo.id } : {}),
      to,
      fromHash,
      toHash,
      createdDate: c.now(),
      updatedDate: c.now(),
      participants: [
        { user: user.slug, role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
        ...reviewers.filter((r) => r !== user.slug).map((r) => ({ user: r, role: 'REVIEWER' as const, approved: false, status: 'UNAPPROVED' as const })),
      ],
    };
    c.store.pullRequests[c.store.prKey(repo, id)] = pr;
    return { status: 201, json: prJson(c.store, pr, c.base) };
  },
  [`POST ${PR}/decline`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(409, `Pull request ${pr.id} is already ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
    checkVersion(c, pr);
    pr.state = 'DECLINED';
    pr.closedDate = c.now();
    pr.updatedDate = c.now();
    pr.version++;
    return { status: 200, json: prJson(c.store, pr, c.base) };
  },
  [`GET ${R}/settings/pull-requests`]: (c) => ({ status: 200, json: settingsJson(settingsOf(c.store, repoOf(c).id)) }),
  [`POST ${R}/settings/pull-requests`]: (c) => {
    const repo = repoOf(c).id;
    const s = settingsOf(c.store, repo);
    c.store.mergeSettings[repo] = s;
    const b = c.body as {
      requiredApprovers?: { enabled?: boolean; count?: string | number };
      requiredAllTasksComplete?: boolean;
      requiredSuccessfulBuilds?: { enabled?: boolean; count?: string | number };
    };
    if (b.requiredApprovers) s.requiredApprovers = b.requiredApprovers.enabled === false ? 0 : Number(b.requiredApprovers.count ?? 0) || 0;
    if (typeof b.requiredAllTasksComplete === 'boolean') s.requiredAllTasksComplete = b.requiredAllTasksComplete;
    if (b.requiredSuccessfulBuilds)
      s.requiredSuccessfulBuilds = b.requiredSuccessfulBuilds.enabled === false ? 0 : Number(b.requiredSuccessfulBuilds.count ?? 0) || 0;
    return { status: 200, json: settingsJson(s) };
  },
  [`GET ${PR}/merge`]: async (c) => {
    const { repo, pr } = prOf(c);
    if (pr.state !== 'OPEN') return { status: 200, json: { canMerge: false, conflicted: false, outcome: 'UNKNOWN', vetoes: [] } };
    const v = await vetoes(c, repo, pr);
    // conflicted: a real three-way merge of the source into the target (../../conflicts.ts)
    const git = c.store.git(repo);
    const ours = await git.resolve(pr.to);
    const theirs = await prSource(c.store, pr);
    const conflicted = ours && theirs ? (await mergeConflicts(git, ours, theirs)).length > 0 : false;
    return {
      status: 200,
      json: { canMerge: v.length === 0 && !conflicted, conflicted, outcome: conflicted ? 'CONFLICTED' : 'CLEAN', vetoes: v },
    };
  },
  [`POST ${PR}/merge`]: async (c) => {
    const { repo } = prOf(c);
    // one merge at a time per repository: a concurrent second merge of this pull request finds it merged (409)
    return exclusive(c.store, String(repo.id), async () => {
      const { pr } = prOf(c);
      if (pr.state === 'OPEN') {
        const v = await vetoes(c, repo, pr);
        if (v.length)
          throw new DcApiError(
            409,
            `Merging the pull request has been vetoed: ${v.map((x) => x.summaryMessage).join('; ')}.`,
            'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException',
          );
      }
      return mergeNow(c);
    });
  },
  [`PUT ${PR}`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(
        409,
        `Pull request ${pr.id} is ${pr.state.toLowerCase()} and cannot be updated.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestStateException',
      );
    if (typeof c.body.version !== 'number')
      throw new DcApiError(400, 'The pull request version is required to update it.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    checkVersion(c, pr);
    if (typeof c.body.title === 'string' && c.body.title) pr.title = c.body.title;
    if (typeof c.body.description === 'string') pr.description = c.body.description;
    const toRef = c.body.toRef as { id?: string } | undefined;
    if (toRef?.id) pr.to = toRef.id.replace(/^refs\/heads\//, '');
    if (Array.isArray(c.body.reviewers)) {
      const names = (c.body.reviewers as Array<{ user?: { name?: string } }>).map((r) => r.user?.name).filter((n): n is string => !!n && !!c.store.users[n]);
      const author = pr.participants.find((p) => p.role === 'AUTHOR')?.user;
      for (const p of pr.participants) if (p.role === 'REVIEWER' && !names.includes(p.user)) p.role = 'PARTICIPANT';
      for (const n of names) {
        if (n === author) continue;
        const p = pr.participants.find((x) => x.user === n);
        if (p) p.role = 'REVIEWER';
        else pr.participants.push({ user: n, role: 'REVIEWER', approved: false, status: 'UNAPPROVED' });
      }
    }
    pr.version++;
    pr.updatedDate = c.now();
    return getPullRequest(c);
  },
  [`POST ${PR}/reopen`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'DECLINED')
      throw new DcApiError(
        409,
        `Pull request ${pr.id} is ${pr.state.toLowerCase()}; only declined pull requests can be reopened.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestStateException',
      );
    checkVersion(c, pr);
    pr.state = 'OPEN';
    delete pr.closedDate;
    pr.version++;
    pr.updatedDate = c.now();
    return getPullRequest(c);
  },
  [`DELETE ${PR}`]: (c) => {
    const { repo, pr } = prOf(c);
    checkVersion(c, pr);
    const key = c.store.prKey(repo, pr.id);
    delete c.store.pullRequests[key];
    for (const comment of Object.values(c.store.comments)) if (comment.pr === key) c.store.dropComment(comment.id);
    return { status: 204 };
  },
};
