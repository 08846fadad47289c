/**
 * Pull-request tasks (src/provider/README.md): `TaskMethods`, the domain type and the tables the commands and the
 * adapters read. Cloud has tasks of their own (…/pullrequests/{id}/tasks, states UNRESOLVED / RESOLVED); on Data
 * Center 8.0+ a task is a blocker comment (severity BLOCKER, states OPEN / RESOLVED, …/blocker-comments). bb says
 * OPEN / RESOLVED on both.
 */
import type { ListOptions, RepoLocator, Write } from './types.js';
import type { PrAccount } from './pullrequests.js';

const PR_TASKS = '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks';
/** Bitbucket Cloud's task operations, exactly as in the spec. */
export const CLOUD_TASK_OP = {
  list: `GET ${PR_TASKS}`,
  create: `POST ${PR_TASKS}`,
  get: `GET ${PR_TASKS}/{task_id}`,
  update: `PUT ${PR_TASKS}/{task_id}`,
  delete: `DELETE ${PR_TASKS}/{task_id}`,
} as const;

const DC_PR = '/api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}';
/** Data Center's blocker-comment operations (below /rest), exactly as in the DC spec. */
export const DC_TASK_OP = {
  list: `GET ${DC_PR}/blocker-comments`,
  create: `POST ${DC_PR}/blocker-comments`,
  get: `GET ${DC_PR}/blocker-comments/{commentId}`,
  update: `PUT ${DC_PR}/blocker-comments/{commentId}`,
  delete: `DELETE ${DC_PR}/blocker-comments/{commentId}`,
} as const;

/** The `--json` fields of a task (PrTask below). */
export const TASK_JSON_FIELDS = ['id', 'body', 'state', 'author', 'commentId', 'createdAt', 'updatedAt', 'resolvedAt', 'resolvedBy', 'url'] as const;

export type TaskState = 'OPEN' | 'RESOLVED';

/** `bb pr tasks … --json` (TASK_JSON_FIELDS). */
export interface PrTask {
  id: number;
  body: string;
  state: TaskState;
  author: PrAccount | null;
  /** The comment the task is on (Cloud: the task's comment; DC: the blocker comment's parent), else null. */
  commentId: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: PrAccount | null;
  url: string | null;
}

export interface ListTasksOptions extends ListOptions {
  /** Only tasks in this state (both when left out). */
  state?: TaskState;
}

export interface TaskChange {
  body?: string;
  state?: TaskState;
}

export interface TaskMethods {
  listPullRequestTasks(repo: RepoLocator, id: number, opts: ListTasksOptions): Promise<PrTask[]>;
  getPullRequestTask(repo: RepoLocator, id: number, taskId: number): Promise<PrTask>;
  /** A new open task, on the comment `commentId` when given. */
  createPullRequestTask(repo: RepoLocator, id: number, input: { body: string; commentId?: number }): Promise<Write<PrTask>>;
  /** Change the text and/or state (DC reads the task's version first: it is part of the plan). */
  updatePullRequestTask(repo: RepoLocator, id: number, taskId: number, change: TaskChange): Promise<Write<PrTask>>;
  deletePullRequestTask(repo: RepoLocator, id: number, taskId: number): Promise<Write<void>>;
}
