/**
 * The pull-request area of the provider boundary (src/provider/README.md): `PullRequestMethods` and its domain
 * types. Types only. Field names are the `--json` fields of the `bb pr …` commands; a few extra fields (marked
 * "not a JSON field") carry what the human output or a later write needs.
 *
 * Vocabulary: Cloud "request changes" is DC "needs work"; Cloud tasks are DC blocker comments (8.0+); Cloud merge
 * strategies (`merge_commit`, `squash`, `fast_forward`…) and DC ones (`no-ff`, `ff`, `ff-only`, `squash`,
 * `squash-ff-only`, `rebase-no-ff`, `rebase-ff-only`) are passed through as the host names them.
 */
import type { BuildStatus, ListOptions, RepoLocator, Write } from './types.js';

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

export interface MergeVeto {
  summary: string;
  detail: string | null;
}

/** DC `GET …/merge` (merge checks); Cloud has no such call (canMerge from the state). */
export interface MergeCheck {
  canMerge: boolean;
  conflicted: boolean;
  outcome: string | null;
  vetoes: MergeVeto[];
}

export interface MergeOptions {
  strategy?: string;
  message?: string;
  closeSourceBranch?: boolean;
}

/** `bb pr comments … --json` (COMMENT_JSON_FIELDS). */
export interface PrComment {
  id: number;
  parentId: number | null;
  author: PrAccount | null;
  body: string;
  path: string | null;
  line: number | null;
  oldLine: number | null;
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
  parent?: number;
  /** DC: a blocker comment (a task). */
  task?: boolean;
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
  /** The newest open pull request from `branch`; API_NOT_FOUND when there is none. */
  pullRequestForBranch(repo: RepoLocator, branch: string): Promise<PullRequest>;
  getPullRequest(repo: RepoLocator, id: number): Promise<PullRequest>;
  /** The user bb acts as (`@me`). */
  currentUser(): Promise<PrAccount>;
  createPullRequest(repo: RepoLocator, input: CreatePullRequestInput): Promise<Write<PullRequest> & { reviewers: number }>;
  updatePullRequest(repo: RepoLocator, pr: PullRequest, change: PullRequestChange): Promise<Write<PullRequest>>;
  mergeCheck(repo: RepoLocator, pr: PullRequest): Promise<MergeCheck | null>;
  mergePullRequest(repo: RepoLocator, pr: PullRequest, opts: MergeOptions): Promise<Write<PullRequest>>;
  review(repo: RepoLocator, id: number, action: ReviewAction): Promise<Write<void>>;
  declinePullRequest(repo: RepoLocator, id: number, comment: string | undefined): Promise<Write<PullRequest>>;
  reopenPullRequest(repo: RepoLocator, id: number): Promise<Write<PullRequest>>;
  pullRequestDiff(repo: RepoLocator, id: number): Promise<string>;
  pullRequestDiffstat(repo: RepoLocator, id: number): Promise<DiffStat[]>;
  listPullRequestActivity(repo: RepoLocator, id: number, opts: ListOptions): Promise<PrEvent[]>;
  listPullRequestComments(repo: RepoLocator, id: number): Promise<PrComment[]>;
  getPullRequestComment(repo: RepoLocator, id: number, commentId: number): Promise<PrComment>;
  addPullRequestComment(repo: RepoLocator, id: number, input: AddCommentInput): Promise<Write<PrComment>>;
  editPullRequestComment(repo: RepoLocator, id: number, commentId: number, body: string): Promise<Write<PrComment>>;
  deletePullRequestComment(repo: RepoLocator, id: number, commentId: number): Promise<Write<void>>;
  resolvePullRequestComment(repo: RepoLocator, id: number, commentId: number, resolved: boolean): Promise<Write<void>>;
  setReviewers(repo: RepoLocator, pr: PullRequest, add: string[], remove: string[]): Promise<Write<PullRequest> & { changed: number }>;
  /** The build statuses of the pull request's head commit (`pr checks`). */
  listPullRequestStatuses(repo: RepoLocator, id: number): Promise<BuildStatus[]>;
}
