import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, PR_ARG, prTarget } from './shared.js';

export default defineCommand({
  path: ['pr', 'unapprove'],
  summary: 'Withdraw your approval of a pull request',
  examples: ['bb pr unapprove 42', 'bb pr unapprove'],
  args: [PR_ARG],
  operations: [OP.prUnapprove, OP.prList],
  dcOperations: ['PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    if (dryRun(ctx, input, { operation: OP.prUnapprove, params })) return 0;
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve', { params: { path: params } });
    status(ctx, `✓ Withdrew your approval of pull request #${id} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
