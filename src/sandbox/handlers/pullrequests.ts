import { cachedRead } from '../read-cache.js';
import { rendered } from '../markdown.js';
import { randomUUID } from 'node:crypto';
import {
  exclusive,
  addComment,
  approve,
  declinePullRequest,
  findPullRequest,
  type MergeTaskRecord,
  mergePullRequest,
  mergeSettings,
  newPullRequest,
  type PullRequestCommentRecord,
  type PullRequestEventRecord,
  type PullRequestRecord,
  type PullRequestSnapshot,
  type PullRequestTaskRecord,
  parseMergeParams,
  parseReviewers,
  participant,
  prCommits,
  pullRequestsOf,
  recordUpdate,
  refreshHeads,
  reviewersOf,
  setReviewers,
  snapshot,
  sourceRepositoryOf,
  syncForkSource,
} from '../model/pullrequests.js';
import type { RepositoryRecord, UserRecord } from '../state.js';
import { mergeRefusal, unmetMergeChecks } from '../model/branch-restrictions.js';
import { accountRef, commitJson, MERGE_STRATEGIES, repositoryRef, statusJson, userJson } from '../wire.js';
import { bodyObject, envelope, page, pageParams, repoOf, workspaceOf as workspaceParam } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent, type Reply, type Sandbox } from './types.js';

/**
 * Pull requests: create/list/view/update, diff/diffstat/patch/commits (git), comments (inline,
 * replies, resolve), tasks, activity, approve/request-changes, decline, merge (real git, sync or
 * 202 + task-status), statuses, effective default reviewers. Shapes follow the spec's schemas.
 */

const PR_BASE = '/repositories/{workspace}/{repo_slug}/pullrequests';
const link = (href: string) => ({ href });
const short = (hash: string) => hash.slice(0, 12);

function account(sb: Sandbox, uuid: string | undefined): Record<string, unknown> | null {
  const u = uuid ? sb.store.data.users[uuid] : undefined;
  return u ? accountRef(sb.urls, u) : null;
}

function prPath(repo: RepositoryRecord, id: number): string {
  return `/repositories/${repo.workspace}/${repo.slug}/pullrequests/${id}`;
}

function prHtml(sb: Sandbox, repo: RepositoryRecord, id: number): string {
  return sb.urls.html(`/${repo.workspace}/${repo.slug}/pull-requests/${id}`);
}

// ---------- wire shapes ----------

/** `repo` undefined: a fork that was deleted since (Bitbucket then answers `repository: null`). */
function endpointJson(sb: Sandbox, repo: RepositoryRecord | undefined, e: { branch: string; commit: string }, destination: boolean): Record<string, unknown> {
  return {
    branch: { name: e.branch, ...(destination ? { merge_strategies: MERGE_STRATEGIES, default_merge_strategy: 'merge_commit' } : {}) },
    commit: e.commit ? { hash: short(e.commit) } : null,
    repository: repo ? repositoryRef(sb.urls, repo) : null,
  };
}

/** The short pull request shape embedded in comments and activity. */
function prRef(sb: Sandbox, repo: RepositoryRecord, pr: { id: number; title: string }): Record<string, unknown> {
  return {
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    links: { self: link(sb.urls.api(prPath(repo, pr.id))), html: link(prHtml(sb, repo, pr.id)) },
  };
}

function participantJson(sb: Sandbox, p: PullRequestRecord['participants'][number]): Record<string, unknown> {
  return {
    type: 'participant',
    user: account(sb, p.user),
    role: p.role,
    approved: p.approved,
    state: p.state,
    participated_on: p.participated_on,
  };
}

/**
 * Bitbucket's own link to a pull request's diff (what Cloud puts in `links.diff` / `links.diffstat` and where
 * `pullrequests/{id}/diff` redirects): `diff/{source ws}/{source repo}:{source}%0D{destination}?from_pullrequest_id=…&topic=true`.
 * Undefined when a side has no commit.
 */
function diffLink(
  sb: Sandbox,
  repo: RepositoryRecord,
  pr: PullRequestRecord,
  kind: 'diff' | 'diffstat' | 'patch',
  query?: URLSearchParams,
): string | undefined {
  if (!pr.source.commit || !pr.destination.commit) return undefined;
  const src = sourceRepositoryOf(sb, pr) ?? repo;
  const q = new URLSearchParams(query);
  q.set('from_pullrequest_id', String(pr.id));
  q.set('topic', 'true');
  const spec = `${encodeURIComponent(src.workspace)}/${encodeURIComponent(src.slug)}:${short(pr.source.commit)}%0D${short(pr.destination.commit)}`;
  return sb.urls.api(`/repositories/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}/${kind}/${spec}?${q.toString()}`);
}

export function pullRequestJson(sb: Sandbox, repo: RepositoryRecord, pr: PullRequestRecord): Record<string, unknown> {
  const base = prPath(repo, pr.id);
  const api = (p: string) => link(sb.urls.api(`${base}${p}`));
  return {
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    description: pr.description,
    rendered: { title: rendered(pr.title), description: rendered(pr.description), reason: rendered(pr.reason) },
    summary: rendered(pr.description),
    state: pr.state,
    draft: pr.draft,
    queued: pr.merges.some((m) => m.status === 'PENDING'),
    author: account(sb, pr.author),
    source: endpointJson(sb, sourceRepositoryOf(sb, pr), pr.source, false),
    destination: endpointJson(sb, repo, pr.destination, true),
    merge_commit: pr.merge_commit ? { hash: short(pr.merge_commit) } : null,
    comment_count: pr.comments.filter((x) => !x.deleted && !x.pending).length,
    task_count: pr.tasks.filter((t) => t.state === 'UNRESOLVED').length,
    close_source_branch: pr.close_source_branch,
    closed_by: pr.state === 'MERGED' || pr.state === 'DECLINED' ? account(sb, pr.closed_by) : null,
    reason: pr.reason,
    created_on: pr.created_on,
    updated_on: pr.updated_on,
    reviewers: reviewersOf(pr).map((u) => account(sb, u)),
    participants: pr.participants.map((p) => participantJson(sb, p)),
    links: {
      self: api(''),
      html: link(prHtml(sb, repo, pr.id)),
      commits: api('/commits'),
      approve: api('/approve'),
      diff: link(diffLink(sb, repo, pr, 'diff') ?? sb.urls.api(`${base}/diff`)),
      diffstat: link(diffLink(sb, repo, pr, 'diffstat') ?? sb.urls.api(`${base}/diffstat`)),
      comments: api('/comments'),
      activity: api('/activity'),
      merge: api('/merge'),
      decline: api('/decline'),
    },
  };
}

