export { exclusive } from '../lock.js';
import { cachedRead } from '../read-cache.js';
import { execFile } from 'node:child_process';
import { type BareRepo, countGitInvocation, type GitCommit } from '../git.js';
import { ApiError, type Sandbox } from '../handlers/types.js';
import { newUuid, type RepositoryRecord, type UserRecord } from '../state.js';

/**
 * Pull requests: the records (stored in `SandboxData.pullrequests`, keyed by uuid, comments, tasks,
 * timeline events and merge tasks nested in their pull request) and the git work behind them —
 * merges are done for real in the bare repository with plumbing (`merge-tree --write-tree`,
 * `commit-tree`, a compare-and-swap `update-ref`).
 */

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
export type MergeStrategy = 'merge_commit' | 'squash' | 'fast_forward' | 'squash_fast_forward' | 'rebase_fast_forward' | 'rebase_merge';

export interface ParticipantRecord {
  user: string;
  role: 'PARTICIPANT' | 'REVIEWER';
  approved: boolean;
  state: 'approved' | 'changes_requested' | null;
  participated_on: string | null;
}

export interface InlineRecord {
  path: string;
  from?: number;
  to?: number;
  start_from?: number;
  start_to?: number;
}

export interface PullRequestCommentRecord {
  /** Unique across the sandbox (counter `pullrequest-comment`), as Bitbucket's are. */
  id: number;
  user: string;
  raw: string;
  created_on: string;
  updated_on: string;
  deleted: boolean;
  parent?: number;
  inline?: InlineRecord;
  resolution?: { user: string; created_on: string };
  pending: boolean;
}

export interface PullRequestTaskRecord {
  id: number;
  creator: string;
  raw: string;
  state: 'RESOLVED' | 'UNRESOLVED';
  comment?: number;
  created_on: string;
  updated_on: string;
  resolved_on?: string;
  resolved_by?: string;
  pending: boolean;
}

export interface PullRequestSnapshot {
  title: string;
  description: string;
  state: PullRequestState;
  draft: boolean;
  reason: string;
  reviewers: string[];
  source: { branch: string; commit: string };
  destination: { branch: string; commit: string };
}

export interface PullRequestEventRecord {
  kind: 'update' | 'approval' | 'changes_requested';
  user: string;
  date: string;
  /** For updates: the pull request as it was after the change. */
  snapshot?: PullRequestSnapshot;
  /** For updates: the fields that changed, `{ title: { old, new } }`. */
  changes?: Record<string, { old: unknown; new: unknown }>;
}

export interface MergeTaskRecord {
  id: string;
  user: string;
  /** PENDING answers still to give before the merge runs. */
  pending: number;
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
  params: MergeParams;
  /** The merge ran in the background (as on Bitbucket); polls still answer PENDING `pending` times, then its outcome. */
  outcome?: 'SUCCESS' | 'FAILED';
  error?: { status: number; message: string; detail?: unknown; fields?: Record<string, string[]> };
}

export interface PullRequestRecord {
  uuid: string;
  /** Repository uuid: the destination (and the source, unless `source_repository` says otherwise). */
  repository: string;
  /**
   * For a pull request from a fork: the fork's uuid. Its source branch is fetched into the destination's
   * bare repository under `forkSourceRef(pr)` (syncForkSource), so diffs, commits and merges run there.
   */
  source_repository?: string;
  id: number;
  title: string;
  description: string;
  /** User uuid. */
  author: string;
  /** `commit` is the full hash last seen (kept after the branch is gone or the PR is closed). */
  source: { branch: string; commit: string };
  destination: { branch: string; commit: string };
  state: PullRequestState;
  draft: boolean;
  close_source_branch: boolean;
  reason: string;
  /** Reviewers are the participants with role REVIEWER, in the order they were added. */
  participants: ParticipantRecord[];
  merge_commit?: string;
  closed_by?: string;
  created_on: string;
  updated_on: string;
  comments: PullRequestCommentRecord[];
  tasks: PullRequestTaskRecord[];
  events: PullRequestEventRecord[];
  merges: MergeTaskRecord[];
}

export interface MergeParams {
  strategy: MergeStrategy;
  message?: string;
  close_source_branch?: boolean;
}

