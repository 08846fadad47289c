/**
 * Commit discussions (src/provider/README.md): the comments on a commit (general or on a line of a file) and, on
 * Cloud, approving a commit. Comments are `PrComment`s (the `--json` fields of `bb pr comments …`, COMMENT_JSON_FIELDS),
 * so scripts read one shape for both. Data Center has commit comments but no commit approval (NOT_ON_DC).
 */
import type { PrComment } from './pullrequests.js';
import type { ListOptions, RepoLocator, Write } from './types.js';

export interface AddCommitCommentInput {
  body: string;
  /** Inline: the file, and a line of the commit's version of it. */
  path?: string;
  line?: number;
}

export interface CommitCommentMethods {
  listCommitComments(repo: RepoLocator, commit: string, opts: ListOptions): Promise<PrComment[]>;
  addCommitComment(repo: RepoLocator, commit: string, input: AddCommitCommentInput): Promise<Write<PrComment>>;
  editCommitComment(repo: RepoLocator, commit: string, id: number, body: string): Promise<Write<PrComment>>;
  deleteCommitComment(repo: RepoLocator, commit: string, id: number): Promise<Write<void>>;
  /** Cloud only: Data Center throws NOT_ON_DC. */
  approveCommit(repo: RepoLocator, commit: string): Promise<Write<void>>;
  unapproveCommit(repo: RepoLocator, commit: string): Promise<Write<void>>;
}

export const CLOUD_COMMIT_COMMENT_OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/commit/{commit}/comments',
  add: 'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/comments',
  edit: 'PUT /repositories/{workspace}/{repo_slug}/commit/{commit}/comments/{comment_id}',
  delete: 'DELETE /repositories/{workspace}/{repo_slug}/commit/{commit}/comments/{comment_id}',
  approve: 'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/approve',
  unapprove: 'DELETE /repositories/{workspace}/{repo_slug}/commit/{commit}/approve',
} as const;

export const DC_COMMIT_COMMENT_OP = {
  list: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/comments',
  add: 'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/comments',
  get: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/comments/{commentId}',
  edit: 'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/comments/{commentId}',
  delete: 'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/comments/{commentId}',
} as const;
