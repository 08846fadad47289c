/**
 * The pull-request area of the provider boundary (src/provider/README.md): `PullRequestMethods`, its domain types,
 * and the tables both the commands and the adapters read (operations, JSON fields). Field names are the `--json` fields of the `bb pr …` commands; a few extra fields (marked
 * "not a JSON field") carry what the human output or a later write needs.
 *
 * Vocabulary: Cloud "request changes" is DC "needs work"; Cloud tasks are DC blocker comments (8.0+); Cloud merge
 * strategies (`merge_commit`, `squash`, `fast_forward`…) and DC ones (`no-ff`, `ff`, `ff-only`, `squash`,
 * `squash-ff-only`, `rebase-no-ff`, `rebase-ff-only`) are passed through as the host names them.
 */
import type { BbError } from '../core/errors.js';
import type { Remote } from '../git/git.js';
import type { BuildStatus, ListOptions, RepoLocator, Write } from './types.js';

/**
 * The Bitbucket Cloud operations of the pull-request area, exactly as in the spec (note `{pull_request_id}`: the
 * spec's own spelling here): what the `bb pr …` commands declare (`operations`) and the Cloud adapter sends.
 */
export const CLOUD_PR_OP = {
  repoGet: 'GET /repositories/{workspace}/{repo_slug}',
  prList: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
  prCreate: 'POST /repositories/{workspace}/{repo_slug}/pullrequests',
  prGet: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
  prUpdate: 'PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
  prActivity: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
  prApprove: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve',
  prUnapprove: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve',
  prRequestChanges: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes',
  prUnrequestChanges: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes',
  prDecline: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/decline',
  prMerge: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge',
  prMergeTask: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge/task-status/{task_id}',
  prDiff: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff',
  prDiffstat: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diffstat',
  // a PR's diff and diffstat answer with a redirect to these, which need the repository scope
  repoDiff: 'GET /repositories/{workspace}/{repo_slug}/diff/{spec}',
  repoDiffstat: 'GET /repositories/{workspace}/{repo_slug}/diffstat/{spec}',
  prStatuses: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/statuses',
  prComments: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
  prCommentAdd: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
  prCommentGet: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentEdit: 'PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentDelete: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
  prCommentResolve: 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve',
  prCommentUnresolve: 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve',
  defaultReviewers: 'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers',
  branchGet: 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}',
  user: 'GET /user',
  members: 'GET /workspaces/{workspace}/members',
  commitGet: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}',
  commitStatuses: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses',
} as const;

/** The `--json` fields of a pull request (PullRequest below). */
export const PR_JSON_FIELDS = [
  'id',
  'title',
  'body',
  'state',
  'isDraft',
  'author',
  'headRefName',
  'headRepository',
  'headCommit',
  'baseRefName',
  'baseRepository',
  'reviewers',
  'reviewDecision',
  'closeSourceBranch',
  'mergeCommit',
  'commentCount',
  'taskCount',
  'createdAt',
  'updatedAt',
  'url',
] as const;

/** The `--json` fields of a pull-request comment (PrComment below). */
export const COMMENT_JSON_FIELDS = [
  'id',
  'parentId',
  'author',
  'body',
  'path',
  'line',
  'oldLine',
  'startLine',
  'pending',
  'resolved',
  'deleted',
  'createdAt',
  'updatedAt',
  'url',
] as const;

/** A Bitbucket Cloud user uuid (`{…}`) and account id, as a user may give them instead of a name. */
export const CLOUD_UUID = /^\{[0-9a-f-]{36}\}$/i;
export const CLOUD_ACCOUNT_ID = /^(?:\d+:[0-9a-f-]{36}|[0-9a-f]{24})$/i;

/**
 * A user given by name — a nickname or display name, which bb looks up — rather than `@me`, a `{uuid}` or an account id
 * (which need no lookup): the `pattern` of the scope rules for the commands that take users (resolveUsers' cases).
 */
export const USER_BY_NAME = `(?!@me$)(?!@?(?:${CLOUD_UUID.source.slice(1, -1)})$)(?!@?(?:${CLOUD_ACCOUNT_ID.source.slice(1, -1)})$)@?[^@\\s].*`;

/** A user as the pr commands print it (`--json author`, `reviewers`). DC: nickname is the user slug. */
export interface PrAccount {
  nickname: string | null;
  displayName: string | null;
  uuid: string | null;
  accountId: string | null;
}

export type ReviewState = 'approved' | 'changes requested' | 'pending';

