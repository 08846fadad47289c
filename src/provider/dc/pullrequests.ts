/**
 * Pull requests on Bitbucket Data Center (src/provider/pullrequests.ts), typed with the DC spec's schemas
 * (src/api/generated/dc-schema.d.ts). Every request names its DC operation (`METHOD /api/latest/…`, the key of
 * src/scopes/generated/dc-operations.ts) so a 403 names the permission and the cap. Writes that DC guards with
 * optimistic locking (update, merge, decline, comment edit/delete) read the current `version` first and
 * send it; a 409 "out of date" then means someone else changed it meanwhile.
 *
 * DC terms: "needs work" is Cloud's "request changes"; tasks are blocker comments (severity BLOCKER, 8.0+);
 * merge checks are `GET …/merge` (canMerge, vetoes); strategies are `no-ff`, `ff`, `ff-only`, `squash`,
 * `squash-ff-only`, `rebase-no-ff`, `rebase-ff-only`.
 */
import { requireFields } from '../../api/errors.js';
import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { parseDcRemoteUrl } from '../../git/remote.js';
import { notFound } from '../errors.js';
import { dcPages, dcPaginate, dcRequest, dcSend } from './http.js';
import { dcTraits } from './host.js';
import { dcRepository, repositoryMethods } from './repositories.js';
import type { DcRepository } from './shapes.js';
import { isoDate as iso } from '../../util/date.js';
import {
  type AddCommentInput,
  DC_MERGE_STRATEGIES,
  type DiffStat,
  type PrAccount,
  type PrComment,
  type PrEvent,
  type PullRequest,
  type PullRequestMethods,
  type ReviewState,
} from '../pullrequests.js';
import type { BuildStatus, PlannedWrite, RepoLocator, Write } from '../types.js';

type S = components['schemas'];
type DcPr = S['RestPullRequest'];
type DcUser = NonNullable<S['RestPullRequestParticipant']['user']>;
type DcParticipant = S['RestPullRequestParticipant'];
type DcComment = S['RestComment'] & { comments?: DcComment[]; threadResolved?: boolean; state?: string; severity?: string; parent?: { id?: number } };
type DcActivity = S['RestPullRequestActivity'] & {
  comment?: DcComment;
  /** `path` is an object on the wire (`{components, name, toString}`): read it through anchorFrom. */
  commentAnchor?: DcAnchor;
  commentAction?: string;
  addedReviewers?: DcUser[];
  removedReviewers?: DcUser[];
};
type DcChange = S['RestChange'];
type DcCommit = S['RestCommit'];

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
const PR = `${R}/pull-requests/{pullRequestId}`;
export const DC_OP = {
  list: `GET ${R}/pull-requests`,
  create: `POST ${R}/pull-requests`,
  get: `GET ${PR}`,
  update: `PUT ${PR}`,
  canMerge: `GET ${PR}/merge`,
  merge: `POST ${PR}/merge`,
  decline: `POST ${PR}/decline`,
  status: `PUT ${PR}/participants/{userSlug}`,
  addParticipant: `POST ${PR}/participants`,
  removeParticipant: `DELETE ${PR}/participants/{userSlug}`,
  activities: `GET ${PR}/activities`,
  changes: `GET ${PR}/changes`,
  diff: `GET ${PR}.diff`,
  commits: `GET ${PR}/commits`,
  commentAdd: `POST ${PR}/comments`,
  commentGet: `GET ${PR}/comments/{commentId}`,
  commentEdit: `PUT ${PR}/comments/{commentId}`,
  commentDelete: `DELETE ${PR}/comments/{commentId}`,
  finishReview: `PUT ${PR}/review`,
  review: `GET ${PR}/review`,
  defaultBranch: `GET ${R}/default-branch`,
  branches: `GET ${R}/branches`,
  user: 'GET /api/latest/users/{userSlug}',
  users: 'GET /api/latest/users',
  builds: 'GET /build-status/latest/commits/{commitId}',
  repo: `GET ${R}`,
  defaultReviewers: 'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/reviewers',
} as const;

// ---------------------------------------------------------------------------------------------------
// Mapping DC → domain

export function dcAccount(u: DcUser | undefined | null): PrAccount | null {
  if (!u) return null;
  return { nickname: u.slug ?? u.name ?? null, displayName: u.displayName ?? null, uuid: null, accountId: u.id !== undefined ? String(u.id) : null };
}

function reviewState(p: DcParticipant): ReviewState {
  return p.status === 'APPROVED' || p.approved ? 'approved' : p.status === 'NEEDS_WORK' ? 'changes requested' : 'pending';
}

