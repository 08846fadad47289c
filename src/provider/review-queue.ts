/**
 * The reviewer queue across a workspace (`bb pr status --workspace`, src/provider/README.md): the open pull requests
 * of every repository of a workspace (DC: a project) where the user is a reviewer, and the ones the user opened.
 * Cloud asks each repository (bounded concurrency) and the workspace's pull requests of the user; Data Center has
 * it in one place, the user's dashboard.
 */
import type { PullRequest } from './pullrequests.js';

export const CLOUD_QUEUE_OP = {
  repos: 'GET /repositories/{workspace}',
  prList: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
  mine: 'GET /workspaces/{workspace}/pullrequests/{selected_user}',
  user: 'GET /user',
} as const;

export const DC_QUEUE_OP = {
  dashboard: 'GET /api/latest/dashboard/pull-requests',
} as const;

/** How many repositories Cloud is asked about at once. */
export const QUEUE_CONCURRENCY = 4;

export interface ReviewQueueMethods {
  /**
   * Open pull requests in `workspace` (DC: the project key) that wait for the user's review (a reviewer who has not
   * approved), and the open ones the user opened there; `fields` as for listPullRequests (Cloud).
   */
  reviewQueue(workspace: string, fields?: readonly string[]): Promise<{ needsReview: PullRequest[]; created: PullRequest[] }>;
}
