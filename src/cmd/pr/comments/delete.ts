import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { COMMENT_ARG, commentId } from './comment.js';

export default defineCommand({
  path: ['pr', 'comments', 'delete'],
  summary: 'Delete a comment on a pull request',
  description: 'Asks for confirmation on a terminal; elsewhere --yes is required.',
  examples: ['bb pr comments delete 42 1337', 'bb pr comments delete 42 1337 --yes', 'bb pr comments delete 42 1337 --dry-run'],
  args: [PR_ARG_REQUIRED, COMMENT_ARG],
  flags: [YES_FLAG],
  operations: [OP.prCommentDelete, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
    'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const cid = commentId(input);
    const w = await p.deletePullRequestComment(repo, id, cid);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmYes(ctx, input, `Delete comment #${cid} on pull request #${id}?`, `delete comment #${cid}`);
    await w.send();
    status(ctx, `✓ Deleted comment #${cid} on pull request #${id}`);
    return 0;
  },
});