function commentJson(sb: Sandbox, repo: RepositoryRecord, pr: PullRequestRecord, k: PullRequestCommentRecord): Record<string, unknown> {
  const self = `${prPath(repo, pr.id)}/comments/${k.id}`;
  const html = `${prHtml(sb, repo, pr.id)}/_/diff#comment-${k.id}`;
  const parent = k.parent !== undefined ? pr.comments.find((x) => x.id === k.parent) : undefined;
  return {
    type: 'pullrequest_comment',
    id: k.id,
    created_on: k.created_on,
    updated_on: k.updated_on,
    content: rendered(k.deleted ? '' : k.raw),
    user: account(sb, k.user),
    deleted: k.deleted,
    ...(parent
      ? {
          parent: {
            type: 'pullrequest_comment',
            id: parent.id,
            links: {
              self: link(sb.urls.api(`${prPath(repo, pr.id)}/comments/${parent.id}`)),
              html: link(`${prHtml(sb, repo, pr.id)}/_/diff#comment-${parent.id}`),
            },
          },
        }
      : {}),
    ...(k.inline
      ? {
          inline: {
            from: k.inline.from ?? null,
            to: k.inline.to ?? null,
            ...(k.inline.start_from !== undefined ? { start_from: k.inline.start_from } : {}),
            ...(k.inline.start_to !== undefined ? { start_to: k.inline.start_to } : {}),
            path: k.inline.path,
          },
        }
      : {}),
    ...(k.resolution ? { resolution: { type: 'comment_resolution', user: account(sb, k.resolution.user), created_on: k.resolution.created_on } } : {}),
    pending: k.pending,
    pullrequest: prRef(sb, repo, pr),
    links: {
      self: link(sb.urls.api(self)),
      html: link(html),
      ...(k.inline ? { code: link(sb.urls.api(`${prPath(repo, pr.id)}/diff?path=${encodeURIComponent(k.inline.path)}`)) } : {}),
    },
  };
}

function taskJson(sb: Sandbox, repo: RepositoryRecord, pr: PullRequestRecord, t: PullRequestTaskRecord): Record<string, unknown> {
  const comment = t.comment !== undefined ? pr.comments.find((x) => x.id === t.comment) : undefined;
  return {
    id: t.id,
    created_on: t.created_on,
    updated_on: t.updated_on,
    state: t.state,
    content: rendered(t.raw),
    creator: account(sb, t.creator),
    pending: t.pending,
    ...(t.resolved_on ? { resolved_on: t.resolved_on, resolved_by: account(sb, t.resolved_by) } : {}),
    ...(comment
      ? {
          comment: {
            type: 'pullrequest_comment',
            id: comment.id,
            links: {
              self: link(sb.urls.api(`${prPath(repo, pr.id)}/comments/${comment.id}`)),
              html: link(`${prHtml(sb, repo, pr.id)}/_/diff#comment-${comment.id}`),
            },
          },
        }
      : {}),
    links: {
      self: link(sb.urls.api(`${prPath(repo, pr.id)}/tasks/${t.id}`)),
      html: link(`${prHtml(sb, repo, pr.id)}/_/diff#task-${t.id}`),
    },
  };
}

function snapshotJson(sb: Sandbox, repo: RepositoryRecord, s: PullRequestSnapshot, srcRepo: RepositoryRecord | undefined): Record<string, unknown> {
  return {
    state: s.state,
    draft: s.draft,
    title: s.title,
    description: s.description,
    reason: s.reason,
    reviewers: s.reviewers.map((u) => account(sb, u)),
    source: endpointJson(sb, srcRepo, s.source, false),
    destination: endpointJson(sb, repo, s.destination, true),
  };
}

function activityOf(sb: Sandbox, repo: RepositoryRecord, pr: PullRequestRecord): Array<{ date: string; item: Record<string, unknown> }> {
  const ref = prRef(sb, repo, pr);
  const out: Array<{ date: string; item: Record<string, unknown> }> = [];
  for (const e of pr.events as PullRequestEventRecord[]) {
    if (e.kind === 'update' && e.snapshot) {
      const changes = e.changes ? Object.fromEntries(Object.entries(e.changes).map(([k, v]) => [k, { old: v.old, new: v.new }])) : undefined;
      out.push({
        date: e.date,
        item: {
          update: {
            ...snapshotJson(sb, repo, e.snapshot, sourceRepositoryOf(sb, pr)),
            author: account(sb, e.user),
            date: e.date,
            ...(changes ? { changes } : {}),
          },
          pull_request: ref,
        },
      });
    } else if (e.kind === 'approval') {
      out.push({ date: e.date, item: { approval: { date: e.date, user: account(sb, e.user), pullrequest: ref }, pull_request: ref } });
    } else if (e.kind === 'changes_requested') {
      out.push({ date: e.date, item: { changes_requested: { date: e.date, user: account(sb, e.user), pullrequest: ref }, pull_request: ref } });
    }
  }
  for (const k of pr.comments) if (!k.deleted) out.push({ date: k.created_on, item: { comment: commentJson(sb, repo, pr, k), pull_request: ref } });
  return out;
}

// ---------- helpers ----------

async function loadPr(c: HandlerContext): Promise<{ repo: RepositoryRecord; pr: PullRequestRecord }> {
  const repo = repoOf(c);
  const pr = findPullRequest(c.sb, repo, c.params.pull_request_id);
  await refreshHeads(c.sb, repo, pr);
  return { repo, pr };
}

