import { BbError } from '../../core/errors.js';
import { checkConfigKey, checkConfigValue } from '../../context/config.js';
import { defineCommand } from '../define.js';
import { KEY_NAMES, keyHelp } from './keys.js';

export default defineCommand({
  path: ['config', 'set'],
  summary: 'Change a setting',
  description: `Stores the value in config.json in the config dir (BB_CONFIG_DIR). Keys with a fixed set of values refuse any other (error 4003).\n\nKeys:\n${keyHelp()}`,
  examples: ['bb config set git_protocol ssh', 'bb config set default_workspace myteam', 'bb config set editor "code --wait"'],
  args: [
    { name: 'key', description: 'the setting', required: true, choices: KEY_NAMES },
    { name: 'value', description: 'its new value', required: true },
  ],
  operations: [],
  async run(ctx, { args }) {
    const key = checkConfigKey(args.key as string);
    const value = args.value as string;
    if (value === '')
      throw new BbError('CONFIG_BAD_VALUE', `an empty value is not allowed for ${key}`, { hints: [`to remove the setting: bb config unset ${key}`] });
    checkConfigValue(key, value);
    await ctx.config.set(key, value);
    return 0;
  },
});
