import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['alias', 'list'],
  summary: 'List your aliases',
  examples: ['bb alias list', 'bb alias list --json name,expansion'],
  aliases: ['ls'],
  json: ['name', 'expansion'],
  operations: [],
  async run(ctx, input) {
    const rows = Object.entries(await ctx.config.aliases())
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, expansion]) => ({ name, expansion }));
    await printList(ctx, input, rows, {
      empty: 'No aliases; add one with bb alias set NAME "COMMAND"',
      toJson: (r) => r,
      columns: [
        { header: 'Name', value: (r) => r.name, style: () => 'green' },
        { header: 'Expansion', value: (r) => r.expansion, flexible: true },
      ],
    });
    return 0;
  },
});