function field(message: string, name: string): ApiError {
  return new ApiError(400, `${name}: ${message}`, undefined, { [name]: [message] });
}

function branchName(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const b = (v as Record<string, unknown>).branch;
  if (!b || typeof b !== 'object') return undefined;
  const n = (b as Record<string, unknown>).name;
  return typeof n === 'string' && n ? n : undefined;
}

/** The repository named by `source.repository` / `destination.repository` (`full_name` or `uuid`), or `repo` when none is. */
function endpointRepo(c: HandlerContext, repo: RepositoryRecord, v: unknown, name: string): RepositoryRecord {
  const r = v && typeof v === 'object' ? (v as Record<string, unknown>).repository : undefined;
  if (!r || typeof r !== 'object') return repo;
  const full = (r as Record<string, unknown>).full_name;
  const uuid = (r as Record<string, unknown>).uuid;
  let named: RepositoryRecord | undefined;
  if (typeof full === 'string') {
    const [ws = '', slug = ''] = full.split('/');
    named = c.sb.store.repository(ws, slug);
    if (!named) throw field(`Repository not found: ${full}`, name);
  }
  if (typeof uuid === 'string') {
    const byUuid = c.sb.store.data.repositories[uuid];
    if (!byUuid || (named && named.uuid !== byUuid.uuid)) throw field(`Repository not found: ${uuid}`, name);
    named = byUuid;
  }
  return named ?? repo;
}

function checkSameRepo(c: HandlerContext, repo: RepositoryRecord, v: unknown, name: string): void {
  if (endpointRepo(c, repo, v, name).uuid !== repo.uuid) {
    throw field('the destination of a pull request is the repository it is created in', name);
  }
}

/** The source repository of a new pull request: the destination itself or a fork of it. */
function sourceRepo(c: HandlerContext, repo: RepositoryRecord, v: unknown): RepositoryRecord {
  const src = endpointRepo(c, repo, v, 'source');
  if (src.uuid !== repo.uuid && src.parent !== repo.uuid) {
    throw field(`${src.workspace}/${src.slug} is not a fork of ${repo.workspace}/${repo.slug}`, 'source');
  }
  return src;
}

function contentRaw(body: Record<string, unknown>, required: boolean): string | undefined {
  const content = body.content;
  if (content === undefined && !required) return undefined;
  const raw = content && typeof content === 'object' ? (content as Record<string, unknown>).raw : undefined;
  if (typeof raw !== 'string' || (required && raw.trim() === '')) throw field('This field is required.', 'content');
  return raw;
}

function positive(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw field('must be a whole number ≥ 1', name);
  return v;
}

function touch(c: HandlerContext, pr: PullRequestRecord): string {
  const date = c.sb.now().toISOString();
  pr.updated_on = date;
  return date;
}

function requireOpen(pr: PullRequestRecord, action: string): void {
  if (pr.state !== 'OPEN') throw new ApiError(400, `You can't ${action} a pull request that is ${pr.state.toLowerCase()}.`);
}

function commentOf(pr: PullRequestRecord, raw: string | undefined): PullRequestCommentRecord {
  const k = pr.comments.find((x) => String(x.id) === raw);
  if (!k) throw new ApiError(404, `Comment ${raw} not found`);
  return k;
}

function taskOf(pr: PullRequestRecord, raw: string | undefined): PullRequestTaskRecord {
  const t = pr.tasks.find((x) => String(x.id) === raw);
  if (!t) throw new ApiError(404, `Task ${raw} not found`);
  return t;
}

/** Diff and diffstat redirect (302) to the repository's, with the pull request's revspec, as Bitbucket does. */
async function redirectToRepoDiff(c: HandlerContext, kind: 'diff' | 'diffstat' | 'patch'): Promise<Reply> {
  const { repo, pr } = await loadPr(c);
  const q = new URLSearchParams(c.query);
  let location = diffLink(c.sb, repo, pr, kind, q);
  if (location === undefined) {
    q.set('topic', 'true');
    q.set('from_pullrequest_id', String(pr.id));
    const spec = `${pr.source.commit}..${pr.destination.commit}`;
    location = c.sb.urls.api(`/repositories/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}/${kind}/${spec}?${q.toString()}`);
  }
  return { status: 302, headers: { Location: location } };
}

/** Webhook events (events.ts): Bitbucket's `pullrequest:*` keys with the pull request in the payload. */
function emit(
  c: HandlerContext,
  key: string,
  repo: RepositoryRecord,
  pr: PullRequestRecord,
  extra: Record<string, unknown> = {},
  actor: UserRecord = c.user,
): void {
  c.sb.events.emit(`pullrequest:${key}`, { repository: repo, actor, data: { pullrequest: pullRequestJson(c.sb, repo, pr), ...extra } });
}

/**
 * The destination's branch restrictions on a merge: `restrict_merges` (403 for a user it does not list) and, when an
 * `enforce_merge_checks` restriction covers the branch, the merge checks (400 naming the unmet ones in `detail`).
 */
function enforceMergeRestrictions(c: HandlerContext, repo: RepositoryRecord, pr: PullRequestRecord): void {
  const branch = pr.destination.branch;
  const refused = mergeRefusal(c.sb, repo, branch, c.user);
  if (refused) throw new ApiError(403, refused);
  const builds = Object.values(c.sb.store.data.statuses).filter((s) => s.repository === repo.uuid && s.commit === pr.source.commit);
  const unmet = unmetMergeChecks(c.sb, repo, branch, {
    approvals: pr.participants.filter((p) => p.approved).length,
    defaultReviewerApprovals: pr.participants.filter((p) => p.approved && repo.default_reviewers.includes(p.user)).length,
    successfulBuilds: builds.filter((s) => s.state === 'SUCCESSFUL').length,
    unfinishedOrFailedBuilds: builds.filter((s) => s.state !== 'SUCCESSFUL').length,
    openTasks: pr.tasks.filter((t) => t.state === 'UNRESOLVED').length,
    changesRequested: pr.participants.filter((p) => p.state === 'changes_requested').length,
  });
  if (unmet.length) throw new ApiError(400, "You can't merge until you resolve all merge checks.", unmet.join('; '));
}