// ---------- settings (per sandbox) ----------

export interface MergeSettings {
  /** PENDING answers a merge task gives before it merges (default 1; env BB_SANDBOX_MERGE_POLLS). */
  pendingPolls: number;
  /** Answer every merge with 202 + task-status, as a slow Bitbucket does (env BB_SANDBOX_MERGE_ASYNC=1). */
  alwaysAsync: boolean;
}

const SETTINGS = new WeakMap<object, MergeSettings>();

export function mergeSettings(sb: Sandbox): MergeSettings {
  let s = SETTINGS.get(sb.store);
  if (!s) {
    const polls = Number(process.env.BB_SANDBOX_MERGE_POLLS);
    s = {
      pendingPolls: Number.isInteger(polls) && polls >= 0 ? polls : 1,
      alwaysAsync: process.env.BB_SANDBOX_MERGE_ASYNC === '1' || process.env.BB_SANDBOX_MERGE_ASYNC === 'true',
    };
    SETTINGS.set(sb.store, s);
  }
  return s;
}

// ---------- lookups ----------

export function pullRequestsOf(sb: Sandbox, repo: RepositoryRecord): PullRequestRecord[] {
  return Object.values(sb.store.data.pullrequests)
    .filter((p) => p.repository === repo.uuid)
    .sort((a, b) => b.id - a.id);
}

export function findPullRequest(sb: Sandbox, repo: RepositoryRecord, rawId: string | undefined): PullRequestRecord {
  const id = Number(rawId);
  const pr = Number.isInteger(id) ? Object.values(sb.store.data.pullrequests).find((p) => p.repository === repo.uuid && p.id === id) : undefined;
  if (!pr) throw new ApiError(404, `Pull request ${rawId} not found`);
  return pr;
}

export function reviewersOf(pr: PullRequestRecord): string[] {
  return pr.participants.filter((p) => p.role === 'REVIEWER').map((p) => p.user);
}

export function snapshot(pr: PullRequestRecord): PullRequestSnapshot {
  return {
    title: pr.title,
    description: pr.description,
    state: pr.state,
    draft: pr.draft,
    reason: pr.reason,
    reviewers: reviewersOf(pr),
    source: { ...pr.source },
    destination: { ...pr.destination },
  };
}

/** Record an update in the timeline (Bitbucket's activity `update` entries). */
export function recordUpdate(pr: PullRequestRecord, user: string, date: string, before?: PullRequestSnapshot): void {
  const after = snapshot(pr);
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  if (before) {
    for (const k of ['title', 'description', 'state', 'draft'] as const) if (before[k] !== after[k]) changes[k] = { old: before[k], new: after[k] };
    if (before.destination.branch !== after.destination.branch) changes.destination = { old: before.destination.branch, new: after.destination.branch };
    if (before.reviewers.join() !== after.reviewers.join()) changes.reviewers = { old: before.reviewers, new: after.reviewers };
  }
  pr.events.push({ kind: 'update', user, date, snapshot: after, ...(before ? { changes } : {}) });
}

/** The participant record of a user, created as PARTICIPANT when missing. */
export function participant(pr: PullRequestRecord, user: string): ParticipantRecord {
  let p = pr.participants.find((x) => x.user === user);
  if (!p) {
    p = { user, role: 'PARTICIPANT', approved: false, state: null, participated_on: null };
    pr.participants.push(p);
  }
  return p;
}

/** Reviewers from a body: `[{uuid}]`, `[{account_id}]` (or plain strings); 400 for unknown users or the author. */
export function parseReviewers(sb: Sandbox, value: unknown, author: UserRecord): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ApiError(400, 'reviewers: Malformed reviewers list', undefined, { reviewers: ['Malformed reviewers list'] });
  const out: string[] = [];
  for (const item of value) {
    const ref =
      typeof item === 'string'
        ? item
        : item && typeof item === 'object'
          ? ((item as Record<string, unknown>).uuid ?? (item as Record<string, unknown>).account_id ?? (item as Record<string, unknown>).username)
          : undefined;
    if (typeof ref !== 'string' || !ref) throw new ApiError(400, 'reviewers: Malformed reviewers list', undefined, { reviewers: ['Malformed reviewers list'] });
    const user = sb.store.user(ref);
    if (!user) throw new ApiError(400, `reviewers: ${ref} is not a valid user`, undefined, { reviewers: [`${ref} is not a valid user`] });
    if (user.uuid === author.uuid) {
      const msg = `${user.display_name} is the author and cannot be included as a reviewer.`;
      throw new ApiError(400, `reviewers: ${msg}`, undefined, { reviewers: [msg] });
    }
    if (!out.includes(user.uuid)) out.push(user.uuid);
  }
  return out;
}

