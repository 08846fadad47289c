/**
 * Pull requests on Bitbucket Cloud (src/provider/pullrequests.ts): the requests the `bb pr …` commands sent
 * before the provider boundary, unchanged (same paths, query, bodies, order: src/cmd/pr/*.test.ts prove it),
 * mapped to the domain types with the helpers the commands used.
 */
import { must } from '../../api/client.js';
import { readJsonAnswer, requireFields } from '../../api/errors.js';
import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { paginate, paginatePages } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { parseRemoteUrl } from '../../git/remote.js';
import { notFound } from '../errors.js';
import { cloudRepoPage } from '../../resolve/host.js';
import {
  CLOUD_MERGE_STRATEGIES,
  CLOUD_PR_OP as OP,
  type MergeRequest,
  type MergeResult,
  type PR_JSON_FIELDS,
  type PrAccount,
  type PrComment,
  type PullRequest,
  type PullRequestMethods,
} from '../pullrequests.js';
import type { PlannedWrite, RepoLocator, Write } from '../types.js';
import { q } from './request.js';
import { type CloudStatus, cloudStatus, STATUS_FIELDS } from './statuses.js';
import { type Account, accountFields, accountJson, dedupeRefs, me, refKey, resolveUsers, reviewersToRemove, type UserRef } from './users.js';

// ---------------------------------------------------------------------------------------------------
// Wire shapes (only the fields bb reads; the API sends more)

interface Link {
  href?: string;
}

interface Endpoint {
  branch?: { name?: string };
  commit?: { hash?: string };
  repository?: { full_name?: string; name?: string; uuid?: string; links?: { html?: Link } };
}

interface Participant {
  user?: Account;
  role?: 'PARTICIPANT' | 'REVIEWER' | string;
  approved?: boolean;
  state?: 'approved' | 'changes_requested' | null | string;
  participated_on?: string;
}

export interface CloudPr {
  id: number;
  title?: string;
  description?: string;
  summary?: { raw?: string };
  state?: string;
  draft?: boolean;
  author?: Account;
  source?: Endpoint;
  destination?: Endpoint;
  reviewers?: Account[];
  participants?: Participant[];
  close_source_branch?: boolean;
  merge_commit?: { hash?: string } | null;
  closed_by?: Account | null;
  comment_count?: number;
  task_count?: number;
  created_on?: string;
  updated_on?: string;
  links?: { html?: Link; self?: Link };
}

export interface Comment {
  id: number;
  content?: { raw?: string };
  user?: Account;
  parent?: { id?: number };
  inline?: { path?: string; from?: number | null; to?: number | null; start_from?: number | null; start_to?: number | null };
  deleted?: boolean;
  pending?: boolean;
  resolution?: { user?: Account; created_on?: string } | null;
  created_on?: string;
  updated_on?: string;
  links?: { html?: Link };
}

/** An item of a pull request's activity (`…/activity`). */
interface ActivityItem {
  update?: { state?: string; title?: string; date?: string; author?: Account; reason?: string; draft?: boolean; changes?: Record<string, unknown> };
  approval?: { date?: string; user?: Account };
  changes_requested?: { date?: string; user?: Account };
  comment?: Comment;
}

// ---------------------------------------------------------------------------------------------------
// Lookups

export async function prForBranch(ctx: Context, repo: RepoLocator, branch: string): Promise<CloudPr> {
  const found = await paginate<CloudPr>(
    await ctx.http(),
    templateOf(OP.prList),
    repoParams(repo),
    { q: `source.branch.name=${q(branch)}`, state: ['OPEN'], sort: '-updated_on' },
    { limit: 1 },
  );
  const pr = found[0];
  if (!pr) {
    throw new BbError('API_NOT_FOUND', `no open pull request from branch "${branch}" in ${repo.workspace}/${repo.repo}`, {
      operation: OP.prList,
      hints: ['create one with `bb pr create`, or pass the pull request number'],
    });
  }
  return pr;
}