/** `bb pr … --json` (PR_JSON_FIELDS). */
export interface PullRequest {
  id: number;
  title: string;
  body: string;
  state: string | null;
  isDraft: boolean;
  author: PrAccount | null;
  headRefName: string | null;
  headRepository: string | null;
  headCommit: string | null;
  baseRefName: string | null;
  baseRepository: string | null;
  reviewers: Array<PrAccount & { state: ReviewState }>;
  reviewDecision: 'CHANGES_REQUESTED' | 'APPROVED' | 'REVIEW_REQUIRED';
  closeSourceBranch: boolean;
  mergeCommit: string | null;
  commentCount: number;
  taskCount: number;
  createdAt: string | null;
  updatedAt: string | null;
  url: string | null;
  /** Not a JSON field: the users asked to review (Cloud `reviewers`; DC participants with role REVIEWER). */
  requested: PrAccount[];
  /** Not a JSON field: everyone known on the pull request (for resolving a name to a user). */
  people: PrAccount[];
  /** Not a JSON field: DC's optimistic-locking version (null on Cloud). */
  version: number | null;
  /** Not a JSON field: the merge strategies the destination allows, when the host says (Cloud). */
  mergeStrategies: string[] | null;
}

export interface ListPullRequestsOptions extends ListOptions {
  /** OPEN, MERGED, DECLINED, SUPERSEDED (Cloud). */
  states: string[];
  /** A user (nickname/slug, Cloud uuid or account id, or `@me`). */
  author?: string;
  reviewer?: string;
  base?: string;
  head?: string;
  /** Cloud: a raw BBQL `q`; DC: `filterText` (title and description). */
  search?: string;
  /** Cloud: the item fields a table reads (`fields=`). */
  fields?: readonly string[];
}

export interface CreatePullRequestInput {
  title: string;
  body: string;
  head: string;
  /** The repository `head` is in, when it is not the pull request's own (a fork). */
  headRepo?: RepoLocator;
  base: string;
  /** Names as the user gave them (`--reviewer`), resolved by the adapter. */
  reviewers: string[];
  /** Add the repository's default reviewers (Cloud: effective-default-reviewers; DC: reviewer conditions). */
  defaultReviewers: boolean;
  draft: boolean;
  closeSourceBranch: boolean;
}

export interface PullRequestChange {
  title?: string;
  body?: string;
  base?: string;
  addReviewers?: string[];
  removeReviewers?: string[];
  draft?: boolean;
}

/**
 * `bb pr merge`: how to merge. `method` is gh's --merge/--squash/--rebase, which each host names its own way (Cloud
 * merge_commit/squash/rebase_fast_forward, DC no-ff/squash/rebase-ff-only); `strategy` is a host's own strategy name
 * (checked against the host's list: the other host's names are refused with INVALID_ARGUMENT).
 */
export interface MergeRequest {
  method?: 'merge' | 'squash' | 'rebase';
  strategy?: string;
  message?: string;
  /** --delete-branch (true) or --keep-branch (false); undefined: the pull request's own setting. */
  closeSourceBranch?: boolean;
  /** Progress lines for the user (stderr): a merge in the background, a lost answer, a flag the host ignores. */
  progress(line: string): void;
}

export interface MergeResult {
  /** The pull request after the merge. */
  merged: PullRequest;
  /** The pull request as it was before the merge (its title for the message). */
  before: PullRequest;
  /** The source branch the merge deleted, else null. */
  deletedBranch: string | null;
}

/** Both host's strategy names, for --strategy's choices. */
export const CLOUD_MERGE_STRATEGIES = ['merge_commit', 'squash', 'fast_forward', 'squash_fast_forward', 'rebase_fast_forward', 'rebase_merge'] as const;
/** Data Center's merge strategy ids (`git merge` flags: no-ff = --no-ff, ff, ff-only, squash, rebase then merge…). */
export const DC_MERGE_STRATEGIES = ['no-ff', 'ff', 'ff-only', 'squash', 'squash-ff-only', 'rebase-no-ff', 'rebase-ff-only'] as const;

/** `bb pr comments … --json` (COMMENT_JSON_FIELDS). */
export interface PrComment {
  id: number;
  parentId: number | null;
  author: PrAccount | null;
  body: string;
  path: string | null;
  line: number | null;
  oldLine: number | null;
  /** A comment on a range of lines: the first line (on the side of `line` / `oldLine`), else null. */
  startLine: number | null;
  /** Not yet published (a review in progress): only its author sees it. */
  pending: boolean;
  resolved: boolean;
  deleted: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  url: string | null;
  /** A task (Cloud task; DC blocker comment). */
  task: boolean;
  /** Not a JSON field: DC's comment version (null on Cloud). */
  version: number | null;
}

