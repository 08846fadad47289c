import { splitWords } from '../../context/alias.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['alias', 'set'],
  summary: 'Create a shortcut for a bb command line',
  description:
    'After `bb alias set NAME EXPANSION`, `bb NAME …` runs `bb EXPANSION …`. In the expansion, $1, $2… stand for the arguments in that place; the other arguments are added at the end. The expansion is a bb command line (not a shell command), and a name cannot hide a bb command. Aliases live in config.json; `bb completion` offers them (regenerate the completion script after adding some).',
  examples: [
    'bb alias set co "pr checkout"',
    'bb co 42',
    '# $1 takes the first argument',
    "bb alias set mine 'pr list --author @me --state $1'",
    'bb mine merged',
  ],
  args: [
    { name: 'name', description: 'the new command word', required: true },
    { name: 'expansion', description: 'the bb command line it stands for (quote it)', required: true },
  ],
  flags: [{ name: 'clobber', type: 'boolean', description: 'replace an alias of the same name' }],
  operations: [],
  async run(ctx, input) {
    const name = String(input.args.name);
    const expansion = String(input.args.expansion)
      .trim()
      .replace(/^bb\s+/, '');
    if (!/^[a-z][a-z0-9_-]*$/i.test(name)) throw new BbError('INVALID_ARGUMENT', `"${name}" cannot be an alias: use letters, digits, - and _`);
    // imported here, not at the top: the registry imports this module
    const { COMMAND_META } = await import('../commands.js');
    const tops = new Set(COMMAND_META.map((d) => d.path[0]));
    if (tops.has(name)) throw new BbError('INVALID_ARGUMENT', `"${name}" is a bb command; an alias cannot replace it`);
    const first = splitWords(expansion)[0];
    if (!first || !tops.has(first))
      throw new BbError('INVALID_ARGUMENT', `the expansion must be a bb command line, not "${expansion}"`, {
        hints: ['for example: bb alias set co "pr checkout"'],
      });
    const existing = (await ctx.config.aliases())[name];
    if (existing !== undefined && !input.flags.clobber)
      throw new BbError('INVALID_ARGUMENT', `the alias "${name}" exists (bb ${existing})`, { hints: ['pass --clobber to replace it'] });
    await ctx.config.setAlias(name, expansion);
    status(ctx, `✓ bb ${name} now runs: bb ${expansion}`);
    return 0;
  },
});
