import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['alias', 'delete'],
  summary: 'Delete an alias',
  examples: ['bb alias delete co'],
  args: [{ name: 'name', description: 'the alias', required: true }],
  operations: [],
  async run(ctx, input) {
    const name = String(input.args.name);
    const aliases = await ctx.config.aliases();
    if (aliases[name] === undefined) throw new BbError('INVALID_ARGUMENT', `no alias is called "${name}"`, { hints: ['bb alias list shows them'] });
    await ctx.config.setAlias(name, undefined);
    status(ctx, `✓ Deleted the alias ${name} (bb ${aliases[name]})`);
    return 0;
  },
});
