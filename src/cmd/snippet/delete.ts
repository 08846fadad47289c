import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'delete'],
  summary: 'Delete a snippet',
  description: "Deletes the snippet and its history. On a terminal bb asks you to type the snippet's ID; elsewhere --yes is required.",
  examples: ['bb snippet delete kypj', 'bb snippet delete kypj --workspace myteam --yes', 'bb snippet delete kypj --dry-run'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  write: true,
  operations: [OP.delete],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    if (dryRun(ctx, input, { operation: OP.delete, params: target })) return 0;
    await confirmDestructive(ctx, input, `delete snippet ${target.encoded_id}`, target.encoded_id);
    const api = await ctx.api();
    try {
      await api.DELETE('/snippets/{workspace}/{encoded_id}', { params: { path: target } });
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    status(ctx, `✓ Deleted snippet ${target.encoded_id}`);
    return 0;
  },
});
