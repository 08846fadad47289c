import { dryRunWrite } from '../../../provider/dry-run.js';
import { CLOUD_PR_OP } from '../../../provider/pullrequests.js';
import { CLOUD_TASK_OP as OP, DC_TASK_OP as DC } from '../../../provider/tasks.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { TASK_ARG, taskId } from './task.js';

export default defineCommand({
  path: ['pr', 'tasks', 'delete'],
  summary: 'Delete a task on a pull request',
  description: 'Asks for confirmation on a terminal; elsewhere --yes is required. On Bitbucket Data Center the task is a blocker comment.',
  examples: ['bb pr tasks delete 42 7', 'bb pr tasks delete 42 7 --yes', 'bb pr tasks delete 42 7 --dry-run'],
  args: [PR_ARG_REQUIRED, TASK_ARG],
  flags: [YES_FLAG],
  operations: [OP.delete, CLOUD_PR_OP.prList],
  dcOperations: [DC.get, DC.delete],
  repo: true,
  write: true,
  async run(ctx, input) {
    const tid = taskId(input);
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.deletePullRequestTask(repo, id, tid);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmYes(ctx, input, `Delete task #${tid} on pull request #${id}?`, `delete task #${tid}`);
    await w.send();
    status(ctx, `✓ Deleted task #${tid} on pull request #${id}`);
    return 0;
  },
});
