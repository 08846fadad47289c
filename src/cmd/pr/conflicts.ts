import { CLOUD_PR_CHANGE_OP as OP, DC_PR_CHANGE_OP as DC } from '../../provider/pr-changes.js';
import { CLOUD_PR_OP } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { printList } from '../shared/print.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'conflicts'],
  summary: 'List the files that conflict in a pull request',
  description:
    "Lists the files that merging the pull request into its destination would leave conflicted, with the kind of conflict (the scenario: content, binary, delete_modify — deleted in the source, modified in the destination —, modify_delete, rename_delete, delete_rename, rename, …) and Bitbucket's message. Data Center tells what each side did to a conflicted file in the pull request's changes; bb names it with the same scenarios (it does not tell binary files apart: they are content).\n\nExit status, for scripts (as git merge-tree and bb pr checks): 0 when the pull request merges without conflicts (nothing is listed), 1 when it has conflicts (they are listed, with --json too), other codes on errors.",
  examples: [
    'bb pr conflicts 42',
    '# in a script: does the pull request merge cleanly?',
    'bb pr conflicts 42 >/dev/null && echo clean',
    'bb pr conflicts 42 --json path,scenario,message',
  ],
  args: [PR_ARG],
  operations: [OP.conflicts, OP.repoConflicts, CLOUD_PR_OP.prList],
  dcOperations: [DC.changes],
  repo: true,
  json: ['path', 'scenario', 'message'],
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const conflicts = await p.listPullRequestConflicts(repo, id);
    await printList(ctx, input, conflicts, {
      empty: `No conflicts: pull request #${id} merges cleanly`,
      toJson: (c) => ({ path: c.path, scenario: c.scenario, message: c.message }),
      columns: [
        { header: 'Path', value: (c) => c.path, flexible: true },
        { header: 'Scenario', value: (c) => c.scenario, style: () => 'red' },
        { header: 'Message', value: (c) => c.message ?? '', flexible: true },
      ],
    });
    return conflicts.length > 0 ? 1 : 0;
  },
});
