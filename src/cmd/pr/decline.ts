import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'decline'],
  summary: 'Decline (close) a pull request',
  description: 'Declines an open pull request. With --comment, a comment saying why is added first.',
  examples: ['bb pr decline 42', 'bb pr decline 42 --comment "Superseded by #43"', 'bb pr decline 42 --dry-run'],
  args: [PR_ARG],
  flags: [{ name: 'comment', short: 'c', type: 'string', valueName: 'TEXT', description: 'add this comment before declining' }],
  operations: [OP.prDecline, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/decline',
  ],
  conditional: [{ flag: 'comment', operations: [OP.prCommentAdd], source: 'adds the comment' }],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.declinePullRequest(repo, id, input.flags.comment as string | undefined);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const pr = await w.send();
    status(ctx, `✓ Declined pull request #${id} in ${repo.workspace}/${repo.repo}`);
    if (pr.url) ctx.io.out.write(`${pr.url}\n`);
    return 0;
  },
});