function mergeTaskUrl(c: HandlerContext, repo: RepositoryRecord, pr: PullRequestRecord, task: MergeTaskRecord): string {
  return c.sb.urls.api(`${prPath(repo, pr.id)}/merge/task-status/${task.id}`);
}

/**
 * Without `q=` and sorted on a plain record field (or not at all), page the records first and build
 * wire JSON only for the page: long lists (benchmarks) cost O(page), not O(list), per request.
 */
function pageOfRecords(c: HandlerContext, repo: RepositoryRecord, list: PullRequestRecord[]): Record<string, unknown> {
  const { pagelen, page: n } = pageParams(c);
  const start = (n - 1) * pagelen;
  const values = list.slice(start, start + pagelen).map((p) => pullRequestJson(c.sb, repo, p));
  return envelope(c, values, { pagelen, page: n, size: list.length, hasNext: start + pagelen < list.length });
}

/** Records sorted as `sort=` sorts their JSON (id, created_on, updated_on; `-` descending; ties keep their order). */
function sortRecords(prs: PullRequestRecord[], sort: string): PullRequestRecord[] {
  const key = sort.replace(/^[-+]/, '');
  if (!key) return prs;
  const field = key as 'id' | 'created_on' | 'updated_on';
  const dir = sort.startsWith('-') ? -1 : 1;
  return prs
    .map((p, index) => ({ p, index }))
    .sort((a, b) => (a.p[field] < b.p[field] ? -dir : a.p[field] > b.p[field] ? dir : 0) || a.index - b.index)
    .map((x) => x.p);
}

/**
 * A repository's pull requests (newest first) with their heads refreshed (branches move with pushes; a fork's
 * source is fetched when it moved): once per store generation, shared by every page of a list and by every
 * list until the next write or push (read-cache.ts). Before, each page re-read, refreshed and sorted all of
 * them: a page cost grew with the total.
 */
function refreshedPullRequests(sb: HandlerContext['sb'], repo: RepositoryRecord): Promise<PullRequestRecord[]> {
  return cachedRead(sb.store, `pullrequests ${repo.uuid}`, async () => {
    const heads = new Map((await sb.git(repo).branches()).map((b) => [b.name, b.target]));
    const prs = pullRequestsOf(sb, repo);
    for (const p of prs) await refreshHeads(sb, repo, p, heads);
    return prs;
  });
}

// ---------- handlers ----------

