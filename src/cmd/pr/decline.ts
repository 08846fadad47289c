import { must } from '../../api/client.js';
import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, PR_ARG, type PullRequest, prTarget, prUrl } from './shared.js';

export default defineCommand({
  path: ['pr', 'decline'],
  summary: 'Decline (close) a pull request',
  description: 'Declines an open pull request. With --comment, a comment saying why is added first.',
  examples: ['bb pr decline 42', 'bb pr decline 42 --comment "Superseded by #43"', 'bb pr decline 42 --dry-run'],
  args: [PR_ARG],
  flags: [{ name: 'comment', short: 'c', type: 'string', valueName: 'TEXT', description: 'add this comment before declining' }],
  operations: [OP.prDecline, OP.prList],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/decline'],
  conditional: [{ flag: 'comment', operations: [OP.prCommentAdd], source: 'adds the comment' }],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    const comment = input.flags.comment as string | undefined;
    const commentBody = { type: 'pullrequest_comment', content: { raw: comment ?? '' } };
    const planned = [...(comment ? [{ operation: OP.prCommentAdd, params, body: commentBody }] : []), { operation: OP.prDecline, params }];
    if (dryRun(ctx, input, ...planned)) return 0;
    const api = await ctx.api();
    if (comment) {
      await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments', {
        params: { path: params },
        body: commentBody as never,
      });
    }
    const pr = must(
      await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/decline', { params: { path: params } }),
    ) as unknown as PullRequest;
    status(ctx, `✓ Declined pull request #${id} in ${repo.workspace}/${repo.repo}`);
    if (prUrl(pr)) ctx.io.out.write(`${prUrl(pr)}\n`);
    return 0;
  },
});
