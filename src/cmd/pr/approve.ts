import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, PR_ARG, prTarget } from './shared.js';

export default defineCommand({
  path: ['pr', 'approve'],
  summary: 'Approve a pull request',
  examples: ['bb pr approve 42', '# the pull request of the current branch', 'bb pr approve', 'bb pr approve 42 --dry-run'],
  args: [PR_ARG],
  operations: [OP.prApprove, OP.prList],
  dcOperations: ['PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    if (dryRun(ctx, input, { operation: OP.prApprove, params })) return 0;
    const api = await ctx.api();
    await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve', { params: { path: params } });
    status(ctx, `✓ Approved pull request #${id} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