/** Make `reviewers` the REVIEWER participants, keeping others' approvals and comment history. */
export function setReviewers(pr: PullRequestRecord, reviewers: string[]): void {
  for (const p of pr.participants) if (p.role === 'REVIEWER' && !reviewers.includes(p.user)) p.role = 'PARTICIPANT';
  for (const uuid of reviewers) participant(pr, uuid).role = 'REVIEWER';
  // Drop participants that no longer have a reason to be listed.
  pr.participants = pr.participants.filter((p) => p.role === 'REVIEWER' || p.approved || p.state !== null || p.participated_on !== null);
  // Reviewers in the given order first, as Bitbucket lists them.
  pr.participants.sort((a, b) => {
    const ia = reviewers.indexOf(a.user);
    const ib = reviewers.indexOf(b.user);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
}

export function newPullRequest(
  sb: Sandbox,
  repo: RepositoryRecord,
  o: {
    title: string;
    description: string;
    author: string;
    source: { branch: string; commit: string };
    destination: { branch: string; commit: string };
    reviewers: string[];
    close_source_branch: boolean;
    draft: boolean;
    date?: string;
    /** A fork of `repo` the source branch lives in. */
    sourceRepository?: RepositoryRecord;
  },
): PullRequestRecord {
  const date = o.date ?? sb.now().toISOString();
  const pr: PullRequestRecord = {
    uuid: newUuid(),
    repository: repo.uuid,
    ...(o.sourceRepository && o.sourceRepository.uuid !== repo.uuid ? { source_repository: o.sourceRepository.uuid } : {}),
    id: sb.store.next(`pullrequest:${repo.uuid}`),
    title: o.title,
    description: o.description,
    author: o.author,
    source: o.source,
    destination: o.destination,
    state: 'OPEN',
    draft: o.draft,
    close_source_branch: o.close_source_branch,
    reason: '',
    participants: [],
    created_on: date,
    updated_on: date,
    comments: [],
    tasks: [],
    events: [],
    merges: [],
  };
  setReviewers(pr, o.reviewers);
  recordUpdate(pr, o.author, date);
  sb.store.data.pullrequests[pr.uuid] = pr;
  return pr;
}

/** Add a comment (replies inherit their parent's inline anchor); commenting makes a participant. */
export function addComment(
  sb: Sandbox,
  pr: PullRequestRecord,
  user: string,
  raw: string,
  date: string,
  o: { parent?: PullRequestCommentRecord; inline?: InlineRecord; pending?: boolean } = {},
): PullRequestCommentRecord {
  const inline = o.inline ?? (o.parent?.inline ? { ...o.parent.inline } : undefined);
  const comment: PullRequestCommentRecord = {
    id: sb.store.next('pullrequest-comment'),
    user,
    raw,
    created_on: date,
    updated_on: date,
    deleted: false,
    ...(o.parent ? { parent: o.parent.id } : {}),
    ...(inline ? { inline } : {}),
    pending: o.pending === true,
  };
  pr.comments.push(comment);
  pr.updated_on = date;
  participant(pr, user).participated_on = date;
  return comment;
}

/** Approve as `user` (clears a change request); returns whether anything changed. */
export function approve(pr: PullRequestRecord, user: string, date: string): boolean {
  const p = participant(pr, user);
  if (p.approved) return false;
  pr.events = pr.events.filter((e) => !(e.user === user && (e.kind === 'approval' || e.kind === 'changes_requested')));
  pr.events.push({ kind: 'approval', user, date });
  p.participated_on = date;
  p.approved = true;
  p.state = 'approved';
  return true;
}

export function declinePullRequest(pr: PullRequestRecord, by: string, date: string, reason?: string): void {
  const before = snapshot(pr);
  pr.state = 'DECLINED';
  pr.closed_by = by;
  if (reason !== undefined) pr.reason = reason;
  pr.updated_on = date;
  recordUpdate(pr, by, date, before);
}

// ---------- git ----------

/** The hidden ref of the destination repository that holds the source branch of a pull request from a fork. */
export function forkSourceRef(pr: PullRequestRecord): string {
  return `refs/pull-requests/${pr.id}/from`;
}

/** The repository the source branch lives in (the fork, or the destination itself); undefined once a fork is deleted. */
export function sourceRepositoryOf(sb: Sandbox, pr: PullRequestRecord): RepositoryRecord | undefined {
  return sb.store.data.repositories[pr.source_repository ?? pr.repository];
}

/**
 * The live head of the source branch of an open pull request from a fork, fetched (when it moved) from the
 * fork's bare repository into the destination's under `forkSourceRef(pr)`; undefined when the fork or the
 * branch is gone (the hidden ref keeps the last commit, as the record does).
 */
export function syncForkSource(sb: Sandbox, pr: PullRequestRecord): Promise<string | undefined> {
  // once per store generation: the fork's branch moves only with a push or a write, which start a new one, so
  // reads in between start no git at all (before: two `git rev-parse` per read of each fork pull request)
  return cachedRead(sb.store, `fork source ${pr.repository} ${pr.id}`, () => fetchForkSource(sb, pr));
}

async function fetchForkSource(sb: Sandbox, pr: PullRequestRecord): Promise<string | undefined> {
  const dst = sb.store.data.repositories[pr.repository];
  const fork = pr.source_repository ? sb.store.data.repositories[pr.source_repository] : undefined;
  if (!dst || !fork) return undefined;
  const head = await sb.git(fork).resolve(`refs/heads/${pr.source.branch}`);
  if (!head) return undefined;
  const git = sb.git(dst);
  const held = await git.resolve(forkSourceRef(pr));
  if (held !== head) {
    // Hidden from clones, fetches and pushes of the destination, as Bitbucket's own pull request refs are.
    if (!held) await git.git(['config', 'transfer.hideRefs', 'refs/pull-requests']);
    await git.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', sb.store.gitDir(fork), `+refs/heads/${pr.source.branch}:${forkSourceRef(pr)}`]);
  }
  return head;
}

/**
 * Live source/destination heads of an open pull request (branches move with pushes; a fork's branch is
 * fetched first). Like Bitbucket, an open pull request whose source commits all reached the destination
 * (merged with a push outside the API) becomes MERGED.
 */
export async function refreshHeads(sb: Sandbox, repo: RepositoryRecord, pr: PullRequestRecord, branches?: Map<string, string>): Promise<void> {
  if (pr.state !== 'OPEN') return;
  const heads = branches ?? new Map((await sb.git(repo).branches()).map((b) => [b.name, b.target]));
  const src = pr.source_repository ? await syncForkSource(sb, pr) : heads.get(pr.source.branch);
  const dst = heads.get(pr.destination.branch);
  const moved = src !== pr.source.commit || dst !== pr.destination.commit;
  if (src && dst && moved && pr.merges.every((m) => m.status !== 'PENDING') && (await sb.git(repo).mergeBase(src, dst)) === src) {
    const before = snapshot(pr);
    const date = new Date().toISOString();
    pr.source.commit = src;
    pr.state = 'MERGED';
    pr.merge_commit = dst;
    pr.updated_on = date;
    recordUpdate(pr, pr.author, date, before);
    return;
  }
  pr.source.commit = src ?? pr.source.commit;
  pr.destination.commit = dst ?? pr.destination.commit;
}

/** The commits of a pull request: on the source, not on the destination, newest first. */
export async function prCommits(git: BareRepo, pr: PullRequestRecord, skip: number, count: number): Promise<GitCommit[]> {
  if (!pr.source.commit) return [];
  return git.log([pr.source.commit], pr.destination.commit ? [pr.destination.commit] : [], skip, count);
}

interface MergeTreeResult {
  clean: boolean;
  tree: string;
  conflicts: string[];
}

/** `git merge-tree --write-tree` (git ≥ 2.38): exit 1 means conflicts, with the paths listed. */
function mergeTree(git: BareRepo, ours: string, theirs: string): Promise<MergeTreeResult> {
  countGitInvocation();
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['--git-dir', git.gitDir, 'merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (error as unknown as { code?: number | string }).code : 0;
        const lines = String(stdout).split('\n').filter(Boolean);
        if (code === 0 || code === 1) {
          resolve({ clean: code === 0, tree: lines[0] ?? '', conflicts: [...new Set(lines.slice(1))] });
        } else {
          reject(new Error(`git merge-tree failed: ${String(stderr).trim()}`));
        }
      },
    );
  });
}