export interface AddCommentInput {
  body: string;
  /** Inline: the file, and a line of its new (`line`) or old (`oldLine`) version. */
  path?: string;
  line?: number;
  oldLine?: number;
  /** A range of lines: the first one, on the same side as `line` / `oldLine` (which is the last). */
  startLine?: number;
  parent?: number;
  /** DC: a blocker comment (a task); Cloud answers NOT_ON_CLOUD. */
  task?: boolean;
  /** Leave it pending (part of your review, published by `bb pr review --submit`). */
  pending?: boolean;
}

/** `bb pr review`: the verdict (gh's --approve / --request-changes / --comment). */
export type ReviewVerdict = 'approve' | 'request-changes' | 'comment';

export interface SubmitReviewInput {
  /** Undefined: publish the pending comments only (`--submit` alone). */
  verdict?: ReviewVerdict;
  /** The review's text: posted as a general comment. */
  body?: string;
  /** Publish your pending comments too (`--submit`). */
  publishPending: boolean;
}

export interface ReviewResult {
  /** How many pending comments were published (null: the host does not say — DC's answer has no documented shape). */
  published: number | null;
  /** The review's comment, when one was posted and the host answered with it. */
  comment: PrComment | null;
}

/** `bb pr activity --json` */
export interface PrEvent {
  date: string;
  who: PrAccount | null;
  event: string;
  detail: string;
}

export interface DiffStat {
  status: string;
  path: string;
  oldPath: string | null;
  linesAdded: number | null;
  linesRemoved: number | null;
}

export type ReviewAction = 'approve' | 'unapprove' | 'request-changes' | 'unrequest-changes';

