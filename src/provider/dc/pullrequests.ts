/**
 * Pull requests on Bitbucket Data Center (src/provider/pullrequests.ts), typed with the DC spec's schemas
 * (src/api/generated/dc-schema.d.ts). Every request names its DC operation (`METHOD /api/latest/…`, the key of
 * src/scopes/generated/dc-operations.ts) so a 403 names the permission and the cap. Writes that DC guards with
 * optimistic locking (update, merge, decline, reopen, comment edit/delete) read the current `version` first and
 * send it; a 409 "out of date" then means someone else changed it meanwhile.
 *
 * DC terms: "needs work" is Cloud's "request changes"; tasks are blocker comments (severity BLOCKER, 8.0+);
 * merge checks are `GET …/merge` (canMerge, vetoes); strategies are `no-ff`, `ff`, `ff-only`, `squash`,
 * `squash-ff-only`, `rebase-no-ff`, `rebase-ff-only`.
 */
import type { HttpTransport } from '../../api/http.js';
import { requireFields } from '../../api/errors.js';
import type { components } from '../../api/generated/dc-schema.js';
import { expandPath } from '../../api/path.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { dcJson, dcPaginate } from './http.js';
import { isoDate as iso } from '../../util/date.js';
import type { AddCommentInput, DiffStat, MergeCheck, PrAccount, PrComment, PrEvent, PullRequest, PullRequestMethods, ReviewState } from '../pullrequests.js';
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
  reopen: `POST ${PR}/reopen`,
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
  defaultBranch: `GET ${R}/default-branch`,
  branches: `GET ${R}/branches`,
  user: 'GET /api/latest/users/{userSlug}',
  users: 'GET /api/latest/users',
  builds: 'GET /build-status/latest/commits/{commitId}',
  repo: `GET ${R}`,
  defaultReviewers: 'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/reviewers',
} as const;

// ---------------------------------------------------------------------------------------------------
// Transport: the instance base + /rest + the spec template; each request names its operation.

export class DcPrHttp {
  constructor(private readonly ctx: Context) {}
  private http?: Promise<HttpTransport>;

  transport(): Promise<HttpTransport> {
    this.http ??= this.ctx.http();
    return this.http;
  }

