import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'approve'],
  summary: 'Approve a pull request',
  examples: ['bb pr approve 42', '# the pull request of the current branch', 'bb pr approve', 'bb pr approve 42 --dry-run'],
  args: [PR_ARG],
  operations: [OP.prApprove, OP.prList],
  dcOperations: [
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.review(repo, id, 'approve');
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send();
    status(ctx, `✓ Approved pull request #${id} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
