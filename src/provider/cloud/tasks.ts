/** Pull-request tasks on Bitbucket Cloud (src/provider/tasks.ts): …/pullrequests/{pull_request_id}/tasks. */
import { must } from '../../api/client.js';
import { requireFields } from '../../api/errors.js';
import { repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { notFound } from '../errors.js';
import { CLOUD_TASK_OP as OP, type PrTask, type TaskMethods } from '../tasks.js';
import type { RepoLocator, Write } from '../types.js';
import { cloudAccount } from './pullrequests.js';
import { type Account, accountFields } from './users.js';

/** A task as Cloud sends it (pullrequest_comment_task; only the fields bb reads). */
interface CloudTask {
  id: number;
  state?: 'RESOLVED' | 'UNRESOLVED' | string;
  content?: { raw?: string };
  creator?: Account;
  created_on?: string;
  updated_on?: string;
  resolved_on?: string;
  resolved_by?: Account;
  comment?: { id?: number };
  links?: { html?: { href?: string } };
}

/** The task fields cloudTask reads: the list's `fields=`. */
const TASK_FIELDS = [
  'id',
  'state',
  'content.raw',
  ...accountFields('creator'),
  'created_on',
  'updated_on',
  'resolved_on',
  ...accountFields('resolved_by'),
  'comment.id',
  'links.html.href',
];

function cloudTask(t: CloudTask): PrTask {
  return {
    id: t.id,
    body: t.content?.raw ?? '',
    state: t.state === 'RESOLVED' ? 'RESOLVED' : 'OPEN',
    author: cloudAccount(t.creator),
    commentId: t.comment?.id ?? null,
    createdAt: t.created_on ?? null,
    updatedAt: t.updated_on ?? null,
    resolvedAt: t.resolved_on ?? null,
    resolvedBy: cloudAccount(t.resolved_by),
    url: t.links?.html?.href ?? null,
  };
}

const wire = { OPEN: 'UNRESOLVED', RESOLVED: 'RESOLVED' } as const;

export function taskMethods(ctx: Context): TaskMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pull_request_id: id });
  const tp = (repo: RepoLocator, id: number, taskId: number) => ({ ...pp(repo, id), task_id: taskId });
  const write = <T>(plan: Write<T>['plan'], send: () => Promise<T>): Write<T> => ({ plan, send });
  const missingPr = (repo: RepoLocator, id: number) => `pull request #${id} not found in ${repo.workspace}/${repo.repo}`;
  const missingTask = (id: number, taskId: number) => `task #${taskId} not found on pull request #${id}`;

  return {
    async listPullRequestTasks(repo, id, opts) {
      const query = { q: opts.state ? `state="${wire[opts.state]}"` : undefined, sort: 'created_on' };
      const tasks = await paginate<CloudTask>(await ctx.http(), templateOf(OP.list), pp(repo, id), query, {
        limit: opts.limit,
        all: opts.all,
        fields: TASK_FIELDS,
      }).catch((e) => {
        throw notFound(e, missingPr(repo, id));
      });
      return tasks.map(cloudTask);
    },

    async getPullRequestTask(repo, id, taskId) {
      const api = await ctx.api();
      const t = await api
        .GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks/{task_id}', { params: { path: tp(repo, id, taskId) } })
        .then((r) => must(r) as unknown as CloudTask)
        .catch((e) => {
          throw notFound(e, missingTask(id, taskId));
        });
      return cloudTask(t);
    },

    async createPullRequestTask(repo, id, input) {
      const params = pp(repo, id);
      const body: Record<string, unknown> = { content: { raw: input.body } };
      if (input.commentId !== undefined) body.comment = { id: input.commentId };
      return write([{ operation: OP.create, params, body }], async () => {
        const api = await ctx.api();
        const t = await api
          .POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks', { params: { path: params }, body: body as never })
          .then((r) => requireFields(must(r) as unknown as CloudTask, 'the task', ['id'], OP.create))
          .catch((e) => {
            throw notFound(e, missingPr(repo, id));
          });
        return cloudTask(t);
      });
    },

    async updatePullRequestTask(repo, id, taskId, change) {
      const params = tp(repo, id, taskId);
      const body: Record<string, unknown> = {};
      if (change.body !== undefined) body.content = { raw: change.body };
      if (change.state !== undefined) body.state = wire[change.state];
      return write([{ operation: OP.update, params, body }], async () => {
        const api = await ctx.api();
        const t = await api
          .PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks/{task_id}', { params: { path: params }, body: body as never })
          .then((r) => requireFields(must(r) as unknown as CloudTask, 'the task', ['id'], OP.update))
          .catch((e) => {
            throw notFound(e, missingTask(id, taskId));
          });
        return cloudTask(t);
      });
    },

    async deletePullRequestTask(repo, id, taskId) {
      const params = tp(repo, id, taskId);
      return write([{ operation: OP.delete, params }], async () => {
        const api = await ctx.api();
        await api
          .DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks/{task_id}', { params: { path: params } })
          .then((r) => must(r))
          .catch((e) => {
            throw notFound(e, missingTask(id, taskId));
          });
      });
    },
  };
}