export async function getPr(ctx: Context, repo: RepoLocator, id: number): Promise<CloudPr> {
  const api = await ctx.api();
  try {
    return must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', {
        params: { path: { ...repoParams(repo), pull_request_id: id } },
      }),
    ) as unknown as CloudPr;
  } catch (e) {
    throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Mapping Cloud → domain

function reviewState(p: Participant): string {
  if (p.approved || p.state === 'approved') return 'approved';
  if (p.state === 'changes_requested') return 'changes requested';
  return 'pending';
}

/** Reviewers with their review state: `reviewers` (who was asked) joined with `participants` (who did what). */
function reviewersOf(pr: CloudPr): Array<{ user: Account; state: string }> {
  const out: Array<{ user: Account; state: string }> = [];
  const seen = new Set<string>();
  const key = (a: Account) => a.uuid ?? a.account_id ?? a.nickname ?? '';
  for (const p of pr.participants ?? []) {
    if (!p.user || (p.role !== 'REVIEWER' && !p.approved && p.state !== 'changes_requested')) continue;
    seen.add(key(p.user));
    out.push({ user: p.user, state: reviewState(p) });
  }
  for (const r of pr.reviewers ?? []) if (!seen.has(key(r))) out.push({ user: r, state: 'pending' });
  return out;
}

/** The JSON fields (PR_JSON_FIELDS) of a Cloud pull request. */
function prToJson(pr: CloudPr): Record<(typeof PR_JSON_FIELDS)[number], unknown> {
  const reviewers = reviewersOf(pr);
  return {
    id: pr.id,
    title: pr.title ?? '',
    body: pr.description ?? pr.summary?.raw ?? '',
    state: pr.state ?? null,
    isDraft: Boolean(pr.draft),
    author: accountJson(pr.author),
    headRefName: pr.source?.branch?.name ?? null,
    headRepository: pr.source?.repository?.full_name ?? null,
    headCommit: pr.source?.commit?.hash ?? null,
    baseRefName: pr.destination?.branch?.name ?? null,
    baseRepository: pr.destination?.repository?.full_name ?? null,
    reviewers: reviewers.map((r) => ({ ...accountJson(r.user), state: r.state })),
    reviewDecision: reviewers.some((r) => r.state === 'changes requested')
      ? 'CHANGES_REQUESTED'
      : reviewers.some((r) => r.state === 'approved')
        ? 'APPROVED'
        : 'REVIEW_REQUIRED',
    closeSourceBranch: Boolean(pr.close_source_branch),
    mergeCommit: pr.merge_commit?.hash ?? null,
    commentCount: pr.comment_count ?? 0,
    taskCount: pr.task_count ?? 0,
    createdAt: pr.created_on ?? null,
    updatedAt: pr.updated_on ?? null,
    url: pr.links?.html?.href || null,
  };
}

export function cloudAccount(a: Account | null | undefined): PrAccount | null {
  if (!a) return null;
  return { nickname: a.nickname ?? null, displayName: a.display_name ?? null, uuid: a.uuid ?? null, accountId: a.account_id ?? null };
}

export function cloudPullRequest(pr: CloudPr): PullRequest {
  const j = prToJson(pr) as Omit<PullRequest, 'requested' | 'people' | 'version' | 'mergeStrategies'>;
  const known = [...(pr.reviewers ?? []), ...(pr.participants ?? []).flatMap((p) => (p.user ? [p.user] : []))];
  return {
    ...j,
    requested: (pr.reviewers ?? []).flatMap((r) => cloudAccount(r) ?? []),
    people: known.flatMap((a) => cloudAccount(a) ?? []),
    version: null,
    mergeStrategies: (pr.destination?.branch as { merge_strategies?: string[] } | undefined)?.merge_strategies ?? null,
  };
}

/** The comment fields cloudComment reads: the list's `fields=`. */
const COMMENT_FIELDS = [
  'id',
  'parent.id',
  ...accountFields('user'),
  'content.raw',
  'inline.path',
  'inline.from',
  'inline.to',
  'inline.start_from',
  'inline.start_to',
  'pending',
  'resolution',
  'deleted',
  'created_on',
  'updated_on',
  'links.html.href',
];

export function cloudComment(c: Comment): PrComment {
  return {
    id: c.id,
    parentId: c.parent?.id ?? null,
    author: cloudAccount(c.user),
    body: c.content?.raw ?? '',
    path: c.inline?.path ?? null,
    line: c.inline?.to ?? null,
    oldLine: c.inline?.from ?? null,
    startLine: (c.inline?.to != null ? c.inline?.start_to : c.inline?.start_from) ?? null,
    pending: c.pending === true,
    resolved: Boolean(c.resolution),
    deleted: Boolean(c.deleted),
    createdAt: c.created_on ?? null,
    updatedAt: c.updated_on ?? null,
    url: c.links?.html?.href ?? null,
    task: false,
    version: null,
  };
}

/** The parts of an activity item toEvent reads: the list's `fields=` (each item also carries the whole pull request). */
const ACTIVITY_FIELDS = ['update', 'approval', 'changes_requested', 'comment'];

/** An activity item as a timeline event. */
function toEvent(a: ActivityItem): { date: string; who?: Account; event: string; detail: string } {
  if (a.approval) return { date: a.approval.date ?? '', who: a.approval.user, event: 'approved', detail: '' };
  if (a.changes_requested) return { date: a.changes_requested.date ?? '', who: a.changes_requested.user, event: 'requested changes', detail: '' };
  if (a.comment) {
    const c = a.comment;
    const where = c.inline?.path ? `${c.inline.path}${(c.inline.to ?? c.inline.from) ? `:${c.inline.to ?? c.inline.from}` : ''}: ` : '';
    return { date: c.created_on ?? '', who: c.user, event: c.parent?.id ? 'replied' : 'commented', detail: `${where}${(c.content?.raw ?? '').split('\n')[0]}` };
  }
  const u = a.update ?? {};
  const changed = Object.keys(u.changes ?? {});
  const event = u.state === 'MERGED' ? 'merged' : u.state === 'DECLINED' ? 'declined' : changed.length ? 'updated' : 'pushed / opened';
  return { date: u.date ?? '', who: u.author, event, detail: changed.length ? `changed ${changed.join(', ')}` : (u.reason ?? u.title ?? '') };
}

// ---------------------------------------------------------------------------------------------------
// Merge (202 Accepted: polled; a lost answer: the state is read, the merge never sent again)

/** gh's --merge/--squash/--rebase as Cloud names them. */
const GH_STRATEGY = { merge: 'merge_commit', squash: 'squash', rebase: 'rebase_fast_forward' } as const;
/** How long to wait for a merge Bitbucket finishes in the background (202 Accepted). */
const POLL_INTERVAL_MS = 2_000;
const POLL_MAX = 150;

interface TaskStatus {
  task_status?: 'PENDING' | 'SUCCESS' | string;
  merge_result?: CloudPr;
}

type PrParams = { workspace: string; repo_slug: string; pull_request_id: number };

async function mergeOnCloud(
  ctx: Context,
  repo: RepoLocator,
  id: number,
  params: PrParams,
  body: Record<string, unknown>,
  strategy: string | undefined,
  request: MergeRequest,
): Promise<MergeResult> {
  const pr = await getPr(ctx, repo, id);
  if (pr.state !== 'OPEN') {
    throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state?.toLowerCase() ?? 'not open'}: only open pull requests can be merged`, {
      operation: OP.prMerge,
      hints: pr.state === 'MERGED' ? ['nothing to do'] : [],
    });
  }
  if (pr.draft) {
    throw new BbError('API_CONFLICT', `pull request #${id} is a draft`, { operation: OP.prMerge, hints: [`mark it ready first: bb pr ready ${id}`] });
  }
  const strategies = (pr.destination?.branch as { merge_strategies?: string[] } | undefined)?.merge_strategies;
  if (strategy && strategies?.length && !strategies.includes(strategy)) {
    throw new BbError('INVALID_ARGUMENT', `${pr.destination?.branch?.name} does not allow the ${strategy} strategy`, {
      hints: [`allowed: ${strategies.join(', ')}`],
    });
  }

  const http = await ctx.http();
  const url = http.url(expandPath(templateOf(OP.prMerge), params));
  let response: Response | undefined;
  let merged: CloudPr | undefined;
  try {
    // Sent exactly once: the transport never retries a POST.
    response = await http.send(new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }), {
      operation: OP.prMerge,
    });
  } catch (e) {
    // The answer was lost (reset, timeout): the merge may have happened. Read the state, never re-send.
    if (!(e instanceof BbError && (e.errorName === 'NETWORK_ERROR' || e.errorName === 'TIMEOUT'))) throw explainMergeError(e, id, pr);
    merged = await stateAfterLostAnswer(ctx, repo, id, e, request);
  }
  if (merged) {
    // already known from the state read after a lost answer
  } else if (!response) {
    throw new BbError('INTERNAL', 'no merge response');
  } else if (response.status === 202) {
    const taskId = taskIdFrom(response.headers.get('location'));
    await response.body?.cancel();
    if (!taskId)
      throw new BbError('API_BAD_RESPONSE', 'the merge was accepted (202) without a task to follow', {
        operation: OP.prMerge,
        hints: [`check with: bb pr view ${id}`],
      });
    request.progress(`Merging pull request #${id} in the background…`);
    merged = await waitForMerge(ctx, params, taskId, id, pr);
  } else {
    merged = await readJsonAnswer<CloudPr>(response, OP.prMerge);
  }
  const deleted = merged.close_source_branch || request.closeSourceBranch === true;
  return { merged: cloudPullRequest(merged), before: cloudPullRequest(pr), deletedBranch: deleted ? (pr.source?.branch?.name ?? '') : null };
}

