import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { getPr, OP, PR_ARG, prTarget, putPr, updateBody } from './shared.js';

export default defineCommand({
  path: ['pr', 'ready'],
  summary: 'Mark a draft pull request as ready for review',
  description:
    'Turns a draft pull request into one ready for review (PUT with draft false); --undo turns it back into a draft. The current title, description and reviewers are sent along unchanged.',
  examples: ['bb pr ready 42', '# the pull request of the current branch', 'bb pr ready', '# back to draft', 'bb pr ready 42 --undo'],
  args: [PR_ARG],
  flags: [{ name: 'undo', type: 'boolean', description: 'convert it back to a draft' }],
  operations: [OP.prGet, OP.prUpdate, OP.prList],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    const draft = Boolean(input.flags.undo);
    const pr = await getPr(ctx, repo, id);
    if (pr.state !== 'OPEN') {
      throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state}: only open pull requests can change`, {
        operation: OP.prUpdate,
      });
    }
    if (Boolean(pr.draft) === draft) {
      status(ctx, `! Pull request #${id} is already ${draft ? 'a draft' : 'ready for review'}`);
      return 0;
    }
    const body = updateBody(pr, { draft });
    if (dryRun(ctx, input, { operation: OP.prUpdate, params, body })) return 0;
    await putPr(ctx, params, body);
    status(ctx, draft ? `✓ Pull request #${id} is a draft again` : `✓ Pull request #${id} is marked as ready for review`);
    return 0;
  },
});
