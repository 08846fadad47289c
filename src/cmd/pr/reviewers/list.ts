import { printList } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { accountName } from '../present.js';
import { CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG, prContext } from '../finder.js';

export default defineCommand({
  path: ['pr', 'reviewers', 'list'],
  summary: 'List the reviewers of a pull request and their review state',
  examples: ['bb pr reviewers list 42', 'bb pr reviewers list --json nickname,state'],
  args: [PR_ARG],
  operations: [OP.prGet, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}'],
  repo: true,
  json: ['nickname', 'displayName', 'uuid', 'accountId', 'state'],
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const pr = await p.getPullRequest(repo, id);
    const rows = pr.reviewers;
    await printList(ctx, input, rows, {
      empty: `Pull request #${id} has no reviewers`,
      toJson: (r) => ({ nickname: r.nickname, displayName: r.displayName, uuid: r.uuid, accountId: r.accountId, state: r.state }),
      columns: [
        { header: 'Reviewer', value: (r) => accountName(r), style: () => 'bold' },
        { header: 'Name', value: (r) => r.displayName ?? '', flexible: true },
        { header: 'State', value: (r) => r.state, style: (r) => (r.state === 'approved' ? 'green' : r.state === 'changes requested' ? 'red' : 'yellow') },
      ],
    });
    return 0;
  },
});
