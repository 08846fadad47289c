import { status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { confirmYes, notFound, OP, PR_ARG_REQUIRED, prTarget, YES_FLAG } from '../shared.js';
import { COMMENT_ARG, commentId } from './shared.js';

export default defineCommand({
  path: ['pr', 'comments', 'delete'],
  summary: 'Delete a comment on a pull request',
  description: 'Asks for confirmation on a terminal; elsewhere --yes is required.',
  examples: ['bb pr comments delete 42 1337', 'bb pr comments delete 42 1337 --yes', 'bb pr comments delete 42 1337 --dry-run'],
  args: [PR_ARG_REQUIRED, COMMENT_ARG],
  flags: [YES_FLAG],
  operations: [OP.prCommentDelete, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}', 'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { id, params } = await prTarget(ctx, input);
    const cid = commentId(input);
    const path = { ...params, comment_id: cid };
    if (dryRun(ctx, input, { operation: OP.prCommentDelete, params: path })) return 0;
    await confirmYes(ctx, input, `Delete comment #${cid} on pull request #${id}?`, `delete comment #${cid}`);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', { params: { path } }).catch((e) => {
      throw notFound(e, `comment #${cid} not found on pull request #${id}`);
    });
    status(ctx, `✓ Deleted comment #${cid} on pull request #${id}`);
    return 0;
  },
});
