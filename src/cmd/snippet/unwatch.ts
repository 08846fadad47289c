import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'unwatch'],
  summary: 'Stop watching a snippet',
  description: 'Stops watching the snippet. Unwatching a snippet you do not watch does nothing.',
  examples: ['bb snippet unwatch kypj', 'bb snippet unwatch kypj --workspace myteam --dry-run'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG],
  write: true,
  operations: [OP.unwatch],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    if (dryRun(ctx, input, { operation: OP.unwatch, params: target })) return 0;
    const api = await ctx.api();
    try {
      await api.DELETE('/snippets/{workspace}/{encoded_id}/watch', { params: { path: target } });
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    status(ctx, `✓ Stopped watching snippet ${target.encoded_id}`);
    return 0;
  },
});