function repoName(ref: DcPr['fromRef']): string | null {
  const r = ref?.repository as { slug?: string; project?: { key?: string } } | undefined;
  return r?.slug && r.project?.key ? `${r.project.key}/${r.slug}` : null;
}

function selfLink(links: unknown): string | null {
  const self = (links as { self?: Array<{ href?: string }> } | undefined)?.self;
  return self?.[0]?.href ?? null;
}

export function dcPullRequest(pr: DcPr): PullRequest {
  const reviewers = (pr.reviewers ?? []).flatMap((p) => {
    const a = dcAccount(p.user);
    return a ? [{ ...a, state: reviewState(p) }] : [];
  });
  const people = [pr.author, ...(pr.reviewers ?? []), ...(pr.participants ?? [])].flatMap((p) => dcAccount(p?.user) ?? []);
  const props = (pr as { properties?: { commentCount?: number; openTaskCount?: number; mergeResult?: { current?: boolean } } }).properties;
  return {
    id: pr.id ?? 0,
    title: pr.title ?? '',
    body: pr.description ?? '',
    state: pr.state ?? null,
    isDraft: Boolean(pr.draft),
    author: dcAccount(pr.author?.user),
    headRefName: pr.fromRef?.displayId ?? null,
    headRepository: repoName(pr.fromRef),
    headCommit: pr.fromRef?.latestCommit ?? null,
    baseRefName: pr.toRef?.displayId ?? null,
    baseRepository: repoName(pr.toRef),
    reviewers,
    reviewDecision: reviewers.some((r) => r.state === 'changes requested')
      ? 'CHANGES_REQUESTED'
      : reviewers.some((r) => r.state === 'approved')
        ? 'APPROVED'
        : 'REVIEW_REQUIRED',
    closeSourceBranch: false,
    mergeCommit: pr.state === 'MERGED' ? ((pr as { properties?: { mergeCommit?: { id?: string } } }).properties?.mergeCommit?.id ?? null) : null,
    commentCount: props?.commentCount ?? 0,
    taskCount: props?.openTaskCount ?? 0,
    createdAt: iso(pr.createdDate),
    updatedAt: iso(pr.updatedDate),
    url: selfLink(pr.links),
    requested: reviewers.map(({ state: _s, ...a }) => a),
    people,
    version: pr.version ?? null,
    mergeStrategies: null,
  };
}

function commentOf(c: DcComment, parentId: number | null, anchor: Anchor | undefined): PrComment {
  const onOld = anchor?.fileType === 'FROM';
  return {
    id: c.id ?? 0,
    parentId,
    author: dcAccount(c.author as DcUser | undefined),
    body: c.text ?? '',
    path: anchor?.path ?? null,
    line: anchor?.line !== undefined && !onOld ? anchor.line : null,
    oldLine: anchor?.line !== undefined && onOld ? anchor.line : null,
    startLine: anchor?.startLine ?? null,
    pending: c.state === 'PENDING' || (c as { pending?: boolean }).pending === true,
    resolved: c.state === 'RESOLVED' || Boolean(c.threadResolved),
    deleted: false,
    createdAt: iso(c.createdDate),
    updatedAt: iso(c.updatedDate),
    url: null,
    task: c.severity === 'BLOCKER',
    version: c.version ?? null,
  };
}

/** A comment and its replies, depth-first, each reply on its parent's line. */
function flatten(c: DcComment, parentId: number | null, anchor: Anchor | undefined): PrComment[] {
  const a = anchorOf(c) ?? anchor;
  return [commentOf(c, parentId, a), ...(c.comments ?? []).flatMap((r) => flatten(r, c.id ?? null, a))];
}

/** A comment's anchor as DC sends it: `path` a string or a path object (`{components, name, toString}`). */
type DcAnchor = {
  path?: string | { toString?: unknown; components?: unknown };
  line?: number;
  fileType?: string;
  multilineMarker?: { startLine?: number };
};
type Anchor = { path?: string; line?: number; fileType?: string; startLine?: number };

/** The anchor with its path as text (undefined without a path). */
function anchorFrom(a: DcAnchor | undefined): Anchor | undefined {
  if (!a?.path) return undefined;
  const p = a.path;
  const path =
    typeof p === 'string' ? p : typeof p.toString === 'string' ? p.toString : Array.isArray(p.components) ? p.components.map(String).join('/') : undefined;
  if (!path) return undefined;
  const start = a.multilineMarker?.startLine;
  return { path, line: typeof a.line === 'number' ? a.line : undefined, fileType: a.fileType, startLine: typeof start === 'number' ? start : undefined };
}

