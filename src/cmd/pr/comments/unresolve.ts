import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { COMMENT_ARG, commentId } from './comment.js';

export default defineCommand({
  path: ['pr', 'comments', 'unresolve'],
  summary: 'Reopen a resolved comment thread on a pull request',
  description: 'Removes the resolution of a comment thread (DELETE …/comments/{comment_id}/resolve).',
  examples: ['bb pr comments unresolve 42 1337'],
  args: [PR_ARG_REQUIRED, COMMENT_ARG],
  operations: [OP.prCommentUnresolve, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const cid = commentId(input);
    const w = await p.resolvePullRequestComment(repo, id, cid, false);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send();
    status(ctx, `✓ Reopened comment #${cid} on pull request #${id}`);
    return 0;
  },
});