async function isAncestor(git: BareRepo, a: string, b: string): Promise<boolean> {
  return (await git.mergeBase(a, b)) === a;
}

function conflictError(conflicts: string[]): ApiError {
  return new ApiError(409, 'Merge conflicts detected; resolve them on the source branch and try again.', `Conflicting files: ${conflicts.join(', ')}`);
}

function identity(user: UserRecord, date: string): { name: string; email: string; date: string } {
  return { name: user.display_name, email: user.email, date };
}

async function commitTree(git: BareRepo, tree: string, parents: string[], message: string, user: UserRecord, date: string): Promise<string> {
  const args = ['commit-tree', tree];
  for (const p of parents) args.push('-p', p);
  const who = identity(user, date);
  return (
    await git.git(args, message, {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: who.date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: who.date,
    })
  ).trim();
}

/** Bitbucket's default merge message. */
export async function defaultMergeMessage(sb: Sandbox, git: BareRepo, pr: PullRequestRecord, strategy: MergeStrategy): Promise<string> {
  const commits = await prCommits(git, pr, 0, 50);
  const approvers = pr.participants
    .filter((p) => p.approved)
    .map((p) => sb.store.data.users[p.user])
    .filter((u): u is UserRecord => u !== undefined)
    .map((u) => `Approved-by: ${u.display_name}`);
  const head = strategy === 'merge_commit' ? `Merged in ${pr.source.branch} (pull request #${pr.id})\n\n${pr.title}` : `${pr.title} (pull request #${pr.id})`;
  const bullets = commits.map((c) => `* ${c.message.trim().split('\n')[0]}`);
  return `${[head, bullets.join('\n'), approvers.join('\n')].filter(Boolean).join('\n\n')}\n`;
}

