import { BbError } from '../../../core/errors.js';
import { notFound } from '../../../provider/errors.js';
import { CLOUD_PR_OP } from '../../../provider/pullrequests.js';
import { CLOUD_TASK_OP as OP, DC_TASK_OP as DC, TASK_JSON_FIELDS, type TaskState } from '../../../provider/tasks.js';
import { printList } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { PR_ARG, prContext } from '../finder.js';
import { TASK_COLUMNS, taskJson } from './task.js';

const STATES: Record<string, TaskState | undefined> = { open: 'OPEN', resolved: 'RESOLVED', all: undefined };

export default defineCommand({
  path: ['pr', 'tasks', 'list'],
  summary: 'List the tasks of a pull request',
  description:
    'Shows each task with its state (OPEN or RESOLVED), its text, who made it and the comment it is on. On Bitbucket Data Center a task is a blocker comment (8.0+).',
  examples: [
    'bb pr tasks list 42',
    '# what is left to do',
    'bb pr tasks list 42 --state open',
    `bb pr tasks list 42 --json id,body,state --jq '.[] | select(.state == "OPEN") | .body'`,
  ],
  args: [PR_ARG],
  flags: [{ name: 'state', type: 'string', valueName: 'STATE', choices: ['open', 'resolved', 'all'], description: 'only tasks in this state (default: all)' }],
  operations: [OP.list, CLOUD_PR_OP.prList],
  dcOperations: [DC.list],
  repo: true,
  list: true,
  json: TASK_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { state?: string; limit?: number; all?: boolean };
    const key = (f.state ?? 'all').toLowerCase();
    if (!(key in STATES)) throw new BbError('INVALID_ARGUMENT', `--state must be open, resolved or all, not "${f.state}"`);
    const { repo, id, p } = await prContext(ctx, input);
    const tasks = await p.listPullRequestTasks(repo, id, { state: STATES[key], limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
    });
    await printList(ctx, input, tasks, { empty: `No tasks on pull request #${id}`, toJson: taskJson, columns: TASK_COLUMNS });
    return 0;
  },
});
