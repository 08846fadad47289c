import { must } from '../../api/client.js';
import { BbError } from '../../core/errors.js';
import { defineCommand } from '../define.js';
import { printItem } from '../shared/print.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['snippet', 'watching'],
  summary: 'Tell whether you watch a snippet',
  description:
    'Prints `watching` or `not watching`. Bitbucket answers the same 404 for a snippet you do not watch and for one that does not exist, so bb reads the snippet first to tell them apart.',
  examples: ['bb snippet watching kypj', 'bb snippet watching kypj --json watching'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG],
  json: ['id', 'watching'],
  operations: [OP.get, OP.watching],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const api = await ctx.api();
    try {
      must(await api.GET('/snippets/{workspace}/{encoded_id}', { params: { path: target } }));
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    let watching = true;
    try {
      await api.GET('/snippets/{workspace}/{encoded_id}/watch', { params: { path: target } });
    } catch (e) {
      if (!(e instanceof BbError && e.errorName === 'API_NOT_FOUND')) throw e;
      watching = false;
    }
    await printItem(
      ctx,
      input,
      { id: target.encoded_id, watching },
      {
        toJson: (x) => x,
        human: () => {
          ctx.io.out.write(watching ? 'watching\n' : 'not watching\n');
        },
      },
    );
    return 0;
  },
});