function anchorOf(c: DcComment): Anchor | undefined {
  return anchorFrom(c.anchor as DcAnchor | undefined);
}

function event(a: DcActivity): PrEvent {
  const date = iso(a.createdDate) ?? '';
  const who = dcAccount(a.user);
  switch (a.action) {
    case 'APPROVED':
      return { date, who, event: 'approved', detail: '' };
    case 'UNAPPROVED':
      return { date, who, event: 'unapproved', detail: '' };
    case 'REVIEWED':
      return { date, who, event: 'needs work', detail: '' };
    case 'COMMENTED': {
      const c = a.comment;
      const anchor = anchorFrom(a.commentAnchor) ?? (c ? anchorOf(c) : undefined);
      const where = anchor?.path ? `${anchor.path}${anchor.line ? `:${anchor.line}` : ''}: ` : '';
      return { date, who, event: 'commented', detail: `${where}${(c?.text ?? '').split('\n')[0]}` };
    }
    case 'MERGED':
      return { date, who, event: 'merged', detail: '' };
    case 'DECLINED':
      return { date, who, event: 'declined', detail: '' };
    case 'REOPENED':
      return { date, who, event: 'reopened', detail: '' };
    case 'OPENED':
      return { date, who, event: 'pushed / opened', detail: '' };
    case 'RESCOPED':
      return { date, who, event: 'pushed', detail: '' };
    case 'UPDATED':
      return {
        date,
        who,
        event: 'updated',
        detail: [
          a.addedReviewers?.length ? `added ${a.addedReviewers.map((u) => u.slug).join(', ')}` : '',
          a.removedReviewers?.length ? `removed ${a.removedReviewers.map((u) => u.slug).join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      };
    default:
      return { date, who, event: (a.action ?? 'activity').toLowerCase().replace(/_/g, ' '), detail: '' };
  }
}

// ---------------------------------------------------------------------------------------------------
// Merge

/** gh's --merge/--squash/--rebase as Data Center names them. */
const GH_STRATEGY = { merge: 'no-ff', squash: 'squash', rebase: 'rebase-ff-only' } as const;

/**
 * The merge checks (GET …/merge: canMerge, conflicted, vetoes): a veto is MERGE_VETOED (2011) with each veto's summary
 * and detail, and nothing is sent.
 */
async function mergeChecks(ctx: Context, repo: RepoLocator, pr: PullRequest): Promise<void> {
  const m = await dcSend<S['RestPullRequestMergeability']>(ctx, DC_OP.canMerge, {
    projectKey: repo.workspace,
    repositorySlug: repo.repo,
    pullRequestId: pr.id,
  });
  if ((m as { canMerge?: boolean }).canMerge) return;
  const check = {
    vetoes: (m.vetoes ?? []).map((v) => ({ summary: v.summaryMessage ?? 'vetoed', detail: v.detailedMessage ?? null })),
    conflicted: Boolean(m.conflicted),
    outcome: m.outcome ?? null,
  };
  const vetoes = check.vetoes.map((v) => (v.detail && v.detail !== v.summary ? `${v.summary}: ${v.detail}` : v.summary));
  if (check.conflicted && vetoes.length === 0) vetoes.push(`${pr.headRefName} conflicts with ${pr.baseRefName}`);
  throw new BbError(
    'MERGE_VETOED',
    `pull request #${pr.id} cannot be merged: ${vetoes.length === 1 ? vetoes[0] : `${vetoes.length || 'its'} merge checks refuse it`}`,
    {
      operation: DC_OP.canMerge,
      details: check,
      hints: [
        ...(vetoes.length > 1 ? vetoes.map((v) => `veto: ${v}`) : []),
        check.conflicted
          ? `update it: git fetch && git checkout ${pr.headRefName} && git merge origin/${pr.baseRefName}, resolve the conflicts, push, then merge again`
          : 'meet the merge checks (approvals: bb pr approve; tasks: bb pr comments list), then merge again',
      ],
    },
  );
}

/** A 409 on the merge: the version moved on (someone changed it meanwhile), or a merge check refused it since. */
function explainMergeError(e: unknown, id: number): unknown {
  if (e instanceof BbError && e.errorName === 'API_CONFLICT' && /out-of-date|out of date|version/i.test(e.message))
    return new BbError('API_CONFLICT', `pull request #${id} changed while merging (its version moved on): ${e.message.replace(/^POST \S+: /, '')}`, {
      operation: e.operation,
      status: e.status,
      hints: [`look at it again (bb pr view ${id}), then merge again`],
    });
  if (e instanceof BbError && e.errorName === 'API_CONFLICT')
    return new BbError('MERGE_VETOED', `pull request #${id} cannot be merged: ${e.message.replace(/^POST \S+: /, '')}`, {
      operation: e.operation,
      status: e.status,
      hints: [`see why: bb pr view ${id}; the merge checks may have changed since bb asked`],
    });
  return e;
}

const BUILD_STATE: Record<string, string> = { CANCELLED: 'STOPPED', UNKNOWN: 'INPROGRESS' };

// ---------------------------------------------------------------------------------------------------

function write<T>(plan: PlannedWrite[], send: () => Promise<T>): Write<T> {
  return { plan, send };
}

export function dcPullRequestMethods(ctx: Context): PullRequestMethods {
  const rp = (repo: RepoLocator) => ({ projectKey: repo.workspace, repositorySlug: repo.repo });
  const pp = (repo: RepoLocator, id: number) => ({ ...rp(repo), pullRequestId: id });
  let self: Promise<PrAccount> | undefined;

  const get = async (repo: RepoLocator, id: number): Promise<DcPr> => {
    try {
      return await dcSend<DcPr>(ctx, DC_OP.get, pp(repo, id));
    } catch (e) {
      throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
    }
  };

  /** A user slug for a name: `@me`, a slug, or (failing that) a search of the users by name. */
  const userSlug = async (name: string, known: PrAccount[]): Promise<string> => {
    const n = name.trim().replace(/^@(?!me$)/, '');
    if (n === '@me') {
      const me = await methods.currentUser();
      return me.nickname ?? '';
    }
    const hit = known.find((k) => k.nickname?.toLowerCase() === n.toLowerCase() || k.displayName?.toLowerCase() === n.toLowerCase());
    if (hit?.nickname) return hit.nickname;
    try {
      const u = await dcSend<DcUser>(ctx, DC_OP.user, { userSlug: n.toLowerCase() });
      if (u?.slug) return u.slug;
    } catch (e) {
      if (!(e instanceof BbError && e.errorName === 'API_NOT_FOUND')) throw e;
    }
    throw new BbError('INVALID_ARGUMENT', `no user is called "${n}" on this Bitbucket Data Center`, {
      hints: ["give the user's slug (user name) as shown in Bitbucket"],
    });
  };

  const methods: PullRequestMethods = {
    async listPullRequests(repo, opts) {
      const prs: PullRequest[] = [];
      for await (const page of methods.pullRequestPages(repo, opts)) for (const p of page) prs.push(p);
      return prs;
    },

    async *pullRequestPages(repo, opts) {
      const states = opts.states.filter((s) => s !== 'SUPERSEDED');
      const state = states.length === 1 ? states[0] : 'ALL';
      const budget = opts.all ? Number.POSITIVE_INFINITY : (opts.limit ?? 30);
      const who = async (u: string | undefined) => (u ? (u === '@me' ? ((await methods.currentUser()).nickname ?? '') : u.replace(/^@/, '')) : undefined);
      const author = await who(opts.author);
      const reviewer = await who(opts.reviewer);
      const query: Record<string, string | undefined> = { state, order: 'NEWEST', filterText: opts.search };
      if (opts.base && !opts.head) Object.assign(query, { at: `refs/heads/${opts.base}`, direction: 'INCOMING' });
      else if (opts.head) Object.assign(query, { at: `refs/heads/${opts.head}`, direction: 'OUTGOING' });
      const pages = dcPages<DcPr>(ctx, DC_OP.list, rp(repo), query, {
        budget,
        keep: (p) => {
          if (!states.includes(p.state ?? '')) return false;
          if (opts.base && p.toRef?.displayId !== opts.base) return false;
          if (opts.head && p.fromRef?.displayId !== opts.head) return false;
          if (author && p.author?.user?.slug !== author) return false;
          if (reviewer && !(p.reviewers ?? []).some((r) => r.user?.slug === reviewer)) return false;
          return true;
        },
      });
      for await (const page of pages) yield page.map(dcPullRequest);
    },

    async pullRequestForBranch(repo, branch) {
      const found = await methods.listPullRequests(repo, { states: ['OPEN'], head: branch, limit: 1 });
      if (!found[0])
        throw new BbError('API_NOT_FOUND', `no open pull request from branch "${branch}" in ${repo.workspace}/${repo.repo}`, {
          operation: DC_OP.list,
          hints: ['create one with `bb pr create`, or pass the pull request number'],
        });
      return found[0];
    },

    async getPullRequest(repo, id) {
      return dcPullRequest(await get(repo, id));
    },

    currentUser() {
      self ??= (async () => {
        // DC answers every REST call with X-AUSERNAME; the cheapest call that needs a user tells who bb acts as.
        const { http, response: r } = await dcRequest(ctx, DC_OP.users, {}, { query: { limit: 1 } });
        const cred = http.credential as { username?: string; email?: string } | undefined;
        const name = r.headers.get('x-ausername') ?? cred?.username ?? cred?.email;
        await r.body?.cancel();
        if (!name) throw new BbError('API_BAD_RESPONSE', 'Bitbucket Data Center did not say who the credential belongs to (X-AUSERNAME)');
        const u = await dcSend<DcUser>(ctx, DC_OP.user, { userSlug: name });
        return dcAccount(u) as PrAccount;
      })();
      return self;
    },

    async newPullRequestPage(repo, head, base) {
      const dest = base ?? (await repositoryMethods(ctx).mainBranch(repo));
      const host = await ctx.host();
      const refs = new URLSearchParams({ sourceBranch: `refs/heads/${head}`, targetBranch: `refs/heads/${dest}` }).toString();
      return { url: dcTraits.repoPage(ctx, host, repo, { cloud: '', dc: `/pull-requests?create&${refs}` }, 'creating a pull request'), base: dest };
    },
    prefetchCreate() {
      // Data Center's default reviewers depend on both branches and both repositories' ids: nothing to start early
    },

    async createPullRequest(repo, input) {
      const names = input.reviewers.length ? await Promise.all(input.reviewers.map((r) => userSlug(r, []))) : [];
      // The reviewers the repository's default reviewer conditions give for these branches (DC adds none by itself)
      if (input.defaultReviewers) {
        const target = await dcSend<{ id?: number }>(ctx, DC_OP.repo, rp(repo));
        const source = input.headRepo ? await dcSend<{ id?: number }>(ctx, DC_OP.repo, rp(input.headRepo)) : target;
        if (target?.id !== undefined && source?.id !== undefined) {
          const query = { sourceRefId: `refs/heads/${input.head}`, targetRefId: `refs/heads/${input.base}`, sourceRepoId: source.id, targetRepoId: target.id };
          const users = await dcSend<DcUser[]>(ctx, DC_OP.defaultReviewers, rp(repo), { query });
          for (const u of Array.isArray(users) ? users : []) if (u.slug ?? u.name) names.push((u.slug ?? u.name) as string);
        }
      }
      let slugs = [...new Set(names)];
      if (slugs.length) {
        const me = (await methods.currentUser()).nickname;
        slugs = slugs.filter((s) => s !== me);
      }
      const repository = { slug: repo.repo, project: { key: repo.workspace } };
      // from a fork: fromRef names the fork (the pull request is created in the target repository)
      const fromRepository = input.headRepo ? { slug: input.headRepo.repo, project: { key: input.headRepo.workspace } } : repository;
      const body = {
        title: input.title,
        description: input.body,
        fromRef: { id: `refs/heads/${input.head}`, repository: fromRepository },
        toRef: { id: `refs/heads/${input.base}`, repository },
        reviewers: slugs.map((name) => ({ user: { name } })),
        ...(input.draft ? { draft: true } : {}),
      };
      return {
        reviewers: slugs.length,
        ...write([{ operation: DC_OP.create, params: rp(repo), body }], async () =>
          dcPullRequest(requireFields(await dcSend<DcPr>(ctx, DC_OP.create, rp(repo), { body }), 'the pull request', ['id'], DC_OP.create)),
        ),
      };
    },

    async updatePullRequest(repo, pr, change) {
      let reviewers = pr.requested.flatMap((r) => (r.nickname ? [r.nickname] : []));
      if (change.addReviewers?.length || change.removeReviewers?.length) {
        const add = await Promise.all((change.addReviewers ?? []).map((n) => userSlug(n, pr.people)));
        const remove = new Set(await Promise.all((change.removeReviewers ?? []).map((n) => userSlug(n, pr.people))));
        reviewers = [...new Set([...reviewers, ...add])].filter((r) => !remove.has(r));
      }
      const body: Record<string, unknown> = {
        version: pr.version ?? 0,
        title: change.title ?? pr.title,
        description: change.body ?? pr.body,
        reviewers: reviewers.map((name) => ({ user: { name } })),
        ...(change.base ? { toRef: { id: `refs/heads/${change.base}` } } : {}),
        ...(change.draft !== undefined ? { draft: change.draft } : {}),
      };
      return write([{ operation: DC_OP.update, params: pp(repo, pr.id), body }], async () =>
        dcPullRequest(await dcSend<DcPr>(ctx, DC_OP.update, pp(repo, pr.id), { body })),
      );
    },

    async mergePullRequest(repo, id, request) {
      const strategy = request.method ? GH_STRATEGY[request.method] : request.strategy;
      if (strategy && !(DC_MERGE_STRATEGIES as readonly string[]).includes(strategy))
        throw new BbError('INVALID_ARGUMENT', `${strategy} is a Bitbucket Cloud strategy`, { hints: [`on Data Center: ${DC_MERGE_STRATEGIES.join(', ')}`] });
      if (request.closeSourceBranch === true)
        request.progress('! --delete-branch: Data Center deletes the source branch only through its own "delete after merge" setting');
      const pr = dcPullRequest(await get(repo, id));
      if (pr.state !== 'OPEN') {
        throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state?.toLowerCase() ?? 'not open'}: only open pull requests can be merged`, {
          hints:
            pr.state === 'MERGED' ? ['nothing to do'] : pr.state === 'DECLINED' ? [`reopen it on its web page first (bb pr view ${id} --web), then merge`] : [],
        });
      }
      const query = { version: pr.version ?? 0 };
      const body: Record<string, unknown> = {};
      if (strategy) body.strategyId = strategy;
      if (request.message !== undefined) body.message = request.message;
      return write([{ operation: DC_OP.merge, params: pp(repo, id), query, body }], async () => {
        await mergeChecks(ctx, repo, pr);
        let merged: PullRequest;
        try {
          merged = dcPullRequest(await dcSend<DcPr>(ctx, DC_OP.merge, pp(repo, id), { query, body }));
        } catch (e) {
          throw explainMergeError(e, id);
        }
        return { merged, before: pr, deletedBranch: null };
      });
    },

    async review(repo, id, action) {
      const me = (await methods.currentUser()).nickname ?? '';
      const status = action === 'approve' ? 'APPROVED' : action === 'request-changes' ? 'NEEDS_WORK' : 'UNAPPROVED';
      const params = { ...pp(repo, id), userSlug: me };
      const body = { status };
      return write([{ operation: DC_OP.status, params, body }], async () => {
        await dcSend(ctx, DC_OP.status, params, { body });
      });
    },

    async submitReview(repo, id, input) {
      const params = pp(repo, id);
      const status = input.verdict === 'approve' ? 'APPROVED' : input.verdict === 'request-changes' ? 'NEEDS_WORK' : undefined;
      // your review in progress: the threads holding your pending comments (none: nothing to publish, no review to finish)
      const threads = input.publishPending ? await dcPaginate<DcComment>(ctx, DC_OP.review, params, {}, { all: true }) : [];
      const countPending = (c: DcComment): number => (c.state === 'PENDING' ? 1 : 0) + (c.comments ?? []).reduce((n, r) => n + countPending(r), 0);
      const pending = threads.reduce((n, t) => n + countPending(t), 0);
      if (pending > 0) {
        // one request: publishes your pending comments, adds the text as a comment and sets your status
        const body: Record<string, unknown> = {};
        if (input.body) body.commentText = input.body;
        if (status) body.participantStatus = status;
        return write([{ operation: DC_OP.finishReview, params, body }], async () => {
          // the answer ("the number of published comments") has no schema in the spec: not read
          await dcSend(ctx, DC_OP.finishReview, params, { body }).catch((e) => {
            throw notFound(e, `you have no review in progress on pull request #${id} (no pending comments)`);
          });
          return { published: pending, comment: null };
        });
      }
      const me = status ? ((await methods.currentUser()).nickname ?? '') : '';
      const plan: PlannedWrite[] = [
        ...(status ? [{ operation: DC_OP.status, params: { ...params, userSlug: me }, body: { status } }] : []),
        ...(input.body ? [{ operation: DC_OP.commentAdd, params, body: { text: input.body } }] : []),
      ];
      return write(plan, async () => {
        if (status) await dcSend(ctx, DC_OP.status, { ...params, userSlug: me }, { body: { status } });
        let comment: PrComment | null = null;
        if (input.body) {
          const c = await dcSend<DcComment>(ctx, DC_OP.commentAdd, params, { body: { text: input.body } });
          requireFields(c, 'the comment', ['id'], DC_OP.commentAdd);
          comment = commentOf(c, null, undefined);
        }
        return { published: input.publishPending ? 0 : null, comment };
      });
    },

    async declinePullRequest(repo, id, comment) {
      const pr = await get(repo, id);
      const query = { version: pr.version ?? 0 };
      const body = comment ? { comment } : {};
      return write([{ operation: DC_OP.decline, params: pp(repo, id), query, body }], async () =>
        dcPullRequest(await dcSend<DcPr>(ctx, DC_OP.decline, pp(repo, id), { query, body })),
      );
    },

    async pullRequestDiff(repo, id) {
      try {
        return await (await dcRequest(ctx, DC_OP.diff, pp(repo, id), { accept: 'text/plain' })).response.text();
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },

    async pullRequestDiffstat(repo, id) {
      const path = (p: unknown) => (p as { toString?: string } | undefined)?.toString ?? (p as { components?: string[] } | undefined)?.components?.join('/');
      const changes = await dcPaginate<DcChange>(ctx, DC_OP.changes, pp(repo, id), {}, { all: true }).catch((e) => {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      });
      const STATUS: Record<string, string> = { ADD: 'added', DELETE: 'removed', MODIFY: 'modified', MOVE: 'renamed', COPY: 'copied' };
      return changes.map(
        (c): DiffStat => ({
          status: STATUS[c.type ?? ''] ?? (c.type ?? '').toLowerCase(),
          path: path(c.path) ?? '',
          oldPath: path(c.srcPath) ?? null,
          linesAdded: null,
          linesRemoved: null,
        }),
      );
    },

    async listPullRequestActivity(repo, id, opts) {
      const budget = opts.all ? Number.POSITIVE_INFINITY : (opts.limit ?? 30);
      const items = await dcPaginate<DcActivity>(ctx, DC_OP.activities, pp(repo, id), {}, { budget }).catch((e) => {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      });
      return items.map(event);
    },

    async listPullRequestComments(repo, id, opts) {
      // DC lists a pull request's comments through its activities (…/comments needs a path): each COMMENTED/ADDED
      // activity holds a root comment with its replies.
      const items = await dcPaginate<DcActivity>(ctx, DC_OP.activities, pp(repo, id), {}, { all: true });
      const roots = items.filter((a) => a.action === 'COMMENTED' && a.comment && (a.commentAction ?? 'ADDED') === 'ADDED');
      const published = roots
        .sort((a, b) => (a.createdDate ?? 0) - (b.createdDate ?? 0))
        .flatMap((a) => flatten(a.comment as DcComment, null, anchorFrom(a.commentAnchor) ?? anchorOf(a.comment as DcComment)));
      if (!opts?.withPending) return published;
      // your review in progress: the threads holding your pending comments (which have no activity yet)
      const threads = await dcPaginate<DcComment>(ctx, DC_OP.review, pp(repo, id), {}, { all: true });
      const known = new Set(published.map((c) => c.id));
      const pending = threads.flatMap((t) => flatten(t, null, anchorOf(t))).filter((c) => c.pending && !known.has(c.id));
      return [...published, ...pending];
    },

    async getPullRequestComment(repo, id, commentId) {
      try {
        const c = await dcSend<DcComment>(ctx, DC_OP.commentGet, { ...pp(repo, id), commentId });
        return commentOf(c, c.parent?.id ?? null, anchorOf(c));
      } catch (e) {
        throw notFound(e, `comment #${commentId} not found on pull request #${id}`);
      }
    },

    async addPullRequestComment(repo, id, input: AddCommentInput) {
      const body: Record<string, unknown> = { text: input.body };
      if (input.parent !== undefined) body.parent = { id: input.parent };
      if (input.task) body.severity = 'BLOCKER';
      if (input.pending) body.state = 'PENDING';
      const onOld = input.line === undefined && input.oldLine !== undefined;
      if (input.path) {
        const lineType = onOld ? 'REMOVED' : 'ADDED';
        body.anchor = {
          path: input.path,
          diffType: 'EFFECTIVE',
          ...(input.line !== undefined || input.oldLine !== undefined
            ? { line: onOld ? input.oldLine : input.line, lineType, fileType: onOld ? 'FROM' : 'TO' }
            : {}),
          ...(input.startLine !== undefined ? { multilineMarker: { startLine: input.startLine, startLineType: lineType } } : {}),
        };
      }
      return write([{ operation: DC_OP.commentAdd, params: pp(repo, id), body }], async () => {
        const c = await dcSend<DcComment>(ctx, DC_OP.commentAdd, pp(repo, id), { body }).catch((e) => {
          throw notFound(
            e,
            input.parent ? `pull request #${id} or comment #${input.parent} not found` : `pull request #${id} not found in ${repo.workspace}/${repo.repo}`,
          );
        });
        requireFields(c, 'the comment', ['id'], DC_OP.commentAdd);
        return commentOf(
          c,
          input.parent ?? null,
          anchorOf(c) ??
            (input.path ? { path: input.path, line: input.line ?? input.oldLine, fileType: onOld ? 'FROM' : 'TO', startLine: input.startLine } : undefined),
        );
      });
    },

    async editPullRequestComment(repo, id, commentId, text) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const body = { text, version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentEdit, params, body }], async () => {
        const c = await dcSend<DcComment>(ctx, DC_OP.commentEdit, params, { body });
        return commentOf(c, current.parentId, anchorOf(c));
      });
    },

    async deletePullRequestComment(repo, id, commentId) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const query = { version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentDelete, params, query }], async () => {
        await dcSend(ctx, DC_OP.commentDelete, params, { query });
      });
    },

    async resolvePullRequestComment(repo, id, commentId, resolved) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const body = { state: resolved ? 'RESOLVED' : 'OPEN', version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentEdit, params, body }], async () => {
        await dcSend(ctx, DC_OP.commentEdit, params, { body });
      });
    },

    async setReviewers(repo, pr, add, remove) {
      const addSlugs = await Promise.all(add.map((n) => userSlug(n, pr.people)));
      const removeSlugs = await Promise.all(remove.map((n) => userSlug(n, pr.people)));
      const plan: PlannedWrite[] = [
        ...addSlugs.map((name) => ({ operation: DC_OP.addParticipant, params: pp(repo, pr.id), body: { user: { name }, role: 'REVIEWER' } })),
        ...removeSlugs.map((userSlug) => ({ operation: DC_OP.removeParticipant, params: { ...pp(repo, pr.id), userSlug } })),
      ];
      return {
        changed: plan.length,
        ...write(plan, async () => {
          for (const p of plan) await dcSend(ctx, p.operation, p.params, { body: p.body });
          return dcPullRequest(await get(repo, pr.id));
        }),
      };
    },

    async listPullRequestStatuses(repo, id) {
      const pr = await get(repo, id);
      const commit = pr.fromRef?.latestCommit;
      if (!commit) return [];
      type DcBuild = { key?: string; name?: string; state?: string; url?: string; description?: string; dateAdded?: number; ref?: string };
      const builds = await dcPaginate<DcBuild>(ctx, DC_OP.builds, { commitId: commit }, {}, { all: true });
      return builds.map(
        (b): BuildStatus => ({
          key: b.key ?? null,
          name: b.name ?? null,
          state: b.state ? (BUILD_STATE[b.state] ?? b.state) : null,
          url: b.url ?? null,
          description: b.description ?? null,
          refName: b.ref ?? null,
          commit,
          createdAt: iso(b.dateAdded),
          updatedAt: iso(b.dateAdded),
        }),
      );
    },

    userKey(a) {
      return a.nickname;
    },

    async branchTip(repo, branch) {
      type DcBranch = { displayId?: string; latestCommit?: string };
      const found = await dcPaginate<DcBranch>(ctx, DC_OP.branches, rp(repo), { filterText: branch }, { all: true, keep: (b) => b.displayId === branch });
      return found[0] ? { hash: found[0].latestCommit } : undefined;
    },

    async gitRemote(repo, remotes) {
      // the repository's /scm/ or ssh URL on this host
      const host = await ctx.host();
      for (const r of remotes) {
        const ref = parseDcRemoteUrl(r.url, [host.key]);
        if (ref && ref.workspace.toLowerCase() === repo.workspace.toLowerCase() && ref.repo.toLowerCase() === repo.repo.toLowerCase()) return r;
      }
      return remotes.find((r) => r.name === 'origin') ?? remotes[0] ?? { name: 'origin' };
    },

    async cloneUrl(repo, protocol) {
      const r = dcRepository(await dcSend<DcRepository>(ctx, DC_OP.repo, rp(repo)));
      return (protocol === 'ssh' ? (r.sshUrl ?? r.httpsUrl) : (r.httpsUrl ?? r.sshUrl)) ?? undefined;
    },

    async gitFetchRefused(what, cause) {
      return new BbError(
        'API_FORBIDDEN',
        `git fetch of ${what} was refused (HTTP 403): git over https needs REPO_READ permission on the repository, which the credential or your account lacks`,
        {
          missingScopes: ['REPO_READ'],
          status: 403,
          cause,
          hints: ["a token's permission never exceeds your own: you need REPO_READ on the repository yourself, and a credential that carries it"],
        },
      );
    },
  };
  return methods;
}

export type { DcCommit };
