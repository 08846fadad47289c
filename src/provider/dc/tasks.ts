/**
 * Pull-request tasks on Bitbucket Data Center (src/provider/tasks.ts): blocker comments (severity BLOCKER, 8.0+),
 * through …/pull-requests/{pullRequestId}/blocker-comments. Changes and deletes carry the comment's `version`
 * (read first); a comment that is not a blocker is no task.
 */
import { requireFields } from '../../api/errors.js';
import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { isoDate as iso } from '../../util/date.js';
import { notFound } from '../errors.js';
import { DC_TASK_OP as OP, type PrTask, type TaskMethods } from '../tasks.js';
import type { RepoLocator, Write } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { dcAccount } from './pullrequests.js';
import { repoParams } from './shapes.js';

type S = components['schemas'];
type DcUser = NonNullable<S['RestPullRequestParticipant']['user']>;
type DcTask = S['RestComment'] & { parent?: { id?: number } };

function dcTask(c: DcTask, parentId?: number): PrTask {
  return {
    id: c.id ?? 0,
    body: c.text ?? '',
    state: c.state === 'RESOLVED' ? 'RESOLVED' : 'OPEN',
    author: dcAccount(c.author as DcUser | undefined),
    commentId: c.parent?.id ?? parentId ?? null,
    createdAt: iso(c.createdDate),
    updatedAt: iso(c.updatedDate),
    resolvedAt: c.state === 'RESOLVED' ? iso(c.resolvedDate) : null,
    resolvedBy: c.state === 'RESOLVED' ? dcAccount(c.resolver as DcUser | undefined) : null,
    url: null,
  };
}

export function taskMethods(ctx: Context): TaskMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pullRequestId: id });
  const write = <T>(plan: Write<T>['plan'], send: () => Promise<T>): Write<T> => ({ plan, send });
  const missingTask = (id: number, taskId: number) => `task #${taskId} not found on pull request #${id}`;

  /** The blocker comment `taskId` as DC has it now (its version for a change); API_NOT_FOUND when it is no task. */
  async function current(repo: RepoLocator, id: number, taskId: number): Promise<DcTask> {
    const c = await dcSend<DcTask>(ctx, OP.get, { ...pp(repo, id), commentId: taskId }).catch((e) => {
      throw notFound(e, missingTask(id, taskId));
    });
    if (c.severity !== undefined && c.severity !== 'BLOCKER')
      throw new BbError('API_NOT_FOUND', `comment #${taskId} on pull request #${id} is a comment, not a task`, {
        operation: OP.get,
        hints: ['bb pr tasks list shows the tasks; bb pr comments … acts on comments'],
      });
    return c;
  }

  return {
    async listPullRequestTasks(repo, id, opts) {
      const tasks = await dcPaginate<DcTask>(ctx, OP.list, pp(repo, id), { state: opts.state }, { limit: opts.limit, all: opts.all }).catch((e) => {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      });
      return tasks.map((t) => dcTask(t));
    },

    async getPullRequestTask(repo, id, taskId) {
      return dcTask(await current(repo, id, taskId));
    },

    async createPullRequestTask(repo, id, input) {
      const params = pp(repo, id);
      const body: Record<string, unknown> = { text: input.body, severity: 'BLOCKER' };
      if (input.commentId !== undefined) body.parent = { id: input.commentId };
      return write([{ operation: OP.create, params, body }], async () => {
        const c = await dcSend<DcTask>(ctx, OP.create, params, { body }).catch((e) => {
          throw notFound(
            e,
            input.commentId !== undefined
              ? `pull request #${id} or comment #${input.commentId} not found`
              : `pull request #${id} not found in ${repo.workspace}/${repo.repo}`,
          );
        });
        requireFields(c, 'the task', ['id'], OP.create);
        return dcTask(c, input.commentId);
      });
    },

    async updatePullRequestTask(repo, id, taskId, change) {
      const now = await current(repo, id, taskId);
      const params = { ...pp(repo, id), commentId: taskId };
      const body: Record<string, unknown> = { version: now.version ?? 0 };
      if (change.body !== undefined) body.text = change.body;
      if (change.state !== undefined) body.state = change.state;
      return write([{ operation: OP.update, params, body }], async () => {
        const c = await dcSend<DcTask>(ctx, OP.update, params, { body }).catch((e) => {
          throw notFound(e, missingTask(id, taskId));
        });
        requireFields(c, 'the task', ['id'], OP.update);
        return dcTask(c, now.parent?.id);
      });
    },

    async deletePullRequestTask(repo, id, taskId) {
      const now = await current(repo, id, taskId);
      const params = { ...pp(repo, id), commentId: taskId };
      const query = { version: now.version ?? 0 };
      return write([{ operation: OP.delete, params, query }], async () => {
        await dcSend(ctx, OP.delete, params, { query }).catch((e) => {
          throw notFound(e, missingTask(id, taskId));
        });
      });
    },
  };
}
