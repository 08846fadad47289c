import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'ready'],
  summary: 'Mark a draft pull request as ready for review',
  description:
    'Turns a draft pull request into one ready for review (PUT with draft false); --undo turns it back into a draft. The current title, description and reviewers are sent along unchanged.',
  examples: ['bb pr ready 42', '# the pull request of the current branch', 'bb pr ready', '# back to draft', 'bb pr ready 42 --undo'],
  args: [PR_ARG],
  flags: [{ name: 'undo', type: 'boolean', description: 'convert it back to a draft' }],
  operations: [OP.prGet, OP.prUpdate, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const draft = Boolean(input.flags.undo);
    const pr = await p.getPullRequest(repo, id);
    if (pr.state !== 'OPEN') {
      throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state}: only open pull requests can change`, {
        operation: OP.prUpdate,
      });
    }
    if (pr.isDraft === draft) {
      status(ctx, `! Pull request #${id} is already ${draft ? 'a draft' : 'ready for review'}`);
      return 0;
    }
    const w = await p.updatePullRequest(repo, pr, { draft });
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send();
    status(ctx, draft ? `✓ Pull request #${id} is a draft again` : `✓ Pull request #${id} is marked as ready for review`);
    return 0;
  },
});