export interface PullRequestMethods {
  listPullRequests(repo: RepoLocator, opts: ListPullRequestsOptions): Promise<PullRequest[]>;
  /** listPullRequests' pages, each as it arrives (output written page by page with `--all`). */
  pullRequestPages(repo: RepoLocator, opts: ListPullRequestsOptions): AsyncIterable<PullRequest[]>;
  /** The newest open pull request from `branch`; API_NOT_FOUND when there is none. */
  pullRequestForBranch(repo: RepoLocator, branch: string): Promise<PullRequest>;
  getPullRequest(repo: RepoLocator, id: number): Promise<PullRequest>;
  /** The user bb acts as (`@me`). */
  currentUser(): Promise<PrAccount>;
  createPullRequest(repo: RepoLocator, input: CreatePullRequestInput): Promise<Write<PullRequest> & { reviewers: number }>;
  /**
   * Start what createPullRequest into `repo` will look up (Cloud: the default reviewers and who you are) now, beside
   * the command's other lookups, so a pull request costs two round trips (P7). Into another repository the answers
   * are not used. Errors surface when createPullRequest uses them.
   */
  prefetchCreate(repo: RepoLocator, input: { defaultReviewers: boolean; reviewers: readonly string[] }): void;
  /**
   * Bitbucket's web page for creating a pull request from `head` into `base` (the repository's main branch when
   * left out, read on the way); `base` is the one the page uses. Reads only what the URL needs.
   */
  newPullRequestPage(repo: RepoLocator, head: string, base: string | undefined): Promise<{ url: string; base: string }>;
  updatePullRequest(repo: RepoLocator, pr: PullRequest, change: PullRequestChange): Promise<Write<PullRequest>>;
  /**
   * Merge: the plan (`--dry-run` prints it) and its send, which checks the pull request can be merged (open, not a
   * draft, the strategy allowed; DC: the merge checks, MERGE_VETOED), sends the merge once (never retried) and, when
   * the answer is lost or the host merges in the background, reads the outcome.
   */
  mergePullRequest(repo: RepoLocator, id: number, request: MergeRequest): Promise<Write<MergeResult>>;
  review(repo: RepoLocator, id: number, action: ReviewAction): Promise<Write<void>>;
  /**
   * `bb pr review`: set your review state, post the review's text, and (publishPending) publish your pending comments.
   * Cloud: approve / request-changes, then PUT each pending comment with `pending: false`, then the comment; DC: the
   * participant status and a comment, or with publishPending one PUT …/review (which publishes and sets the status).
   */
  submitReview(repo: RepoLocator, id: number, input: SubmitReviewInput): Promise<Write<ReviewResult>>;
  declinePullRequest(repo: RepoLocator, id: number, comment: string | undefined): Promise<Write<PullRequest>>;
  pullRequestDiff(repo: RepoLocator, id: number): Promise<string>;
  pullRequestDiffstat(repo: RepoLocator, id: number): Promise<DiffStat[]>;
  listPullRequestActivity(repo: RepoLocator, id: number, opts: ListOptions): Promise<PrEvent[]>;
  /**
   * The comments, replies after their parent. `withPending`: your pending comments too — Cloud lists them anyway (to
   * their author); DC has them in your review (GET …/review), not in the activities.
   */
  listPullRequestComments(repo: RepoLocator, id: number, opts?: { withPending?: boolean }): Promise<PrComment[]>;
  getPullRequestComment(repo: RepoLocator, id: number, commentId: number): Promise<PrComment>;
  addPullRequestComment(repo: RepoLocator, id: number, input: AddCommentInput): Promise<Write<PrComment>>;
  editPullRequestComment(repo: RepoLocator, id: number, commentId: number, body: string): Promise<Write<PrComment>>;
  deletePullRequestComment(repo: RepoLocator, id: number, commentId: number): Promise<Write<void>>;
  resolvePullRequestComment(repo: RepoLocator, id: number, commentId: number, resolved: boolean): Promise<Write<void>>;
  setReviewers(repo: RepoLocator, pr: PullRequest, add: string[], remove: string[]): Promise<Write<PullRequest> & { changed: number }>;
  /** The build statuses of the pull request's head commit (`pr checks`). */
  listPullRequestStatuses(repo: RepoLocator, id: number): Promise<BuildStatus[]>;
  /** What names a user in the list filters (`author`, `reviewer`) and compares users: Cloud the uuid, DC the user slug. */
  userKey(a: PrAccount): string | null;
  /** The tip of `branch` on the server (`pr create`: is the branch pushed?); undefined when the server does not have it. */
  branchTip(repo: RepoLocator, branch: string): Promise<{ hash?: string } | undefined>;
  /** The clone's git remote of `repo` among `remotes` (its URL on this host names the repository), else origin, else the first. */
  gitRemote(repo: RepoLocator, remotes: Remote[]): Promise<{ name: string; url?: string }>;
  /** The URL git clones `repo` from (`pr checkout` of a fork's branch): `protocol` when it has one, else another. */
  cloneUrl(repo: RepoLocator, protocol: 'https' | 'ssh'): Promise<string | undefined>;
  /** git's refusal (HTTP 403) of a fetch of `what` with bb's credential, as the API's refusals are reported (2003). */
  gitFetchRefused(what: string, cause: unknown): Promise<BbError>;
}

const CLOUD_ACCOUNT_FIELDS = ['nickname', 'display_name', 'uuid', 'account_id'];
/** Who reviews and how they answered: a list's reviewers and participants (left out unless `fields=` names them). */
const CLOUD_REVIEW_FIELDS = [
  'participants.role',
  'participants.approved',
  'participants.state',
  ...CLOUD_ACCOUNT_FIELDS.map((f) => `participants.user.${f}`),
  ...CLOUD_ACCOUNT_FIELDS.map((f) => `reviewers.${f}`),
];

/**
 * The Cloud API fields each `--json` field is made of (cloud/pullrequests.ts prToJson): a list's `fields=` asks for
 * these only. Cloud leaves reviewers and participants out of pull-request lists unless `fields=` names them.
 */
export const PR_JSON_API_FIELDS: Record<(typeof PR_JSON_FIELDS)[number], readonly string[]> = {
  id: ['id'],
  title: ['title'],
  body: ['description', 'summary.raw'],
  state: ['state'],
  isDraft: ['draft'],
  author: CLOUD_ACCOUNT_FIELDS.map((f) => `author.${f}`),
  headRefName: ['source.branch.name'],
  headRepository: ['source.repository.full_name'],
  headCommit: ['source.commit.hash'],
  baseRefName: ['destination.branch.name'],
  baseRepository: ['destination.repository.full_name'],
  reviewers: CLOUD_REVIEW_FIELDS,
  reviewDecision: CLOUD_REVIEW_FIELDS,
  closeSourceBranch: ['close_source_branch'],
  mergeCommit: ['merge_commit.hash'],
  commentCount: ['comment_count'],
  taskCount: ['task_count'],
  createdAt: ['created_on'],
  updatedAt: ['updated_on'],
  url: ['links.html.href'],
};