  async url(operation: string, params: Record<string, string | number>, query: Record<string, string | number | boolean | undefined> = {}): Promise<URL> {
    const http = await this.transport();
    const template = operation.slice(operation.indexOf(' ') + 1);
    const url = http.url(`/rest${expandPath(template, params)}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  async send(
    operation: string,
    params: Record<string, string | number>,
    opts: { query?: Record<string, string | number | boolean | undefined>; body?: unknown; accept?: string } = {},
  ): Promise<Response> {
    const http = await this.transport();
    const method = operation.slice(0, operation.indexOf(' '));
    const url = await this.url(operation, params, opts.query);
    const headers: Record<string, string> = {};
    if (opts.accept) headers.Accept = opts.accept;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    return http.send(new Request(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), { operation });
  }

  async json<T>(operation: string, params: Record<string, string | number>, opts: Parameters<DcPrHttp['send']>[2] = {}): Promise<T> {
    const r = await this.send(operation, params, opts);
    return dcJson<T>(await this.transport(), r, new URL(r.url || (await this.url(operation, params, opts.query))), operation);
  }

  /** DC paging through the one DC pager (dcPaginate): until the budget (Infinity with --all); `keep` filters on the way. */
  async page<T>(
    operation: string,
    params: Record<string, string | number>,
    query: Record<string, string | number | boolean | undefined>,
    budget: number,
    keep?: (item: T) => boolean,
  ): Promise<T[]> {
    return dcPaginate<T>(this.ctx, operation, params, query, { budget, keep });
  }
}

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

function commentOf(c: DcComment, parentId: number | null, anchor: { path?: string; line?: number; fileType?: string } | undefined): PrComment {
  const onOld = anchor?.fileType === 'FROM';
  return {
    id: c.id ?? 0,
    parentId,
    author: dcAccount(c.author as DcUser | undefined),
    body: c.text ?? '',
    path: anchor?.path ?? null,
    line: anchor?.line !== undefined && !onOld ? anchor.line : null,
    oldLine: anchor?.line !== undefined && onOld ? anchor.line : null,
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
function flatten(c: DcComment, parentId: number | null, anchor: { path?: string; line?: number; fileType?: string } | undefined): PrComment[] {
  const a = anchorOf(c) ?? anchor;
  return [commentOf(c, parentId, a), ...(c.comments ?? []).flatMap((r) => flatten(r, c.id ?? null, a))];
}

/** A comment's anchor as DC sends it: `path` a string or a path object (`{components, name, toString}`). */
type DcAnchor = { path?: string | { toString?: unknown; components?: unknown }; line?: number; fileType?: string };

/** The anchor with its path as text (undefined without a path). */
function anchorFrom(a: DcAnchor | undefined): { path?: string; line?: number; fileType?: string } | undefined {
  if (!a?.path) return undefined;
  const p = a.path;
  const path =
    typeof p === 'string' ? p : typeof p.toString === 'string' ? p.toString : Array.isArray(p.components) ? p.components.map(String).join('/') : undefined;
  if (!path) return undefined;
  return { path, line: typeof a.line === 'number' ? a.line : undefined, fileType: a.fileType };
}

function anchorOf(c: DcComment): { path?: string; line?: number; fileType?: string } | undefined {
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

const BUILD_STATE: Record<string, string> = { CANCELLED: 'STOPPED', UNKNOWN: 'INPROGRESS' };

// ---------------------------------------------------------------------------------------------------

function write<T>(plan: PlannedWrite[], send: () => Promise<T>): Write<T> {
  return { plan, send };
}

export function dcPullRequestMethods(ctx: Context): PullRequestMethods {
  const h = new DcPrHttp(ctx);
  const rp = (repo: RepoLocator) => ({ projectKey: repo.workspace, repositorySlug: repo.repo });
  const pp = (repo: RepoLocator, id: number) => ({ ...rp(repo), pullRequestId: id });
  const missing = (e: unknown, message: string) =>
    e instanceof BbError && e.errorName === 'API_NOT_FOUND'
      ? new BbError('API_NOT_FOUND', message, { operation: e.operation, status: 404, hints: e.hints })
      : e;
  let self: Promise<PrAccount> | undefined;

  const get = async (repo: RepoLocator, id: number): Promise<DcPr> => {
    try {
      return await h.json<DcPr>(DC_OP.get, pp(repo, id));
    } catch (e) {
      throw missing(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
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
      const u = await h.json<DcUser>(DC_OP.user, { userSlug: n.toLowerCase() });
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
      const states = opts.states.filter((s) => s !== 'SUPERSEDED');
      const state = states.length === 1 ? states[0] : 'ALL';
      const budget = opts.all ? Number.POSITIVE_INFINITY : (opts.limit ?? 30);
      const who = async (u: string | undefined) => (u ? (u === '@me' ? ((await methods.currentUser()).nickname ?? '') : u.replace(/^@/, '')) : undefined);
      const author = await who(opts.author);
      const reviewer = await who(opts.reviewer);
      const query: Record<string, string | undefined> = { state, order: 'NEWEST', filterText: opts.search };
      if (opts.base && !opts.head) Object.assign(query, { at: `refs/heads/${opts.base}`, direction: 'INCOMING' });
      else if (opts.head) Object.assign(query, { at: `refs/heads/${opts.head}`, direction: 'OUTGOING' });
      const prs = await h.page<DcPr>(DC_OP.list, rp(repo), query, budget, (p) => {
        if (!states.includes(p.state ?? '')) return false;
        if (opts.base && p.toRef?.displayId !== opts.base) return false;
        if (opts.head && p.fromRef?.displayId !== opts.head) return false;
        if (author && p.author?.user?.slug !== author) return false;
        if (reviewer && !(p.reviewers ?? []).some((r) => r.user?.slug === reviewer)) return false;
        return true;
      });
      return prs.map(dcPullRequest);
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
        const http = await h.transport();
        const cred = http.credential as { username?: string; email?: string } | undefined;
        // DC answers every REST call with X-AUSERNAME; the cheapest call that needs a user tells who bb acts as.
        const r = await h.send(DC_OP.users, {}, { query: { limit: 1 } });
        const name = r.headers.get('x-ausername') ?? cred?.username ?? cred?.email;
        await r.body?.cancel();
        if (!name) throw new BbError('API_BAD_RESPONSE', 'Bitbucket Data Center did not say who the credential belongs to (X-AUSERNAME)');
        const u = await h.json<DcUser>(DC_OP.user, { userSlug: name });
        return dcAccount(u) as PrAccount;
      })();
      return self;
    },

    async createPullRequest(repo, input) {
      const names = input.reviewers.length ? await Promise.all(input.reviewers.map((r) => userSlug(r, []))) : [];
      // The reviewers the repository's default reviewer conditions give for these branches (DC adds none by itself)
      if (input.defaultReviewers) {
        const target = await h.json<{ id?: number }>(DC_OP.repo, rp(repo));
        const source = input.headRepo ? await h.json<{ id?: number }>(DC_OP.repo, rp(input.headRepo)) : target;
        if (target?.id !== undefined && source?.id !== undefined) {
          const query = { sourceRefId: `refs/heads/${input.head}`, targetRefId: `refs/heads/${input.base}`, sourceRepoId: source.id, targetRepoId: target.id };
          const users = await h.json<DcUser[]>(DC_OP.defaultReviewers, rp(repo), { query });
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
          dcPullRequest(requireFields(await h.json<DcPr>(DC_OP.create, rp(repo), { body }), 'the pull request', ['id'], DC_OP.create)),
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
        dcPullRequest(await h.json<DcPr>(DC_OP.update, pp(repo, pr.id), { body })),
      );
    },

    async mergeCheck(repo, pr) {
      const m = await h.json<S['RestPullRequestMergeability']>(DC_OP.canMerge, pp(repo, pr.id));
      return {
        canMerge: Boolean((m as { canMerge?: boolean }).canMerge),
        conflicted: Boolean(m.conflicted),
        outcome: m.outcome ?? null,
        vetoes: (m.vetoes ?? []).map((v) => ({ summary: v.summaryMessage ?? 'vetoed', detail: v.detailedMessage ?? null })),
      } satisfies MergeCheck;
    },

    async mergePullRequest(repo, pr, opts) {
      const query = { version: pr.version ?? 0 };
      const body: Record<string, unknown> = {};
      if (opts.strategy) body.strategyId = opts.strategy;
      if (opts.message !== undefined) body.message = opts.message;
      return write([{ operation: DC_OP.merge, params: pp(repo, pr.id), query, body }], async () =>
        dcPullRequest(await h.json<DcPr>(DC_OP.merge, pp(repo, pr.id), { query, body })),
      );
    },

    async review(repo, id, action) {
      const me = (await methods.currentUser()).nickname ?? '';
      const status = action === 'approve' ? 'APPROVED' : action === 'request-changes' ? 'NEEDS_WORK' : 'UNAPPROVED';
      const params = { ...pp(repo, id), userSlug: me };
      const body = { status };
      return write([{ operation: DC_OP.status, params, body }], async () => {
        await h.json(DC_OP.status, params, { body });
      });
    },

    async declinePullRequest(repo, id, comment) {
      const pr = await get(repo, id);
      const query = { version: pr.version ?? 0 };
      const body = comment ? { comment } : {};
      return write([{ operation: DC_OP.decline, params: pp(repo, id), query, body }], async () =>
        dcPullRequest(await h.json<DcPr>(DC_OP.decline, pp(repo, id), { query, body })),
      );
    },

    async reopenPullRequest(repo, id) {
      const pr = await get(repo, id);
      const query = { version: pr.version ?? 0 };
      return write([{ operation: DC_OP.reopen, params: pp(repo, id), query }], async () =>
        dcPullRequest(await h.json<DcPr>(DC_OP.reopen, pp(repo, id), { query, body: {} })),
      );
    },

    async pullRequestDiff(repo, id) {
      try {
        return await (await h.send(DC_OP.diff, pp(repo, id), { accept: 'text/plain' })).text();
      } catch (e) {
        throw missing(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },

    async pullRequestDiffstat(repo, id) {
      const path = (p: unknown) => (p as { toString?: string } | undefined)?.toString ?? (p as { components?: string[] } | undefined)?.components?.join('/');
      const changes = await h.page<DcChange>(DC_OP.changes, pp(repo, id), {}, Number.POSITIVE_INFINITY).catch((e) => {
        throw missing(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
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
      const items = await h.page<DcActivity>(DC_OP.activities, pp(repo, id), {}, budget).catch((e) => {
        throw missing(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      });
      return items.map(event);
    },

    async listPullRequestComments(repo, id) {
      // DC lists a pull request's comments through its activities (…/comments needs a path): each COMMENTED/ADDED
      // activity holds a root comment with its replies.
      const items = await h.page<DcActivity>(DC_OP.activities, pp(repo, id), {}, Number.POSITIVE_INFINITY);
      const roots = items.filter((a) => a.action === 'COMMENTED' && a.comment && (a.commentAction ?? 'ADDED') === 'ADDED');
      return roots
        .sort((a, b) => (a.createdDate ?? 0) - (b.createdDate ?? 0))
        .flatMap((a) => flatten(a.comment as DcComment, null, anchorFrom(a.commentAnchor) ?? anchorOf(a.comment as DcComment)));
    },

    async getPullRequestComment(repo, id, commentId) {
      try {
        const c = await h.json<DcComment>(DC_OP.commentGet, { ...pp(repo, id), commentId });
        return commentOf(c, c.parent?.id ?? null, anchorOf(c));
      } catch (e) {
        throw missing(e, `comment #${commentId} not found on pull request #${id}`);
      }
    },