/**
 * Merge an open pull request for real: writes the commit(s), moves the destination branch with a
 * compare-and-swap, optionally deletes the source branch, and closes the record.
 */
export async function mergePullRequest(
  sb: Sandbox,
  repo: RepositoryRecord,
  pr: PullRequestRecord,
  user: UserRecord,
  params: MergeParams,
  date = sb.now().toISOString(),
): Promise<void> {
  if (pr.state !== 'OPEN') throw new ApiError(400, `You can't merge a pull request that is ${pr.state.toLowerCase()}.`);
  const git = sb.git(repo);
  const src = pr.source_repository ? await syncForkSource(sb, pr) : await git.resolve(`refs/heads/${pr.source.branch}`);
  if (!src) throw new ApiError(400, `The source branch "${pr.source.branch}" no longer exists.`);
  const dst = await git.resolve(`refs/heads/${pr.destination.branch}`);
  if (!dst) throw new ApiError(400, `The destination branch "${pr.destination.branch}" no longer exists.`);
  pr.source.commit = src;
  pr.destination.commit = dst;
  const message = params.message?.trim() ? `${params.message.replace(/\s+$/, '')}\n` : await defaultMergeMessage(sb, git, pr, params.strategy);
  const canFastForward = await isAncestor(git, dst, src);
  let result: string;
  switch (params.strategy) {
    case 'merge_commit':
    case 'squash': {
      const merged = await mergeTree(git, dst, src);
      if (!merged.clean) throw conflictError(merged.conflicts);
      result = await commitTree(git, merged.tree, params.strategy === 'squash' ? [dst] : [dst, src], message, user, date);
      break;
    }
    case 'fast_forward':
      if (!canFastForward) {
        throw new ApiError(
          400,
          `Unable to fast-forward: the destination branch "${pr.destination.branch}" has commits that are not on the source branch. Rebase the source branch or pick another merge strategy.`,
        );
      }
      result = src;
      break;
    case 'squash_fast_forward': {
      if (!canFastForward) {
        throw new ApiError(
          400,
          `Unable to squash and fast-forward: the destination branch "${pr.destination.branch}" has commits that are not on the source branch.`,
        );
      }
      const tree = (await git.git(['rev-parse', `${src}^{tree}`])).trim();
      result = await commitTree(git, tree, [dst], message, user, date);
      break;
    }
    default:
      throw new ApiError(400, `The merge strategy "${params.strategy}" is not supported by the bb sandbox.`, undefined, {
        merge_strategy: ['supported here: merge_commit, squash, fast_forward, squash_fast_forward'],
      });
  }
  try {
    await git.git(['update-ref', '-m', `pull request #${pr.id}`, `refs/heads/${pr.destination.branch}`, result, dst]);
  } catch {
    throw new ApiError(409, 'Unable to merge because one of the refs involved changed while attempting to merge. Try again.');
  }
  const before = snapshot(pr);
  const close = params.close_source_branch ?? pr.close_source_branch;
  const srcRepo = sourceRepositoryOf(sb, pr);
  if (close && srcRepo && pr.source.branch !== srcRepo.mainbranch && (pr.source_repository || pr.source.branch !== pr.destination.branch)) {
    await sb
      .git(srcRepo)
      .git(['update-ref', '-d', `refs/heads/${pr.source.branch}`, src])
      .catch(() => {});
  }
  pr.close_source_branch = close;
  pr.state = 'MERGED';
  pr.merge_commit = result;
  pr.closed_by = user.uuid;
  pr.updated_on = date;
  recordUpdate(pr, user.uuid, date, before);
  repo.updated_on = date;
}

