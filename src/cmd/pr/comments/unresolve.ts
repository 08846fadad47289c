import { status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { notFound, OP, PR_ARG_REQUIRED, prTarget } from '../shared.js';
import { COMMENT_ARG, commentId } from './shared.js';

export default defineCommand({
  path: ['pr', 'comments', 'unresolve'],
  summary: 'Reopen a resolved comment thread on a pull request',
  description: 'Removes the resolution of a comment thread (DELETE …/comments/{comment_id}/resolve).',
  examples: ['bb pr comments unresolve 42 1337'],
  args: [PR_ARG_REQUIRED, COMMENT_ARG],
  operations: [OP.prCommentUnresolve, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}', 'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { id, params } = await prTarget(ctx, input);
    const cid = commentId(input);
    const path = { ...params, comment_id: cid };
    if (dryRun(ctx, input, { operation: OP.prCommentUnresolve, params: path })) return 0;
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve', { params: { path } }).catch((e) => {
      throw notFound(e, `comment #${cid} not found on pull request #${id}, or it is not resolved`);
    });
    status(ctx, `✓ Reopened comment #${cid} on pull request #${id}`);
    return 0;
  },
});