    async addPullRequestComment(repo, id, input: AddCommentInput) {
      const body: Record<string, unknown> = { text: input.body };
      if (input.parent !== undefined) body.parent = { id: input.parent };
      if (input.task) body.severity = 'BLOCKER';
      if (input.path) {
        const onOld = input.line === undefined && input.oldLine !== undefined;
        body.anchor = {
          path: input.path,
          diffType: 'EFFECTIVE',
          ...(input.line !== undefined || input.oldLine !== undefined
            ? { line: onOld ? input.oldLine : input.line, lineType: onOld ? 'REMOVED' : 'ADDED', fileType: onOld ? 'FROM' : 'TO' }
            : {}),
        };
      }
      return write([{ operation: DC_OP.commentAdd, params: pp(repo, id), body }], async () => {
        const c = await h.json<DcComment>(DC_OP.commentAdd, pp(repo, id), { body }).catch((e) => {
          throw missing(
            e,
            input.parent ? `pull request #${id} or comment #${input.parent} not found` : `pull request #${id} not found in ${repo.workspace}/${repo.repo}`,
          );
        });
        requireFields(c, 'the comment', ['id'], DC_OP.commentAdd);
        return commentOf(
          c,
          input.parent ?? null,
          anchorOf(c) ??
            (input.path
              ? { path: input.path, line: input.line ?? input.oldLine, fileType: input.line === undefined && input.oldLine !== undefined ? 'FROM' : 'TO' }
              : undefined),
        );
      });
    },