export function parseMergeParams(body: Record<string, unknown>, pr: PullRequestRecord): MergeParams {
  const strategies: MergeStrategy[] = ['merge_commit', 'squash', 'fast_forward', 'squash_fast_forward', 'rebase_fast_forward', 'rebase_merge'];
  const raw = body.merge_strategy ?? 'merge_commit';
  if (typeof raw !== 'string' || !strategies.includes(raw as MergeStrategy)) {
    throw new ApiError(400, `merge_strategy: "${String(raw)}" is not a valid merge strategy`, undefined, {
      merge_strategy: [`must be one of ${strategies.join(', ')}`],
    });
  }
  if (body.message !== undefined && typeof body.message !== 'string')
    throw new ApiError(400, 'message: must be a string', undefined, { message: ['must be a string'] });
  if (typeof body.message === 'string' && Buffer.byteLength(body.message) > 128 * 1024)
    throw new ApiError(400, 'message: the commit message is limited to 128 KiB');
  if (body.close_source_branch !== undefined && typeof body.close_source_branch !== 'boolean') {
    throw new ApiError(400, 'close_source_branch: must be a boolean', undefined, { close_source_branch: ['must be a boolean'] });
  }
  return {
    strategy: raw as MergeStrategy,
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
    close_source_branch: typeof body.close_source_branch === 'boolean' ? body.close_source_branch : pr.close_source_branch,
  };
}

/**
 * Admin (`POST /_sandbox/faults`): `{"mergePolls": n}` sets the PENDING answers of merge tasks,
 * `{"mergeAsync": true}` answers every merge with 202 + task-status. Returns the current values.
 */
export function configureMerges(sb: Sandbox, body: Record<string, unknown> = {}): { mergePolls: number; mergeAsync: boolean } {
  const s = mergeSettings(sb);
  if (body.mergePolls !== undefined) {
    const n = Number(body.mergePolls);
    if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error('mergePolls must be a whole number from 0 to 1000');
    s.pendingPolls = n;
  }
  if (body.mergeAsync !== undefined) s.alwaysAsync = body.mergeAsync === true;
  return { mergePolls: s.pendingPolls, mergeAsync: s.alwaysAsync };
}
