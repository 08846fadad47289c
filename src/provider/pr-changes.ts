/**
 * What a pull request brings (src/provider/README.md): its commits, its patch series and the merge base of its two
 * branches — `PullRequestChangeMethods`, and the operation tables the commands declare.
 */
import type { Commit, ListOptions, RepoLocator } from './types.js';

const PR = '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}';
/** Bitbucket Cloud's operations, exactly as in the spec. */
export const CLOUD_PR_CHANGE_OP = {
  commits: `GET ${PR}/commits`,
  patch: `GET ${PR}/patch`,
  // a pull request's patch answers with a redirect to this, which needs the repository scope
  repoPatch: 'GET /repositories/{workspace}/{repo_slug}/patch/{spec}',
  mergeBase: 'GET /repositories/{workspace}/{repo_slug}/merge-base/{revspec}',
  prGet: `GET ${PR}`,
  // a pull request's file conflicts answer with a redirect to the repository's, which needs the repository scope
  conflicts: `GET ${PR}/conflicts`,
  repoConflicts: 'GET /repositories/{workspace}/{repo_slug}/file-conflicts/{spec}',
} as const;

const DC_PR = '/api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}';
/** Data Center's operations (below /rest), exactly as in the DC spec. */
export const DC_PR_CHANGE_OP = {
  commits: `GET ${DC_PR}/commits`,
  patch: `GET ${DC_PR}.patch`,
  mergeBase: `GET ${DC_PR}/merge-base`,
  // the changes carry each conflicted file's `conflict` (ourChange: the target's, theirChange: the source's)
  changes: `GET ${DC_PR}/changes`,
} as const;

/**
 * A file that merging the pull request would leave conflicted. `scenario` is Bitbucket Cloud's vocabulary
 * (`content`, `delete_modify`, `rename_delete`, …, `unknown`); on Data Center it is derived from what each side
 * did to the file. `message` says it in words.
 */
export interface FileConflict {
  path: string;
  scenario: string;
  message: string | null;
}

export interface PullRequestChangeMethods {
  /** The commits the pull request would merge, newest first. */
  listPullRequestCommits(repo: RepoLocator, id: number, opts: ListOptions): Promise<Commit[]>;
  /** The pull request as a patch series (`git format-patch` form, for `git am`). */
  pullRequestPatch(repo: RepoLocator, id: number): Promise<string>;
  /** The best common ancestor of the pull request's source and destination; null when they share none. */
  pullRequestMergeBase(repo: RepoLocator, id: number): Promise<Commit | null>;
  /** The files merging the pull request would leave conflicted (none when it merges cleanly). */
  listPullRequestConflicts(repo: RepoLocator, id: number): Promise<FileConflict[]>;
}
