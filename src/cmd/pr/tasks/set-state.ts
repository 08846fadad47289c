/** `bb pr tasks resolve` and `bb pr tasks reopen`: the same write, a different state. */
import { dryRunWrite } from '../../../provider/dry-run.js';
import { CLOUD_PR_OP } from '../../../provider/pullrequests.js';
import { CLOUD_TASK_OP as OP, DC_TASK_OP as DC, TASK_JSON_FIELDS } from '../../../provider/tasks.js';
import { printItem, status } from '../../shared/print.js';
import { type CommandDef, defineCommand } from '../../define.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { TASK_ARG, taskId, taskJson } from './task.js';

export function taskStateCommand(opts: {
  verb: 'resolve' | 'reopen';
  state: 'RESOLVED' | 'OPEN';
  summary: string;
  description: string;
  done: string;
}): CommandDef {
  return defineCommand({
    path: ['pr', 'tasks', opts.verb],
    summary: opts.summary,
    description: `${opts.description} On Bitbucket Data Center the task is a blocker comment: it reads its version first.`,
    examples: [`bb pr tasks ${opts.verb} 42 7`, `bb pr tasks ${opts.verb} 42 7 --dry-run`],
    args: [PR_ARG_REQUIRED, TASK_ARG],
    operations: [OP.update, CLOUD_PR_OP.prList],
    dcOperations: [DC.get, DC.update],
    repo: true,
    write: true,
    json: TASK_JSON_FIELDS,
    async run(ctx, input) {
      const { repo, id, p } = await prContext(ctx, input);
      const tid = taskId(input);
      const w = await p.updatePullRequestTask(repo, id, tid, { state: opts.state });
      if (await dryRunWrite(ctx, input, w)) return 0;
      const task = await w.send();
      await printItem(ctx, input, task, { toJson: taskJson, human: () => status(ctx, `✓ ${opts.done} task #${tid} on pull request #${id}`) });
      return 0;
    },
  });
}
