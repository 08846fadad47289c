/**
 * Pull requests on Bitbucket Cloud (src/provider/pullrequests.ts): the requests the `bb pr …` commands sent
 * before the provider boundary, unchanged (same paths, query, bodies, order: src/cmd/pr/*.test.ts prove it),
 * mapped to the domain types with the helpers the commands used.
 */
import { must } from '../../api/client.js';
import { requireFields } from '../../api/errors.js';
import { expandPath } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { toEvent } from '../../cmd/pr/activity.js';
import {
  type Account,
  type BuildStatus as CloudStatus,
  type Comment,
  dedupeRefs,
  getPr,
  me,
  notFound,
  OP,
  type PullRequest as CloudPr,
  prForBranch,
  prToJson,
  q,
  refKey,
  repoParams,
  resolveUsers,
  reviewersToRemove,
  reviewersOf,
  template,
  type UserRef,
} from '../../cmd/pr/shared.js';
import { commentToJson } from '../../cmd/pr/comments/shared.js';
import { statusToJson } from '../../cmd/status/report.js';
import type { PrAccount, PrComment, PullRequest, PullRequestMethods } from '../pullrequests.js';
import type { BuildStatus, PlannedWrite, RepoLocator, Write } from '../types.js';

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

export function cloudComment(c: Comment): PrComment {
  return { ...(commentToJson(c) as Omit<PrComment, 'task' | 'version'>), task: false, version: null };
}

function cloudStatus(s: CloudStatus): BuildStatus {
  return statusToJson(s) as unknown as BuildStatus;
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

  const methods: PullRequestMethods = {
    async listPullRequests(repo, opts) {
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
      const prs = await paginate<CloudPr>(
        await ctx.http(),
        template(OP.prList),
        repoParams(repo),
        { state: opts.states, q: clauses.join(' AND ') || undefined, sort: '-updated_on' },
        { limit: opts.limit, all: opts.all, fields: opts.fields },
      );
      return prs.map(cloudPullRequest);
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

    async createPullRequest(repo, input) {
      const defaults: Account[] = !input.defaultReviewers
        ? []
        : (await paginate<{ user?: Account }>(await ctx.http(), template(OP.defaultReviewers), repoParams(repo), {}, { all: true })).flatMap((d) =>
            d.user ? [d.user] : [],
          );
      const asked = await resolveUsers(ctx, repo.workspace, input.reviewers, defaults);
      let reviewers: UserRef[] = dedupeRefs([...asked, ...defaults.flatMap((d) => (d.uuid ? [{ uuid: d.uuid }] : []))]);
      if (reviewers.length > 0) {
        const self = await me(ctx);
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

    async mergeCheck() {
      return null;
    },

    async mergePullRequest(repo, pr, opts) {
      // Cloud's merge (202 + polling, lost answers) lives in src/cmd/pr/merge.ts; this is its plan.
      const body: Record<string, unknown> = { type: 'pullrequest_merge_parameters' };
      if (opts.strategy) body.merge_strategy = opts.strategy;
      if (opts.message !== undefined) body.message = opts.message;
      if (opts.closeSourceBranch !== undefined) body.close_source_branch = opts.closeSourceBranch;
      return write([{ operation: OP.prMerge, params: pp(repo, pr.id), body }], async () => {
        throw new BbError('INTERNAL', 'Cloud merges are sent by src/cmd/pr/merge.ts');
      });
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

    async reopenPullRequest() {
      throw new BbError('INVALID_ARGUMENT', 'Bitbucket Cloud cannot reopen a declined pull request', {
        hints: ['create a new pull request from the same branch: bb pr create --head BRANCH'],
      });
    },

    async pullRequestDiff(repo, id) {
      const http = await ctx.http();
      try {
        const response = await http.send(new Request(http.url(expandPath(template(OP.prDiff), pp(repo, id))), { headers: { Accept: 'text/plain' } }), {
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
        stats = await paginate<CloudDiffStat>(await ctx.http(), template(OP.prDiffstat), pp(repo, id), {}, { all: true });
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
        const items = await paginate<Parameters<typeof toEvent>[0]>(
          await ctx.http(),
          template(OP.prActivity),
          pp(repo, id),
          {},
          { limit: opts.limit, all: opts.all },
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
      const comments = await paginate<Comment>(await ctx.http(), template(OP.prComments), pp(repo, id), { sort: 'created_on' }, { all: true });
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
      if (input.task) throw new BbError('INVALID_ARGUMENT', '--task is for Bitbucket Data Center (blocker comments)');
      const params = pp(repo, id);
      const body: Record<string, unknown> = { type: 'pullrequest_comment', content: { raw: input.body } };
      if (input.parent !== undefined) body.parent = { id: input.parent };
      else if (input.path) {
        const inline: Record<string, unknown> = { path: input.path };
        if (input.line !== undefined) inline.to = input.line;
        if (input.oldLine !== undefined) inline.from = input.oldLine;
        body.inline = inline;
      }
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
        return (await paginate<CloudStatus>(await ctx.http(), template(OP.prStatuses), pp(repo, id), {}, { all: true })).map(cloudStatus);
      } catch (e) {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      }
    },
  };
  return methods;
}

export { reviewersOf };