export const handlers: HandlerMap = {
  [`GET ${PR_BASE}`]: async (c) => {
    const repo = repoOf(c);
    const states = c.query.getAll('state').map((s) => s.toUpperCase());
    for (const s of states)
      if (!['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'].includes(s))
        throw new ApiError(400, `Invalid state: ${s}`, undefined, { state: [`"${s}" is not a valid choice`] });
    // Without `state`, only open pull requests — unless q= itself filters on state.
    const wanted = states.length > 0 ? states : /\bstate\b/.test(c.query.get('q') ?? '') ? undefined : ['OPEN'];
    const sort = c.query.get('sort') ?? '';
    const keep = (p: PullRequestRecord) => !wanted || wanted.includes(p.state);
    let body: Record<string, unknown>;
    if (!c.query.get('q') && ['', 'id', 'created_on', 'updated_on'].includes(sort.replace(/^[-+]/, ''))) {
      // the filtered, sorted records, once per generation; only the page asked for is rendered
      const list = await cachedRead(c.sb.store, `pullrequests ${repo.uuid} ${wanted?.join(',') ?? '*'} ${sort}`, async () =>
        sortRecords((await refreshedPullRequests(c.sb, repo)).filter(keep), sort),
      );
      body = pageOfRecords(c, repo, list);
    } else {
      // q= and other sort keys apply to the JSON: every record is rendered
      body = page(
        c,
        (await refreshedPullRequests(c.sb, repo)).filter(keep).map((p) => pullRequestJson(c.sb, repo, p)),
      );
    }
    // Bitbucket leaves reviewers and participants out of lists unless asked for with fields=.
    const fields = c.query.get('fields') ?? '';
    if (!/participants|reviewers/.test(fields)) {
      body.values = (body.values as Array<Record<string, unknown>>).map(({ reviewers: _r, participants: _p, ...rest }) => rest);
    }
    return json(body);
  },

  [`POST ${PR_BASE}`]: async (c) => {
    const repo = repoOf(c);
    const body = bodyObject(c);
    const git = c.sb.git(repo);
    const title = body.title;
    if (typeof title !== 'string' || title.trim() === '') throw field('This field is required.', 'title');
    if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') throw field('must be a string', 'description');
    const srcRepo = sourceRepo(c, repo, body.source);
    const fromFork = srcRepo.uuid !== repo.uuid;
    checkSameRepo(c, repo, body.destination, 'destination');
    const srcName = branchName(body.source);
    if (!srcName) throw field('This field is required.', 'source');
    const dstName = branchName(body.destination) ?? repo.mainbranch;
    const src = await c.sb.git(srcRepo).resolve(`refs/heads/${srcName}`);
    if (!src) throw field(`Branch not found: ${srcName}`, 'source');
    const dst = await git.resolve(`refs/heads/${dstName}`);
    if (!dst) throw field(`Branch not found: ${dstName}`, 'destination');
    if (srcName === dstName && !fromFork) throw field('The source branch and the destination branch must be different.', 'destination');
    // A fork's commits may be new to the destination: merge-base needs them there (a scratch fetch, no ref).
    if (fromFork) await git.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', c.sb.store.gitDir(srcRepo), `refs/heads/${srcName}`]);
    if ((await git.mergeBase(src, dst)) === src) throw new ApiError(400, 'There are no changes to be pulled');
    const reviewers = parseReviewers(c.sb, body.reviewers, c.user);
    if (body.draft !== undefined && typeof body.draft !== 'boolean') throw field('must be a boolean', 'draft');
    if (body.close_source_branch !== undefined && typeof body.close_source_branch !== 'boolean') throw field('must be a boolean', 'close_source_branch');
    const description = typeof body.description === 'string' ? body.description : '';

    // Bitbucket answers a second create for the same branches with the open pull request, updated.
    const existing = pullRequestsOf(c.sb, repo).find(
      (p) => p.state === 'OPEN' && (p.source_repository ?? repo.uuid) === srcRepo.uuid && p.source.branch === srcName && p.destination.branch === dstName,
    );
    if (existing) {
      await refreshHeads(c.sb, repo, existing);
      const before = snapshot(existing);
      existing.title = title;
      if (typeof body.description === 'string') existing.description = description;
      if (body.reviewers !== undefined) setReviewers(existing, reviewers);
      if (typeof body.draft === 'boolean') existing.draft = body.draft;
      if (typeof body.close_source_branch === 'boolean') existing.close_source_branch = body.close_source_branch;
      recordUpdate(existing, c.user.uuid, touch(c, existing), before);
      emit(c, 'updated', repo, existing);
      return created(pullRequestJson(c.sb, repo, existing));
    }
    const pr = newPullRequest(c.sb, repo, {
      title,
      description,
      author: c.user.uuid,
      source: { branch: srcName, commit: src },
      destination: { branch: dstName, commit: dst },
      reviewers,
      close_source_branch: body.close_source_branch === true,
      draft: body.draft === true,
      sourceRepository: srcRepo,
    });
    if (fromFork) await syncForkSource(c.sb, pr);
    emit(c, 'created', repo, pr);
    return created(pullRequestJson(c.sb, repo, pr));
  },

  [`GET ${PR_BASE}/activity`]: async (c) => {
    const repo = repoOf(c);
    const items = pullRequestsOf(c.sb, repo).flatMap((p) => activityOf(c.sb, repo, p));
    items.sort((a, b) => b.date.localeCompare(a.date));
    return json(
      page(
        c,
        items.map((i) => i.item),
        { defaultPagelen: 50, filter: false },
      ),
    );
  },

  [`GET ${PR_BASE}/{pull_request_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    return json(pullRequestJson(c.sb, repo, pr));
  },

  [`PUT ${PR_BASE}/{pull_request_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    requireOpen(pr, 'update');
    const body = bodyObject(c);
    const git = c.sb.git(repo);
    const before = snapshot(pr);
    if (body.title !== undefined) {
      if (typeof body.title !== 'string' || body.title.trim() === '') throw field('This field may not be blank.', 'title');
      pr.title = body.title;
    }
    if (body.description !== undefined) {
      if (body.description !== null && typeof body.description !== 'string') throw field('must be a string', 'description');
      pr.description = body.description ?? '';
    }
    checkSameRepo(c, repo, body.destination, 'destination');
    const dstName = branchName(body.destination);
    if (dstName && dstName !== pr.destination.branch) {
      const dst = await git.resolve(`refs/heads/${dstName}`);
      if (!dst) throw field(`Branch not found: ${dstName}`, 'destination');
      if (dstName === pr.source.branch && !pr.source_repository) throw field('The source branch and the destination branch must be different.', 'destination');
      pr.destination = { branch: dstName, commit: dst };
    }
    const srcName = branchName(body.source);
    if ((srcName && srcName !== pr.source.branch) || endpointRepo(c, repo, body.source, 'source').uuid !== (pr.source_repository ?? repo.uuid)) {
      throw field('The source branch of a pull request cannot be changed.', 'source');
    }
    if (body.reviewers !== undefined) setReviewers(pr, parseReviewers(c.sb, body.reviewers, c.sb.store.data.users[pr.author] ?? c.user));
    if (body.draft !== undefined) {
      if (typeof body.draft !== 'boolean') throw field('must be a boolean', 'draft');
      pr.draft = body.draft;
    }
    if (body.close_source_branch !== undefined) {
      if (typeof body.close_source_branch !== 'boolean') throw field('must be a boolean', 'close_source_branch');
      pr.close_source_branch = body.close_source_branch;
    }
    recordUpdate(pr, c.user.uuid, touch(c, pr), before);
    emit(c, 'updated', repo, pr);
    return json(pullRequestJson(c.sb, repo, pr));
  },

  [`GET ${PR_BASE}/{pull_request_id}/activity`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const items = activityOf(c.sb, repo, pr).sort((a, b) => b.date.localeCompare(a.date));
    return json(
      page(
        c,
        items.map((i) => i.item),
        { defaultPagelen: 50, filter: false },
      ),
    );
  },

  [`POST ${PR_BASE}/{pull_request_id}/approve`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    if (pr.state === 'MERGED') throw new ApiError(400, "You can't approve a pull request that is already merged.");
    const date = c.sb.now().toISOString();
    if (approve(pr, c.user.uuid, date)) emit(c, 'approved', repo, pr, { approval: { date, user: account(c.sb, c.user.uuid) } });
    return json(participantJson(c.sb, participant(pr, c.user.uuid)));
  },

  [`DELETE ${PR_BASE}/{pull_request_id}/approve`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    if (pr.state === 'MERGED') throw new ApiError(400, "You can't remove your approval from a pull request that is already merged.");
    const p = pr.participants.find((x) => x.user === c.user.uuid);
    if (p?.approved) {
      p.approved = false;
      p.state = null;
      pr.events = pr.events.filter((e) => !(e.user === c.user.uuid && e.kind === 'approval'));
      setReviewers(pr, reviewersOf(pr));
      emit(c, 'unapproved', repo, pr, { approval: { date: c.sb.now().toISOString(), user: account(c.sb, c.user.uuid) } });
    }
    return noContent();
  },

  [`POST ${PR_BASE}/{pull_request_id}/request-changes`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    if (pr.state === 'MERGED') throw new ApiError(400, "You can't request changes on a pull request that is already merged.");
    const date = c.sb.now().toISOString();
    const p = participant(pr, c.user.uuid);
    if (p.state !== 'changes_requested') {
      pr.events = pr.events.filter((e) => !(e.user === c.user.uuid && (e.kind === 'approval' || e.kind === 'changes_requested')));
      pr.events.push({ kind: 'changes_requested', user: c.user.uuid, date });
      p.participated_on = date;
    }
    const wasRequested = p.state === 'changes_requested';
    p.approved = false;
    p.state = 'changes_requested';
    if (!wasRequested) emit(c, 'changes_request_created', repo, pr, { changes_request: { date, user: account(c.sb, c.user.uuid) } });
    return json(participantJson(c.sb, p));
  },

  [`DELETE ${PR_BASE}/{pull_request_id}/request-changes`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    if (pr.state === 'MERGED') throw new ApiError(400, "You can't withdraw a change request from a pull request that is already merged.");
    const p = pr.participants.find((x) => x.user === c.user.uuid);
    if (p?.state === 'changes_requested') {
      p.state = null;
      pr.events = pr.events.filter((e) => !(e.user === c.user.uuid && e.kind === 'changes_requested'));
      setReviewers(pr, reviewersOf(pr));
      emit(c, 'changes_request_removed', repo, pr, { changes_request: { date: c.sb.now().toISOString(), user: account(c.sb, c.user.uuid) } });
    }
    return noContent();
  },

  [`POST ${PR_BASE}/{pull_request_id}/decline`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    requireOpen(pr, 'decline');
    const body = bodyObject(c, false);
    declinePullRequest(pr, c.user.uuid, c.sb.now().toISOString(), typeof body.message === 'string' ? body.message : undefined);
    emit(c, 'rejected', repo, pr);
    return json(pullRequestJson(c.sb, repo, pr));
  },

  [`POST ${PR_BASE}/{pull_request_id}/merge`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const params = parseMergeParams(bodyObject(c, false), pr);
    // one merge at a time per repository: a concurrent second merge of this pull request finds it merged (400)
    return exclusive(c.sb.store, repo.uuid, async () => {
      if (pr.state !== 'OPEN') throw new ApiError(400, `You can't merge a pull request that is ${pr.state.toLowerCase()}.`);
      if (pr.merges.some((m) => m.status === 'PENDING' && m.outcome === undefined))
        throw new ApiError(409, 'A merge of this pull request is already in progress.');
      enforceMergeRestrictions(c, repo, pr);
      const settings = mergeSettings(c.sb);
      if (c.query.get('async') === 'true' || settings.alwaysAsync) {
        const task: MergeTaskRecord = { id: randomUUID(), user: c.user.uuid, pending: settings.pendingPolls, status: 'PENDING', params };
        pr.merges.push(task);
        // Bitbucket merges in the background: the task progresses whether or not anyone polls it
        setImmediate(() => void runMergeTask(c, repo, pr, task).catch(() => {}));
        return { status: 202, headers: { Location: mergeTaskUrl(c, repo, pr, task) } };
      }
      await mergePullRequest(c.sb, repo, pr, c.user, params);
      emit(c, 'fulfilled', repo, pr);
      return json(pullRequestJson(c.sb, repo, pr));
    });
  },

  [`GET ${PR_BASE}/{pull_request_id}/merge/task-status/{task_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const task = pr.merges.find((m) => m.id === c.params.task_id);
    if (!task) throw new ApiError(400, `Task ${c.params.task_id} does not relate to pull request #${pr.id}`);
    const self = { self: link(mergeTaskUrl(c, repo, pr, task)) };
    if (task.status === 'PENDING') {
      if (task.pending > 0 || task.outcome === undefined) {
        if (task.pending > 0) task.pending--;
        await c.sb.store.save();
        // a task left PENDING by a sandbox that stopped mid-merge runs now
        if (task.outcome === undefined && task.pending === 0) await runMergeTask(c, repo, pr, task);
        else return json({ task_status: 'PENDING', links: self });
      }
      task.status = task.outcome ?? 'FAILED';
      await c.sb.store.save();
    }
    if (task.status === 'FAILED' && task.error) throw new ApiError(task.error.status, task.error.message, task.error.detail, task.error.fields);
    return json({ task_status: 'SUCCESS', links: self, merge_result: pullRequestJson(c.sb, repo, pr) });
  },

  [`GET ${PR_BASE}/{pull_request_id}/diff`]: (c) => redirectToRepoDiff(c, 'diff'),

  [`GET ${PR_BASE}/{pull_request_id}/diffstat`]: (c) => redirectToRepoDiff(c, 'diffstat'),

  // the spec: a 302 to the repository patch of the pull request's revspec (which needs the repository scope)
  [`GET ${PR_BASE}/{pull_request_id}/patch`]: (c) => redirectToRepoDiff(c, 'patch'),

  // the spec: a 302 to the repository's file conflicts of the pull request's revspec (source..destination)
  [`GET ${PR_BASE}/{pull_request_id}/conflicts`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    if (!pr.source.commit || !pr.destination.commit) throw new ApiError(404, 'The pull request has no source or destination commit');
    const spec = `${pr.source.commit}..${pr.destination.commit}`;
    const q = new URLSearchParams(c.query);
    const query = q.toString();
    return {
      status: 302,
      headers: {
        Location: c.sb.urls.api(
          `/repositories/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}/file-conflicts/${spec}${query ? `?${query}` : ''}`,
        ),
      },
    };
  },

  [`GET ${PR_BASE}/{pull_request_id}/commits`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const git = c.sb.git(repo);
    const { pagelen, page: n } = pageParams(c, 10);
    const srcRepo = sourceRepositoryOf(c.sb, pr);
    const srcGone = !srcRepo || !(await c.sb.git(srcRepo).resolve(`refs/heads/${pr.source.branch}`));
    const commits = pr.state === 'OPEN' && srcGone ? [] : await prCommits(git, pr, (n - 1) * pagelen, pagelen + 1);
    const values = commits.slice(0, pagelen).map((k) => commitJson(c.sb.urls, c.sb.store, repo, k));
    return json(envelope(c, values, { pagelen, page: n, hasNext: commits.length > pagelen }));
  },

  [`GET ${PR_BASE}/{pull_request_id}/statuses`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const list = Object.values(c.sb.store.data.statuses)
      .filter((s) => (s.repository === repo.uuid || s.repository === pr.source_repository) && s.commit === pr.source.commit)
      .sort((a, b) => a.created_on.localeCompare(b.created_on))
      .map((s) => statusJson(c.sb.urls, repo, s));
    return json(page(c, list));
  },

  // ----- comments -----

  [`GET ${PR_BASE}/{pull_request_id}/comments`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    // a pending comment (a review in progress) is seen by its author only
    const list = [...pr.comments]
      .filter((k) => !k.pending || k.user === c.user.uuid)
      .sort((a, b) => a.id - b.id)
      .map((k) => commentJson(c.sb, repo, pr, k));
    return json(page(c, list));
  },

  [`POST ${PR_BASE}/{pull_request_id}/comments`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const body = bodyObject(c);
    const raw = contentRaw(body, true) as string;
    let parent: PullRequestCommentRecord | undefined;
    if (body.parent !== undefined && body.parent !== null) {
      const pid = typeof body.parent === 'object' ? (body.parent as Record<string, unknown>).id : undefined;
      parent = pr.comments.find((x) => x.id === Number(pid));
      if (!parent || parent.deleted || (parent.pending && parent.user !== c.user.uuid))
        throw field(`Comment ${String(pid)} not found on this pull request`, 'parent');
    }
    let inline: PullRequestCommentRecord['inline'];
    if (body.pending !== undefined && typeof body.pending !== 'boolean') throw field('must be a boolean', 'pending');
    if (body.inline !== undefined && body.inline !== null) {
      if (typeof body.inline !== 'object') throw field('must be an object', 'inline');
      const i = body.inline as Record<string, unknown>;
      if (typeof i.path !== 'string' || i.path === '') throw field('This field is required.', 'inline.path');
      const from = positive(i.from, 'inline.from');
      const to = positive(i.to, 'inline.to');
      const start_from = positive(i.start_from, 'inline.start_from');
      const start_to = positive(i.start_to, 'inline.start_to');
      // a range ends on the line it starts from or after, on the same side
      if (start_to !== undefined && to === undefined) throw field('start_to needs to (the last line of the range)', 'inline.start_to');
      if (start_from !== undefined && from === undefined) throw field('start_from needs from (the last line of the range)', 'inline.start_from');
      if (start_to !== undefined && to !== undefined && start_to > to) throw field('must not be after inline.to', 'inline.start_to');
      if (start_from !== undefined && from !== undefined && start_from > from) throw field('must not be after inline.from', 'inline.start_from');
      inline = {
        path: i.path,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(start_from !== undefined ? { start_from } : {}),
        ...(start_to !== undefined ? { start_to } : {}),
      };
    }
    const comment = addComment(c.sb, pr, c.user.uuid, raw, c.sb.now().toISOString(), { parent, inline, pending: body.pending === true });
    // a pending comment is announced when it is published (PUT pending: false)
    if (!comment.pending) emit(c, 'comment_created', repo, pr, { comment: commentJson(c.sb, repo, pr, comment) });
    return created(commentJson(c.sb, repo, pr, comment));
  },

  [`GET ${PR_BASE}/{pull_request_id}/comments/{comment_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const k = commentOf(pr, c.params.comment_id);
    if (k.pending && k.user !== c.user.uuid) throw new ApiError(404, `Comment ${k.id} not found`);
    return json(commentJson(c.sb, repo, pr, k));
  },

  [`PUT ${PR_BASE}/{pull_request_id}/comments/{comment_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const k = commentOf(pr, c.params.comment_id);
    if (k.deleted) throw new ApiError(404, `Comment ${k.id} not found`);
    if (k.pending && k.user !== c.user.uuid) throw new ApiError(404, `Comment ${k.id} not found`);
    if (k.user !== c.user.uuid) throw new ApiError(403, "You can't edit another user's comment.");
    const body = bodyObject(c);
    // publishing a pending comment: `pending: false` (the spec's pullrequest_comment field; there is no publish
    // operation); a published comment cannot go back to pending
    if (body.pending !== undefined && typeof body.pending !== 'boolean') throw field('must be a boolean', 'pending');
    if (body.pending === true && !k.pending) throw field('A published comment cannot be made pending again.', 'pending');
    k.raw = contentRaw(body, true) as string;
    const publishing = body.pending === false && k.pending;
    if (publishing) k.pending = false;
    k.updated_on = c.sb.now().toISOString();
    emit(c, publishing ? 'comment_created' : 'comment_updated', repo, pr, { comment: commentJson(c.sb, repo, pr, k) });
    return json(commentJson(c.sb, repo, pr, k));
  },

  [`DELETE ${PR_BASE}/{pull_request_id}/comments/{comment_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const k = commentOf(pr, c.params.comment_id);
    if (k.deleted) throw new ApiError(404, `Comment ${k.id} not found`);
    if (k.user !== c.user.uuid) throw new ApiError(403, "You can't delete another user's comment.");
    k.deleted = true;
    k.updated_on = c.sb.now().toISOString();
    emit(c, 'comment_deleted', repo, pr, { comment: commentJson(c.sb, repo, pr, k) });
    return noContent();
  },

  [`POST ${PR_BASE}/{pull_request_id}/comments/{comment_id}/resolve`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const k = commentOf(pr, c.params.comment_id);
    if (k.deleted) throw new ApiError(404, `Comment ${k.id} not found`);
    if (k.parent !== undefined) throw new ApiError(403, 'Only top-level comments can be resolved.');
    if (k.resolution) throw new ApiError(409, 'This comment is already resolved.');
    k.resolution = { user: c.user.uuid, created_on: c.sb.now().toISOString() };
    emit(c, 'comment_resolved', repo, pr, { comment: commentJson(c.sb, repo, pr, k) });
    return json({ type: 'comment_resolution', user: account(c.sb, k.resolution.user), created_on: k.resolution.created_on });
  },

  [`DELETE ${PR_BASE}/{pull_request_id}/comments/{comment_id}/resolve`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const k = commentOf(pr, c.params.comment_id);
    if (k.parent !== undefined) throw new ApiError(403, 'Only top-level comments can be resolved.');
    if (!k.resolution) throw new ApiError(404, 'This comment is not resolved.');
    delete k.resolution;
    emit(c, 'comment_reopened', repo, pr, { comment: commentJson(c.sb, repo, pr, k) });
    return noContent();
  },

  // ----- tasks -----

  [`GET ${PR_BASE}/{pull_request_id}/tasks`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    return json(
      page(
        c,
        pr.tasks.map((t) => taskJson(c.sb, repo, pr, t)),
      ),
    );
  },

  [`POST ${PR_BASE}/{pull_request_id}/tasks`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const body = bodyObject(c);
    const raw = contentRaw(body, true) as string;
    let comment: number | undefined;
    if (body.comment !== undefined && body.comment !== null) {
      const id = typeof body.comment === 'object' ? Number((body.comment as Record<string, unknown>).id) : Number.NaN;
      if (!pr.comments.some((x) => x.id === id && !x.deleted)) throw field('Comment not found on this pull request', 'comment');
      comment = id;
    }
    const date = touch(c, pr);
    const task: PullRequestTaskRecord = {
      id: c.sb.store.next('pullrequest-task'),
      creator: c.user.uuid,
      raw,
      state: 'UNRESOLVED',
      ...(comment !== undefined ? { comment } : {}),
      created_on: date,
      updated_on: date,
      pending: body.pending === true,
    };
    pr.tasks.push(task);
    return created(taskJson(c.sb, repo, pr, task));
  },

  [`GET ${PR_BASE}/{pull_request_id}/tasks/{task_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    return json(taskJson(c.sb, repo, pr, taskOf(pr, c.params.task_id)));
  },

  [`PUT ${PR_BASE}/{pull_request_id}/tasks/{task_id}`]: async (c) => {
    const { repo, pr } = await loadPr(c);
    const t = taskOf(pr, c.params.task_id);
    const body = bodyObject(c);
    const raw = contentRaw(body, false);
    const date = c.sb.now().toISOString();
    if (raw !== undefined) {
      if (raw.trim() === '') throw field('This field may not be blank.', 'content');
      t.raw = raw;
    }
    if (body.state !== undefined) {
      if (body.state !== 'RESOLVED' && body.state !== 'UNRESOLVED') throw field('must be RESOLVED or UNRESOLVED', 'state');
      if (body.state !== t.state) {
        t.state = body.state;
        if (t.state === 'RESOLVED') {
          t.resolved_on = date;
          t.resolved_by = c.user.uuid;
        } else {
          delete t.resolved_on;
          delete t.resolved_by;
        }
      }
    }
    t.updated_on = date;
    return json(taskJson(c.sb, repo, pr, t));
  },

  [`DELETE ${PR_BASE}/{pull_request_id}/tasks/{task_id}`]: async (c) => {
    const { pr } = await loadPr(c);
    const t = taskOf(pr, c.params.task_id);
    pr.tasks = pr.tasks.filter((x) => x !== t);
    return noContent();
  },

  // ----- around pull requests -----

  'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers': (c) => {
    const repo = repoOf(c);
    const values = repo.default_reviewers
      .map((u) => c.sb.store.data.users[u])
      .filter((u): u is UserRecord => u !== undefined)
      .map((u) => ({ type: 'default_reviewer_and_type', reviewer_type: 'repository', user: userJson(c.sb.urls, u) }));
    return json(page(c, values));
  },

  'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/pullrequests': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const hash = await git.resolve(c.params.commit ?? '');
    if (!hash) throw new ApiError(404, `Commit not found: ${c.params.commit}`);
    const heads = new Map((await git.branches()).map((b) => [b.name, b.target]));
    const out: Record<string, unknown>[] = [];
    for (const p of pullRequestsOf(c.sb, repo)) {
      await refreshHeads(c.sb, repo, p, heads);
      if (!p.source.commit || (await git.mergeBase(hash, p.source.commit)) !== hash) continue;
      if (p.destination.commit && (await git.mergeBase(hash, p.destination.commit)) === hash && p.state === 'OPEN') continue;
      out.push(pullRequestJson(c.sb, repo, p));
    }
    return json(page(c, out, { defaultPagelen: 30 }));
  },

  'GET /workspaces/{workspace}/pullrequests/{selected_user}': async (c) => {
    const ws = workspaceParam(c);
    const user = c.sb.store.user(c.params.selected_user ?? '');
    if (!user) throw new ApiError(404, `${c.params.selected_user} is not a valid user`);
    const states = c.query.getAll('state').map((s) => s.toUpperCase());
    const wanted = states.length > 0 ? states : ['OPEN'];
    const out: Record<string, unknown>[] = [];
    for (const repo of c.sb.store.repositoriesOf(ws.slug)) {
      for (const p of pullRequestsOf(c.sb, repo)) {
        if (p.author !== user.uuid || !wanted.includes(p.state)) continue;
        await refreshHeads(c.sb, repo, p);
        out.push(pullRequestJson(c.sb, repo, p));
      }
    }
    return json(page(c, out));
  },
};

/** Run an async merge task once (in the repository's queue); its outcome is reported by the task-status polls. */
async function runMergeTask(c: HandlerContext, repo: RepositoryRecord, pr: PullRequestRecord, task: MergeTaskRecord): Promise<void> {
  await exclusive(c.sb.store, repo.uuid, async () => {
    if (task.outcome !== undefined) return;
    const user = c.sb.store.data.users[task.user] ?? c.user;
    try {
      await mergePullRequest(c.sb, repo, pr, user, task.params);
      task.outcome = 'SUCCESS';
      emit(c, 'fulfilled', repo, pr, {}, user);
    } catch (e) {
      task.outcome = 'FAILED';
      task.error =
        e instanceof ApiError
          ? { status: e.status, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}), ...(e.fields ? { fields: e.fields } : {}) }
          : { status: 500, message: 'The merge failed.' };
    }
  });
  await c.sb.store.save();
}
