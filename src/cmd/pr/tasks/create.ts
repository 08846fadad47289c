import { dryRunWrite } from '../../../provider/dry-run.js';
import { CLOUD_PR_OP } from '../../../provider/pullrequests.js';
import { CLOUD_TASK_OP as OP, DC_TASK_OP as DC, TASK_JSON_FIELDS } from '../../../provider/tasks.js';
import { BbError } from '../../../core/errors.js';
import { printItem, status } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags } from '../editor.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { taskJson, taskText } from './task.js';

export default defineCommand({
  path: ['pr', 'tasks', 'create'],
  summary: 'Add a task to a pull request',
  description:
    'Adds an open task to the pull request; with --comment it sits under that comment. On Bitbucket Data Center the task is a blocker comment (8.0+): with --comment, a blocker reply to the comment.',
  examples: ['bb pr tasks create 42 --body "Update the changelog"', '# under comment 1337', 'bb pr tasks create 42 -b "Add a test for this" --comment 1337'],
  args: [PR_ARG_REQUIRED],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the task' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the task from a file (- for stdin)' },
    { name: 'comment', type: 'string', valueName: 'ID', description: 'put the task on this comment (see `bb pr comments list`)' },
  ],
  operations: [OP.create, CLOUD_PR_OP.prList],
  dcOperations: [DC.create],
  repo: true,
  write: true,
  json: TASK_JSON_FIELDS,
  async run(ctx, input) {
    const text = taskText(await bodyFromFlags(ctx, input));
    const raw = input.flags.comment as string | undefined;
    let commentId: number | undefined;
    if (raw !== undefined) {
      commentId = /^#?\d+$/.test(raw.trim()) ? Number(raw.trim().replace(/^#/, '')) : Number.NaN;
      if (!Number.isSafeInteger(commentId) || commentId < 1)
        throw new BbError('INVALID_ARGUMENT', `--comment "${raw}" is not a comment id`, { hints: ['bb pr comments list shows the ids'] });
    }
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.createPullRequestTask(repo, id, { body: text, commentId });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const task = await w.send();
    await printItem(ctx, input, task, { toJson: taskJson, human: () => status(ctx, `✓ Added task #${task.id} to pull request #${id}`) });
    return 0;
  },
});
