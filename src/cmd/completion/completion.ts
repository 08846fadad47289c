import { GROUP_SUMMARIES } from '../groups.js';
import { completionScript, type Shell, SHELLS } from '../../completion/scripts.js';
import { completionTree } from '../../completion/tree.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['completion'],
  summary: 'Print a shell completion script',
  description:
    "Prints a completion script for bash, zsh or fish, generated from bb's command tree: commands, subcommands, flags and the values a flag accepts. Load it in your shell's start-up file.",
  examples: [
    '# bash (~/.bashrc)',
    'source <(bb completion bash)',
    '# zsh (~/.zshrc, after compinit)',
    'source <(bb completion zsh)',
    '# fish',
    'bb completion fish > ~/.config/fish/completions/bb.fish',
  ],
  args: [{ name: 'shell', description: `the shell: ${SHELLS.join(', ')}`, required: true, choices: SHELLS }],
  operations: [],
  async run(ctx, { args }) {
    const shell = args.shell as string;
    if (!(SHELLS as readonly string[]).includes(shell)) {
      const { BbError } = await import('../../core/errors.js');
      throw new BbError('INVALID_ARGUMENT', `unsupported shell "${shell}"`, { hints: [`choose one of: ${SHELLS.join(', ')}`] });
    }
    // Imported here, not at the top: the registry imports this module, and the tree is the registry.
    const { COMMAND_META: COMMANDS } = await import('../commands.js');
    const tree = completionTree(COMMANDS, GROUP_SUMMARIES);
    // the user's aliases (bb alias set) are commands too
    const root = tree.find((n) => n.path === '');
    for (const [name, expansion] of Object.entries(await ctx.config.aliases()))
      if (root && !root.subcommands.some((s) => s.name === name)) root.subcommands.push({ name, summary: `alias for: bb ${expansion}` });
    ctx.io.out.write(completionScript(shell as Shell, tree));
    return 0;
  },
});
