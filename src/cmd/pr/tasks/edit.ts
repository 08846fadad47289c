import { dryRunWrite } from '../../../provider/dry-run.js';
import { CLOUD_PR_OP } from '../../../provider/pullrequests.js';
import { CLOUD_TASK_OP as OP, DC_TASK_OP as DC, TASK_JSON_FIELDS } from '../../../provider/tasks.js';
import { printItem, status } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags } from '../editor.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { TASK_ARG, taskId, taskJson, taskText } from './task.js';

export default defineCommand({
  path: ['pr', 'tasks', 'edit'],
  summary: 'Change the text of a task on a pull request',
  description: 'Replaces the text; the state stays as it is. On Bitbucket Data Center the task is a blocker comment, which only its author may edit.',
  examples: ['bb pr tasks edit 42 7 --body "Update the changelog and the README"'],
  args: [PR_ARG_REQUIRED, TASK_ARG],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the new text' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the new text from a file (- for stdin)' },
  ],
  operations: [OP.update, CLOUD_PR_OP.prList],
  dcOperations: [DC.get, DC.update],
  repo: true,
  write: true,
  json: TASK_JSON_FIELDS,
  async run(ctx, input) {
    const tid = taskId(input);
    const text = taskText(await bodyFromFlags(ctx, input), 'the new text');
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.updatePullRequestTask(repo, id, tid, { body: text });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const task = await w.send();
    await printItem(ctx, input, task, { toJson: taskJson, human: () => status(ctx, `✓ Edited task #${tid} on pull request #${id}`) });
    return 0;
  },
});