    async editPullRequestComment(repo, id, commentId, text) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const body = { text, version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentEdit, params, body }], async () => {
        const c = await h.json<DcComment>(DC_OP.commentEdit, params, { body });
        return commentOf(c, current.parentId, anchorOf(c));
      });
    },

    async deletePullRequestComment(repo, id, commentId) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const query = { version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentDelete, params, query }], async () => {
        await h.json(DC_OP.commentDelete, params, { query });
      });
    },

    async resolvePullRequestComment(repo, id, commentId, resolved) {
      const current = await methods.getPullRequestComment(repo, id, commentId);
      const params = { ...pp(repo, id), commentId };
      const body = { state: resolved ? 'RESOLVED' : 'OPEN', version: current.version ?? 0 };
      return write([{ operation: DC_OP.commentEdit, params, body }], async () => {
        await h.json(DC_OP.commentEdit, params, { body });
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
          for (const p of plan) await h.json(p.operation, p.params, { body: p.body });
          return dcPullRequest(await get(repo, pr.id));
        }),
      };
    },

    async listPullRequestStatuses(repo, id) {
      const pr = await get(repo, id);
      const commit = pr.fromRef?.latestCommit;
      if (!commit) return [];
      type DcBuild = { key?: string; name?: string; state?: string; url?: string; description?: string; dateAdded?: number; ref?: string };
      const builds = await h.page<DcBuild>(DC_OP.builds, { commitId: commit }, {}, Number.POSITIVE_INFINITY);
      return builds.map(
        (b): BuildStatus => ({
          key: b.key ?? null,
          name: b.name ?? null,
          state: b.state ? (BUILD_STATE[b.state] ?? b.state) : null,
          url: b.url ?? null,
          description: b.description ?? null,
          refname: b.ref ?? null,
          commit,
          createdAt: iso(b.dateAdded),
          updatedAt: iso(b.dateAdded),
        }),
      );
    },
  };
  return methods;
}

/** The source branch on the server (for `pr create`): its tip, or undefined when DC does not have it. */
export async function dcBranchTip(ctx: Context, repo: RepoLocator, branch: string): Promise<{ hash?: string } | undefined> {
  const h = new DcPrHttp(ctx);
  type DcBranch = { displayId?: string; latestCommit?: string };
  const found = await h.page<DcBranch>(
    DC_OP.branches,
    { projectKey: repo.workspace, repositorySlug: repo.repo },
    { filterText: branch },
    Number.POSITIVE_INFINITY,
    (b) => b.displayId === branch,
  );
  return found[0] ? { hash: found[0].latestCommit } : undefined;
}

export type { DcCommit };
