import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'watch'],
  summary: 'Watch a snippet',
  description:
    'Starts watching the snippet: Bitbucket notifies you of its changes and comments. Watching a snippet you already watch does nothing. `bb snippet watching` tells whether you watch it.',
  examples: ['bb snippet watch kypj', 'bb snippet watch kypj --workspace myteam --dry-run'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG],
  write: true,
  operations: [OP.watch],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    if (dryRun(ctx, input, { operation: OP.watch, params: target })) return 0;
    const api = await ctx.api();
    try {
      await api.PUT('/snippets/{workspace}/{encoded_id}/watch', { params: { path: target } });
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    status(ctx, `✓ Watching snippet ${target.encoded_id}`);
    return 0;
  },
});
