import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'unapprove'],
  summary: 'Withdraw your approval of a pull request',
  examples: ['bb pr unapprove 42', 'bb pr unapprove'],
  args: [PR_ARG],
  operations: [OP.prUnapprove],
  // with a number, the withdrawal is all: `bb pr unapprove 42` needs only write:pullrequest
  conditional: [{ withoutArg: 'pr', operations: [OP.prList], source: 'without a number, finds the open pull request of the current branch' }],
  dcOperations: [
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.review(repo, id, 'unapprove');
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send();
    status(ctx, `✓ Withdrew your approval of pull request #${id} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
