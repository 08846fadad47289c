import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, PR_ARG, prTarget } from './shared.js';

export default defineCommand({
  path: ['pr', 'request-changes'],
  summary: 'Request changes on a pull request',
  description: 'Marks your review of the pull request as "changes requested". --undo removes that mark.',
  examples: [
    'bb pr request-changes 42',
    '# with a comment saying what to change',
    'bb pr request-changes 42 && bb pr comments add 42 --body "Please add tests"',
    'bb pr request-changes 42 --undo',
  ],
  args: [PR_ARG],
  flags: [{ name: 'undo', type: 'boolean', description: 'remove your "changes requested" mark' }],
  operations: [OP.prRequestChanges, OP.prList],
  conditional: [{ flag: 'undo', operations: [OP.prUnrequestChanges], source: 'DELETE request-changes removes the mark' }],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    const undo = Boolean(input.flags.undo);
    if (dryRun(ctx, input, { operation: undo ? OP.prUnrequestChanges : OP.prRequestChanges, params })) return 0;
    const api = await ctx.api();
    if (undo) {
      await api.DELETE('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes', { params: { path: params } });
      status(ctx, `✓ Removed your change request on pull request #${id} in ${repo.workspace}/${repo.repo}`);
    } else {
      await api.POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes', { params: { path: params } });
      status(ctx, `✓ Requested changes on pull request #${id} in ${repo.workspace}/${repo.repo}`);
    }
    return 0;
  },
});
