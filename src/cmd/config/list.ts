import { CONFIG_KEYS } from '../../context/config.js';
import { jsonRequest } from '../shared/print.js';
import { writeOut } from '../../output/iostreams.js';
import { pickFields, printJson } from '../../output/json.js';
import { defineCommand } from '../define.js';
import { defaultFor, KEY_NAMES } from './keys.js';

export default defineCommand({
  path: ['config', 'list'],
  summary: 'Print every setting as key=value',
  description: 'Every known key, with its stored value, else its default, else nothing after the `=`.',
  examples: ['bb config list', 'bb config list --json key,value,source'],
  aliases: ['ls'],
  json: ['key', 'value', 'default', 'source', 'description'],
  operations: [],
  async run(ctx, input) {
    const settings = await ctx.config.load();
    const rows = KEY_NAMES.map((key) => {
      const stored = settings[key];
      const def = defaultFor(key);
      return {
        key,
        value: stored ?? def ?? null,
        default: def ?? null,
        source: stored !== undefined ? 'config' : def !== undefined ? 'default' : 'unset',
        description: CONFIG_KEYS[key].description,
      };
    });
    const json = jsonRequest(input);
    if (json) {
      await printJson(
        ctx.io,
        rows.map((r) => pickFields(r, json.fields)),
        json,
      );
      return 0;
    }
    writeOut(ctx.io, rows.map((r) => `${r.key}=${r.value ?? ''}\n`).join(''));
    return 0;
  },
});
