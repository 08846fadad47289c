import { printList } from '../../../output/command-output.js';
import { defineCommand } from '../../define.js';
import { accountJson, getPr, OP, PR_ARG, prTarget, reviewersOf, userName } from '../shared.js';

export default defineCommand({
  path: ['pr', 'reviewers', 'list'],
  summary: 'List the reviewers of a pull request and their review state',
  examples: ['bb pr reviewers list 42', 'bb pr reviewers list --json nickname,state'],
  args: [PR_ARG],
  operations: [OP.prGet, OP.prList],
  repo: true,
  json: ['nickname', 'displayName', 'uuid', 'accountId', 'state'],
  async run(ctx, input) {
    const { repo, id } = await prTarget(ctx, input);
    const pr = await getPr(ctx, repo, id);
    const rows = reviewersOf(pr);
    await printList(ctx, input, rows, {
      empty: `Pull request #${id} has no reviewers`,
      toJson: (r) => ({ ...accountJson(r.user), state: r.state }),
      columns: [
        { header: 'Reviewer', value: (r) => userName(r.user), style: () => 'bold' },
        { header: 'Name', value: (r) => r.user.display_name ?? '', flexible: true },
        { header: 'State', value: (r) => r.state, style: (r) => (r.state === 'approved' ? 'green' : r.state === 'changes requested' ? 'red' : 'yellow') },
      ],
    });
    return 0;
  },
});
