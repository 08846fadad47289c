import { checkConfigKey } from '../../context/config.js';
import { defineCommand } from '../define.js';
import { KEY_NAMES, keyHelp } from './keys.js';

export default defineCommand({
  path: ['config', 'unset'],
  summary: 'Remove a setting, so its default applies again',
  description: `Removing a setting that is not set does nothing and is not an error.\n\nKeys:\n${keyHelp()}`,
  examples: ['bb config unset default_workspace'],
  args: [{ name: 'key', description: 'the setting', required: true, choices: KEY_NAMES }],
  operations: [],
  async run(ctx, { args }) {
    const key = checkConfigKey(args.key as string);
    if ((await ctx.config.get(key)) !== undefined) await ctx.config.set(key, undefined);
    return 0;
  },
});
