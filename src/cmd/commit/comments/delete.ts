import { CLOUD_COMMIT_COMMENT_OP as OP, DC_COMMIT_COMMENT_OP as DC } from '../../../provider/commit-comments.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { CCOMMENT_ARG, COMMIT_ARG, ccommentId } from './shared.js';

export default defineCommand({
  path: ['commit', 'comments', 'delete'],
  summary: 'Delete a comment on a commit',
  description:
    'Asks for confirmation on a terminal; elsewhere --yes is required. A comment with replies stays, blanked, on Cloud; Data Center refuses to delete it.',
  examples: ['bb commit comments delete 3f2a9c1 1337', 'bb commit comments delete 3f2a9c1 1337 --yes'],
  args: [COMMIT_ARG, CCOMMENT_ARG],
  flags: [YES_FLAG],
  operations: [OP.delete],
  dcOperations: [DC.get, DC.delete],
  repo: true,
  write: true,
  async run(ctx, input) {
    const id = ccommentId(input);
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const nf = (e: unknown) => notFound(e, `comment #${id} not found on commit ${commit}`);
    const w = await (await provider(ctx)).deleteCommitComment(repo, commit, id).catch((e) => {
      throw nf(e);
    });
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmYes(ctx, input, `Delete comment #${id} on ${commit.slice(0, 12)}?`, `delete comment #${id}`);
    await w.send().catch((e) => {
      throw nf(e);
    });
    status(ctx, `✓ Deleted comment #${id} on ${commit.slice(0, 12)}`);
    return 0;
  },
});
