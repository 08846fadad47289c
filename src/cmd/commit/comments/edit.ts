import { CLOUD_COMMIT_COMMENT_OP as OP, DC_COMMIT_COMMENT_OP as DC } from '../../../provider/commit-comments.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { COMMENT_JSON_FIELDS } from '../../../provider/pullrequests.js';
import { defineCommand } from '../../define.js';
import { domainCommentJson } from '../../pr/comments/comment.js';
import { printItem, status } from '../../shared/print.js';
import { BODY_FLAGS, CCOMMENT_ARG, COMMIT_ARG, ccommentId, commentBody } from './shared.js';

export default defineCommand({
  path: ['commit', 'comments', 'edit'],
  summary: 'Edit a comment on a commit',
  description: 'Replaces the text of one of your comments on a commit.',
  examples: ['bb commit comments edit 3f2a9c1 1337 -b "Fixed in 4e5f6a7"'],
  args: [COMMIT_ARG, CCOMMENT_ARG],
  flags: [...BODY_FLAGS],
  operations: [OP.edit],
  dcOperations: [DC.get, DC.edit],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const id = ccommentId(input);
    const body = await commentBody(ctx, input);
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const nf = (e: unknown) => notFound(e, `comment #${id} not found on commit ${commit}`);
    const w = await (await provider(ctx)).editCommitComment(repo, commit, id, body).catch((e) => {
      throw nf(e);
    });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const c = await w.send().catch((e) => {
      throw nf(e);
    });
    await printItem(ctx, input, c, { toJson: domainCommentJson, human: () => status(ctx, `✓ Edited comment #${id} on ${commit.slice(0, 12)}`) });
    return 0;
  },
});
