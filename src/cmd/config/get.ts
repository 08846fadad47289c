import { checkConfigKey } from '../../context/config.js';
import { defineCommand } from '../define.js';
import { defaultFor, KEY_NAMES, keyHelp } from './keys.js';

export default defineCommand({
  path: ['config', 'get'],
  summary: 'Print the value of a setting',
  description: `Prints the value stored in the config file, else the key's default. A known key with neither prints nothing and exits 0, as \`gh config get\` does; an unknown key is error 4002.\n\nKeys:\n${keyHelp()}`,
  examples: ['bb config get git_protocol', 'bb config get default_workspace'],
  args: [{ name: 'key', description: 'the setting', required: true, choices: KEY_NAMES }],
  operations: [],
  async run(ctx, { args }) {
    const key = checkConfigKey(args.key as string);
    const value = (await ctx.config.get(key)) ?? defaultFor(key);
    if (value !== undefined) ctx.io.out.write(`${value}\n`);
    return 0;
  },
});