/**
 * After a merge request whose answer never came: GET the pull request. MERGED means the merge went
 * through (success); anything else is reported as the network failure, with the state seen, and the
 * merge is not sent again.
 */
async function stateAfterLostAnswer(ctx: Context, repo: RepoLocator, id: number, lost: BbError, request: MergeRequest): Promise<CloudPr> {
  request.progress(`The answer to the merge of pull request #${id} was lost (${lost.errorName}); reading its state…`);
  let now: CloudPr;
  try {
    now = await getPr(ctx, repo, id);
  } catch {
    throw new BbError(lost.errorName, `${lost.message}: the merge of pull request #${id} was sent, and its outcome is unknown`, {
      operation: OP.prMerge,
      hints: [`check with \`bb pr view ${id}\` before merging again`, ...lost.hints],
    });
  }
  if (now.state === 'MERGED') return now;
  throw new BbError(
    lost.errorName,
    `${lost.message}: the merge of pull request #${id} was sent, and the pull request is still ${now.state?.toLowerCase() ?? 'unknown'}`,
    {
      operation: OP.prMerge,
      hints: [`Bitbucket may still be merging it: check with \`bb pr view ${id}\` before merging again`, ...lost.hints],
    },
  );
}

/** `…/merge/task-status/{task_id}` → task_id. */
function taskIdFrom(location: string | null): string | undefined {
  if (!location) return undefined;
  const m = /\/merge\/task-status\/([^/?#]+)/.exec(location);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

async function waitForMerge(ctx: Context, params: PrParams, taskId: string, id: number, pr: CloudPr): Promise<CloudPr> {
  const api = await ctx.api();
  for (let i = 0; i < POLL_MAX; i++) {
    let task: TaskStatus;
    try {
      task = must(
        await api.GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge/task-status/{task_id}', {
          params: { path: { ...params, task_id: taskId } },
        }),
      ) as unknown as TaskStatus;
    } catch (e) {
      throw explainMergeError(e, id, pr);
    }
    if (task.task_status === 'SUCCESS') return task.merge_result ?? { ...pr, state: 'MERGED' };
    if (task.task_status !== 'PENDING') {
      throw new BbError('API_ERROR', `the merge of pull request #${id} ended with status ${task.task_status ?? 'unknown'}`, { operation: OP.prMergeTask });
    }
    await ctx.sleep(POLL_INTERVAL_MS);
  }
  throw new BbError('PENDING', `pull request #${id} is still being merged`, {
    operation: OP.prMergeTask,
    hints: [`Bitbucket is still merging in the background; check with: bb pr view ${id}`],
  });
}

function explainMergeError(e: unknown, id: number, pr: CloudPr): unknown {
  if (!(e instanceof BbError)) return e;
  const src = pr.source?.branch?.name ?? 'the source branch';
  const dst = pr.destination?.branch?.name ?? 'the destination branch';
  if (e.errorName === 'API_CONFLICT') {
    return new BbError('API_CONFLICT', `pull request #${id} cannot be merged: ${e.message.replace(/^POST \S+: /, '')}`, {
      operation: e.operation,
      status: e.status,
      hints: [
        `${src} conflicts with ${dst}, or one of them changed while merging`,
        `update it: git fetch && git checkout ${src} && git merge origin/${dst}, resolve the conflicts, push, then merge again`,
      ],
    });
  }
  if (e.status === 555) {
    return new BbError('API_SERVER_ERROR', `the merge of pull request #${id} timed out on the server`, {
      operation: e.operation,
      status: e.status,
      hints: [`it may still complete: check with \`bb pr view ${id}\` before trying again`],
    });
  }
  return e;
}

function write<T>(plan: PlannedWrite[], send: () => Promise<T>): Write<T> {
  return { plan, send };
}

function refOf(a: PrAccount): UserRef | undefined {
  if (a.uuid) return { uuid: a.uuid };
  if (a.accountId) return { account_id: a.accountId };
  return undefined;
}

function asAccount(a: PrAccount): Account {
  return {
    nickname: a.nickname ?? undefined,
    display_name: a.displayName ?? undefined,
    uuid: a.uuid ?? undefined,
    account_id: a.accountId ?? undefined,
  };
}

/** `--author alice` / `--author {uuid}` as a `q` clause on `field` (author, reviewers). */
function userClause(field: string, who: string): string {
  if (/^\{[0-9a-f-]{36}\}$/i.test(who)) return `${field}.uuid=${q(who)}`;
  if (/^(?:\d+:[0-9a-f-]{36}|[0-9a-f]{24})$/i.test(who)) return `${field}.account_id=${q(who)}`;
  return `${field}.nickname=${q(who.replace(/^@/, ''))}`;
}

/**
 * The body of a PUT on a pull request: Bitbucket replaces the reviewers (and may clear the description) when
 * they are left out, so the current title, description and reviewers are always sent along with the change.
 */
function updateBody(pr: PullRequest, change: Record<string, unknown>): Record<string, unknown> {
  const reviewers = pr.requested.flatMap((r) => refOf(r) ?? []);
  return { type: 'pullrequest', title: pr.title ?? '', description: pr.body ?? '', reviewers, ...change };
}

export function cloudPullRequestMethods(ctx: Context): PullRequestMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pull_request_id: id });
  const put = async (params: ReturnType<typeof pp>, body: Record<string, unknown>) => {
    const api = await ctx.api();
    return cloudPullRequest(
      must(
        await api.PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', { params: { path: params }, body: body as never }),
      ) as unknown as CloudPr,
    );
  };

  /**
   * The lookups a new pull request needs before it is sent — the repository's default reviewers (by repository) and
   * who you are — started early by prefetchCreate. A failed one is kept (and thrown when used), never left unhandled.
   */
  const earlyDefaults = new Map<string, Promise<Account[]>>();
  let earlySelf: Promise<Account> | undefined;
  const repoKey = (repo: RepoLocator) => `${repo.workspace}/${repo.repo}`.toLowerCase();
  const quiet = <T>(p: Promise<T>) => {
    p.catch(() => {});
    return p;
  };
  const defaultReviewerAccounts = async (repo: RepoLocator): Promise<Account[]> =>
    (await paginate<{ user?: Account }>(await ctx.http(), templateOf(OP.defaultReviewers), repoParams(repo), {}, { all: true })).flatMap((d) =>
      d.user ? [d.user] : [],
    );

  const methods: PullRequestMethods = {
    prefetchCreate(repo, input) {
      if (input.defaultReviewers) earlyDefaults.set(repoKey(repo), quiet(defaultReviewerAccounts(repo)));
      // who you are matters only when there may be reviewers (you are left out of them)
      if (input.defaultReviewers || input.reviewers.length) earlySelf ??= quiet(me(ctx));
    },

    async listPullRequests(repo, opts) {
      const prs: PullRequest[] = [];
      for await (const page of methods.pullRequestPages(repo, opts)) for (const p of page) prs.push(p);
      return prs;
    },

    async *pullRequestPages(repo, opts) {
      let self: string | undefined;
      const resolve = async (who: string) => {
        if (who !== '@me') return who;
        self ??= (await me(ctx)).uuid;
        if (!self) throw new BbError('API_BAD_RESPONSE', 'GET /user answered without a uuid');
        return self;
      };
      const clauses: string[] = [];
      if (opts.author) clauses.push(userClause('author', await resolve(opts.author)));
      if (opts.reviewer) clauses.push(userClause('reviewers', await resolve(opts.reviewer)));
      if (opts.base) clauses.push(`destination.branch.name=${q(opts.base)}`);
      if (opts.head) clauses.push(`source.branch.name=${q(opts.head)}`);
      if (opts.search) clauses.push(clauses.length ? `(${opts.search})` : opts.search);
      const pages = paginatePages<CloudPr>(
        await ctx.http(),
        templateOf(OP.prList),
        repoParams(repo),
        { state: opts.states, q: clauses.join(' AND ') || undefined, sort: '-updated_on' },
        { limit: opts.limit, all: opts.all, fields: opts.fields },
      );
      for await (const page of pages) yield page.map(cloudPullRequest);
    },

    async pullRequestForBranch(repo, branch) {
      return cloudPullRequest(await prForBranch(ctx, repo, branch));
    },

    async getPullRequest(repo, id) {
      return cloudPullRequest(await getPr(ctx, repo, id));
    },

    async currentUser() {
      return cloudAccount(await me(ctx)) as PrAccount;
    },

    async newPullRequestPage(repo, head, base) {
      let html: string | undefined;
      let dest = base;
      if (dest === undefined) {
        const api = await ctx.api();
        const r = must(await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: repoParams(repo) } })) as unknown as {
          mainbranch?: { name?: string };
          links?: { html?: { href?: string } };
        };
        dest = r.mainbranch?.name;
        if (!dest) throw new BbError('INVALID_ARGUMENT', `${repo.workspace}/${repo.repo} has no main branch (is it empty?)`, { hints: ['pass --base BRANCH'] });
        html = r.links?.html?.href;
        if (!html) throw new BbError('API_BAD_RESPONSE', `the API gave no web link for ${repo.workspace}/${repo.repo}`);
      }
      const query = new URLSearchParams({ source: head, dest }).toString();
      return { url: cloudRepoPage(ctx.apiUrl, repo, `/pull-requests/new?${query}`, html), base: dest };
    },
    async createPullRequest(repo, input) {
      // the default reviewers and who you are go out together (or were asked for already, by prefetchCreate)
      if (input.defaultReviewers || input.reviewers.length) earlySelf ??= quiet(me(ctx));
      const defaults = input.defaultReviewers ? await (earlyDefaults.get(repoKey(repo)) ?? defaultReviewerAccounts(repo)) : [];
      const asked = await resolveUsers(ctx, repo.workspace, input.reviewers, defaults);
      let reviewers: UserRef[] = dedupeRefs([...asked, ...defaults.flatMap((d) => (d.uuid ? [{ uuid: d.uuid }] : []))]);
      if (reviewers.length > 0) {
        const self = await (earlySelf ?? me(ctx));
        const mine = new Set([self.uuid, self.account_id].filter(Boolean).map((s) => (s as string).toLowerCase()));
        reviewers = reviewers.filter((r) => !mine.has(refKey(r)));
      }
      const body: Record<string, unknown> = {
        type: 'pullrequest',
        title: input.title,
        description: input.body,
        // from a fork: the source names its repository (the pull request is created in the destination's)
        source: {
          branch: { name: input.head },
          ...(input.headRepo ? { repository: { full_name: `${input.headRepo.workspace}/${input.headRepo.repo}` } } : {}),
        },
        destination: { branch: { name: input.base } },
        reviewers,
        draft: input.draft,
        close_source_branch: input.closeSourceBranch,
      };
      const params = repoParams(repo);
      return {
        reviewers: reviewers.length,
        ...write([{ operation: OP.prCreate, params, body }], async () => {
          const api = await ctx.api();
          const created = must(
            await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests', { params: { path: params }, body: body as never }),
          ) as unknown as CloudPr;
          return cloudPullRequest(requireFields(created, 'the pull request', ['id'], OP.prCreate));
        }),
      };
    },

    async updatePullRequest(repo, pr, change) {
      const c: Record<string, unknown> = {};
      if (change.title !== undefined) c.title = change.title;
      if (change.body !== undefined) c.description = change.body;
      if (change.base) c.destination = { branch: { name: change.base } };
      if (change.addReviewers?.length || change.removeReviewers?.length) {
        const known = pr.people.map(asAccount);
        const current: UserRef[] = pr.requested.flatMap((r) => refOf(r) ?? []);
        const add = await resolveUsers(ctx, repo.workspace, change.addReviewers ?? [], known);
        // only reviewers can be removed: names are found among them, with no member lookup
        const remove = new Set((await reviewersToRemove(ctx, change.removeReviewers ?? [], pr.requested.map(asAccount), pr.id)).map(refKey));
        c.reviewers = dedupeRefs([...current, ...add]).filter((r) => !remove.has(refKey(r)));
      }
      if (change.draft !== undefined) c.draft = change.draft;
      if (Object.keys(c).length === 0) return write([], async () => pr);
      const body = updateBody(pr, c);
      return write([{ operation: OP.prUpdate, params: pp(repo, pr.id), body }], () => put(pp(repo, pr.id), body));
    },

    async mergePullRequest(repo, id, request) {
      const strategy = request.method ? GH_STRATEGY[request.method] : request.strategy;
      if (strategy && !(CLOUD_MERGE_STRATEGIES as readonly string[]).includes(strategy))
        throw new BbError('INVALID_ARGUMENT', `${strategy} is a Data Center strategy`, { hints: [`on Bitbucket Cloud: ${CLOUD_MERGE_STRATEGIES.join(', ')}`] });
      const body: Record<string, unknown> = { type: 'pullrequest_merge_parameters' };
      if (strategy) body.merge_strategy = strategy;
      if (request.message !== undefined) body.message = request.message;
      if (request.closeSourceBranch !== undefined) body.close_source_branch = request.closeSourceBranch;
      const params = pp(repo, id);
      return write([{ operation: OP.prMerge, params, body }], () => mergeOnCloud(ctx, repo, id, params, body, strategy, request));
    },

    async review(repo, id, action) {
      const params = pp(repo, id);
      const operation =
        action === 'approve'
          ? OP.prApprove
          : action === 'unapprove'
            ? OP.prUnapprove
            : action === 'request-changes'
              ? OP.prRequestChanges
              : OP.prUnrequestChanges;
      return write([{ operation, params }], async () => {
        const api = await ctx.api();
        if (action === 'approve') await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve', { params: { path: params } });
        else if (action === 'unapprove')
          await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve', { params: { path: params } });
        else if (action === 'request-changes')
          await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes', { params: { path: params } });
        else await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes', { params: { path: params } });
      });
    },

    async submitReview(repo, id, input) {
      const params = pp(repo, id);
      // Cloud has no "publish the review" operation: a pending comment is published by updating it with
      // `pending: false` (the comment's own PUT; the spec's pullrequest_comment has `pending`). Only their author
      // sees pending comments, so every pending comment the list shows is one of ours.
      const pending = input.publishPending ? (await methods.listPullRequestComments(repo, id)).filter((c) => c.pending && !c.deleted) : [];
      const publish = pending.map((c) => ({
        operation: OP.prCommentEdit,
        params: { ...params, comment_id: c.id },
        body: { type: 'pullrequest_comment', content: { raw: c.body }, pending: false },
      }));
      const verdict: PlannedWrite[] =
        input.verdict === 'approve'
          ? [{ operation: OP.prApprove, params }]
          : input.verdict === 'request-changes'
            ? [{ operation: OP.prRequestChanges, params }]
            : [];
      const commentBody = input.body ? { type: 'pullrequest_comment', content: { raw: input.body } } : undefined;
      const plan: PlannedWrite[] = [...publish, ...verdict, ...(commentBody ? [{ operation: OP.prCommentAdd, params, body: commentBody }] : [])];
      return write(plan, async () => {
        const api = await ctx.api();
        for (const w of publish) {
          await api
            .PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', {
              params: { path: w.params },
              body: w.body as never,
            })
            .catch((e) => {
              throw notFound(e, `comment #${w.params.comment_id} not found on pull request #${id}`);
            });
        }
        try {
          if (input.verdict === 'approve')
            await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve', { params: { path: params } });
          else if (input.verdict === 'request-changes')
            await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes', { params: { path: params } });
        } catch (e) {
          throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
        }
        let comment: PrComment | null = null;
        if (commentBody) {
          const created = await api
            .POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments', { params: { path: params }, body: commentBody as never })
            .then((r) => requireFields(must(r) as unknown as Comment, 'the comment', ['id'], OP.prCommentAdd))
            .catch((e) => {
              throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
            });
          comment = cloudComment(created);
        }
        return { published: publish.length, comment };
      });
    },

    async declinePullRequest(repo, id, comment) {
      const params = pp(repo, id);
      const commentBody = { type: 'pullrequest_comment', content: { raw: comment ?? '' } };
      const plan: PlannedWrite[] = [...(comment ? [{ operation: OP.prCommentAdd, params, body: commentBody }] : []), { operation: OP.prDecline, params }];
      return write(plan, async () => {
        const api = await ctx.api();
        if (comment) {
          await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments', {
            params: { path: params },
            body: commentBody as never,
          });
        }
        return cloudPullRequest(
          must(
            await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/decline', { params: { path: params } }),
          ) as unknown as CloudPr,
        );
      });
    },

    async pullRequestDiff(repo, id) {
      const http = await ctx.http();
      try {
        const response = await http.send(new Request(http.url(expandPath(templateOf(OP.prDiff), pp(repo, id))), { headers: { Accept: 'text/plain' } }), {
          operation: OP.prDiff,
        });
        return await response.text();
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },

    async pullRequestDiffstat(repo, id) {
      interface CloudDiffStat {
        status?: string;
        lines_added?: number;
        lines_removed?: number;
        old?: { path?: string } | null;
        new?: { path?: string } | null;
      }
      let stats: CloudDiffStat[];
      try {
        stats = await paginate<CloudDiffStat>(await ctx.http(), templateOf(OP.prDiffstat), pp(repo, id), {}, { all: true });
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
      return stats.map((d) => ({
        status: d.status ?? '',
        path: d.new?.path ?? d.old?.path ?? '',
        oldPath: d.old?.path ?? null,
        linesAdded: d.lines_added ?? 0,
        linesRemoved: d.lines_removed ?? 0,
      }));
    },

    async listPullRequestActivity(repo, id, opts) {
      try {
        const items = await paginate<ActivityItem>(
          await ctx.http(),
          templateOf(OP.prActivity),
          pp(repo, id),
          {},
          { limit: opts.limit, all: opts.all, fields: ACTIVITY_FIELDS },
          50,
        );
        return items.map((a) => {
          const e = toEvent(a);
          return { date: e.date, who: cloudAccount(e.who), event: e.event, detail: e.detail };
        });
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },

    async listPullRequestComments(repo, id) {
      const comments = await paginate<Comment>(
        await ctx.http(),
        templateOf(OP.prComments),
        pp(repo, id),
        { sort: 'created_on' },
        { all: true, fields: COMMENT_FIELDS },
      );
      return comments.map(cloudComment);
    },

    async getPullRequestComment(repo, id, commentId) {
      const api = await ctx.api();
      const c = await api
        .GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', {
          params: { path: { ...pp(repo, id), comment_id: commentId } },
        })
        .then((r) => must(r) as unknown as Comment)
        .catch((e) => {
          throw notFound(e, `comment #${commentId} not found on pull request #${id}`);
        });
      return cloudComment(c);
    },

    async addPullRequestComment(repo, id, input) {
      if (input.task)
        throw new BbError('NOT_ON_CLOUD', 'blocker comments are a Bitbucket Data Center feature', {
          hints: ['on Bitbucket Cloud, add a plain comment; pull request tasks are what Cloud has for this'],
        });
      const params = pp(repo, id);
      const body: Record<string, unknown> = { type: 'pullrequest_comment', content: { raw: input.body } };
      if (input.parent !== undefined) body.parent = { id: input.parent };
      else if (input.path) {
        const inline: Record<string, unknown> = { path: input.path };
        if (input.line !== undefined) inline.to = input.line;
        if (input.oldLine !== undefined) inline.from = input.oldLine;
        if (input.startLine !== undefined) inline[input.line !== undefined ? 'start_to' : 'start_from'] = input.startLine;
        body.inline = inline;
      }
      if (input.pending) body.pending = true;
      return write([{ operation: OP.prCommentAdd, params, body }], async () => {
        const api = await ctx.api();
        const created = await api
          .POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments', { params: { path: params }, body: body as never })
          .then((r) => requireFields(must(r) as unknown as Comment, 'the comment', ['id'], OP.prCommentAdd))
          .catch((e) => {
            throw notFound(
              e,
              input.parent !== undefined
                ? `pull request #${id} or comment #${input.parent} not found`
                : `pull request #${id} not found in ${repo.workspace}/${repo.repo}`,
            );
          });
        return cloudComment(created);
      });
    },

    async editPullRequestComment(repo, id, commentId, text) {
      const path = { ...pp(repo, id), comment_id: commentId };
      const body = { type: 'pullrequest_comment', content: { raw: text } };
      return write([{ operation: OP.prCommentEdit, params: path, body }], async () => {
        const api = await ctx.api();
        const updated = await api
          .PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', { params: { path }, body: body as never })
          .then((r) => requireFields(must(r) as unknown as Comment, 'the comment', ['id'], OP.prCommentAdd))
          .catch((e) => {
            throw notFound(e, `comment #${commentId} not found on pull request #${id}`);
          });
        return cloudComment(updated);
      });
    },

    async deletePullRequestComment(repo, id, commentId) {
      const path = { ...pp(repo, id), comment_id: commentId };
      return write([{ operation: OP.prCommentDelete, params: path }], async () => {
        const api = await ctx.api();
        await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', { params: { path } }).catch((e) => {
          throw notFound(e, `comment #${commentId} not found on pull request #${id}`);
        });
      });
    },

    async resolvePullRequestComment(repo, id, commentId, resolved) {
      const path = { ...pp(repo, id), comment_id: commentId };
      return write([{ operation: resolved ? OP.prCommentResolve : OP.prCommentUnresolve, params: path }], async () => {
        const api = await ctx.api();
        const call = resolved
          ? api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve', { params: { path } })
          : api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve', { params: { path } });
        await call.catch((e) => {
          throw notFound(e, `comment #${commentId} not found on pull request #${id}`);
        });
      });
    },

    async setReviewers(repo, pr, add, remove) {
      const current: UserRef[] = pr.requested.flatMap((r) => refOf(r) ?? []);
      // to add: looked up among the participants, then the workspace members; to remove: among the reviewers only
      const users = add.length
        ? await resolveUsers(ctx, repo.workspace, add, pr.people.map(asAccount))
        : await reviewersToRemove(ctx, remove, pr.requested.map(asAccount), pr.id);
      if (users.length === 0) throw new BbError('INVALID_ARGUMENT', 'no users given');
      const drop = new Set(users.map(refKey));
      const reviewers = add.length ? dedupeRefs([...current, ...users]) : current.filter((r) => !drop.has(refKey(r)));
      const body = updateBody(pr, { reviewers });
      return { changed: users.length, ...write([{ operation: OP.prUpdate, params: pp(repo, pr.id), body }], () => put(pp(repo, pr.id), body)) };
    },

    async listPullRequestStatuses(repo, id) {
      try {
        return (await paginate<CloudStatus>(await ctx.http(), templateOf(OP.prStatuses), pp(repo, id), {}, { all: true, fields: STATUS_FIELDS })).map(
          cloudStatus,
        );
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },

    userKey(a) {
      return a.uuid;
    },

    async branchTip(repo, branch) {
      const api = await ctx.api();
      try {
        const b = must(
          await api.GET('/repositories/{workspace}/{repo_slug}/refs/branches/{name}', { params: { path: { ...repoParams(repo), name: branch } } }),
        ) as unknown as { target?: { hash?: string } };
        return { hash: b.target?.hash };
      } catch (e) {
        if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') return undefined;
        throw e;
      }
    },

    async gitRemote(repo, remotes) {
      const hosts = [new URL(ctx.apiUrl).host];
      for (const r of remotes) {
        const ref = parseRemoteUrl(r.url, hosts);
        if (ref && ref.workspace.toLowerCase() === repo.workspace.toLowerCase() && ref.repo.toLowerCase() === repo.repo.toLowerCase()) return r;
      }
      return remotes.find((r) => r.name === 'origin') ?? remotes[0] ?? { name: 'origin' };
    },

    async cloneUrl(repo, protocol) {
      const api = await ctx.api();
      const r = must(await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: repoParams(repo) } })) as unknown as {
        links?: { clone?: Array<{ name?: string; href?: string }> };
      };
      const clones = r.links?.clone ?? [];
      return (clones.find((c) => c.name === protocol) ?? clones.find((c) => c.name === 'https') ?? clones[0])?.href;
    },

    async gitFetchRefused(what, cause) {
      const scope = (await ctx.credential()).kind === 'access-token' ? 'repository' : 'read:repository:bitbucket';
      return new BbError(
        'API_FORBIDDEN',
        `git fetch of ${what} was refused (HTTP 403): git over https needs scope ${scope}, which the credential lacks (or your account cannot read the repository)`,
        {
          missingScopes: [scope],
          status: 403,
          cause,
        },
      );
    },
  };
  return methods;
}
