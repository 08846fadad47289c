import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'request-changes'],
  summary: 'Request changes on a pull request (Data Center: mark it "needs work")',
  description:
    'Marks your review of the pull request as "changes requested" — on Bitbucket Data Center, sets your reviewer status to "needs work" (NEEDS_WORK). --undo removes that mark (Data Center: back to unapproved).',
  examples: [
    'bb pr request-changes 42',
    '# with a comment saying what to change',
    'bb pr request-changes 42 && bb pr comments add 42 --body "Please add tests"',
    'bb pr request-changes 42 --undo',
  ],
  args: [PR_ARG],
  flags: [{ name: 'undo', type: 'boolean', description: 'remove your "changes requested" mark' }],
  operations: [OP.prRequestChanges, OP.prList],
  dcOperations: [
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}',
  ],
  conditional: [{ flag: 'undo', operations: [OP.prUnrequestChanges], source: 'DELETE request-changes removes the mark' }],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const undo = Boolean(input.flags.undo);
    const w = await p.review(repo, id, undo ? 'unrequest-changes' : 'request-changes');
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send();
    if (undo) {
      status(ctx, `✓ Removed your change request on pull request #${id} in ${repo.workspace}/${repo.repo}`);
    } else {
      status(ctx, `✓ Requested changes on pull request #${id} in ${repo.workspace}/${repo.repo}`);
    }
    return 0;
  },
});
