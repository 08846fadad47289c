import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { confirmYes, dryRun, YES_FLAG } from '../../shared/write.js';
import { OP, snippetTarget, WORKSPACE_FLAG } from '../target.js';
import { COMMENT_ARG, commentId, commentNotFound } from './comment.js';

export default defineCommand({
  path: ['snippet', 'comments', 'delete'],
  summary: 'Delete a comment on a snippet',
  description: 'Deletes the comment (yours, or any on a snippet you can change). Asks for confirmation on a terminal; elsewhere --yes is required.',
  examples: ['bb snippet comments delete kypj 3', 'bb snippet comments delete kypj 3 --yes', 'bb snippet comments delete kypj 3 --dry-run'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }, COMMENT_ARG],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  write: true,
  operations: [OP.commentDelete],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const cid = commentId(input);
    const params = { ...target, comment_id: cid };
    if (dryRun(ctx, input, { operation: OP.commentDelete, params })) return 0;
    await confirmYes(ctx, input, `Delete comment ${cid} on snippet ${target.encoded_id}?`, `delete comment ${cid}`);
    const api = await ctx.api();
    try {
      await api.DELETE('/snippets/{workspace}/{encoded_id}/comments/{comment_id}', { params: { path: params as never } });
    } catch (e) {
      throw commentNotFound(e, `comment ${cid} on snippet ${target.encoded_id}`);
    }
    status(ctx, `✓ Deleted comment ${cid} on snippet ${target.encoded_id}`);
    return 0;
  },
});
