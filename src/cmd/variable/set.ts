import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { call, levelOf, listVariables, OP, SCOPE_FLAGS, type Variable } from './levels.js';
import { checkKey, MASK, readValue, variableJson } from './value.js';

export default defineCommand({
  path: ['variable', 'set'],
  summary: 'Create or update a Pipelines variable',
  description:
    'Sets the variable on the repository (default), a workspace (--workspace) or a deployment environment (--env): updated when the key exists, created otherwise. The value comes from --value, --value-file, or standard input (safer for secrets: it stays out of argv and shell history); on a terminal bb asks for it. --secured hides the value in Bitbucket and bb never prints it, not even with --dry-run.',
  examples: [
    'bb variable set DEPLOY_ENV --value staging',
    '# a secret, from a secret store',
    'pass show aws/key | bb variable set AWS_SECRET_ACCESS_KEY --secured',
    'bb variable set API_URL --value https://api.example.com --env Production',
    'bb variable set NPM_TOKEN --secured --value-file token.txt --workspace myteam',
  ],
  args: [{ name: 'key', description: 'the variable name', required: true }],
  flags: [
    ...SCOPE_FLAGS,
    { name: 'value', short: 'v', type: 'string', valueName: 'VALUE', description: 'the value (prefer --value-file or stdin for secrets)' },
    { name: 'value-file', type: 'string', valueName: 'FILE', description: 'read the value from a file (- for standard input)' },
    { name: 'secured', short: 's', type: 'boolean', description: 'a secured variable: its value is hidden' },
  ],
  repo: true,
  write: true,
  json: ['uuid', 'key', 'value', 'secured'],
  operations: [OP.repoList, OP.repoCreate, OP.repoUpdate],
  conditional: [
    { flag: 'workspace', source: "the workspace's variables", operations: [OP.wsList, OP.wsCreate, OP.wsUpdate] },
    { flag: 'env', source: 'looks the environment up by name; its variables', operations: [OP.environments, OP.envList, OP.envCreate, OP.envUpdate] },
  ],
  async run(ctx, input) {
    const key = checkKey(input.args.key);
    const secured = Boolean(input.flags.secured);
    const value = await readValue(ctx, input);
    const level = await levelOf(ctx, input, { lookup: !input.flags.dryRun });
    const body = (v: string) => ({ key, value: v, secured });
    if (dryRun(ctx, input, { operation: level.create, params: level.params, body: body(secured ? MASK : value) })) {
      ctx.io.err.write(`(updated with ${level.update.split(' ')[0]} instead when ${key} already exists)\n`);
      return 0;
    }
    const existing = (await listVariables(ctx, level)).find((v) => v.key === key);
    const response = existing
      ? await call(ctx, level.update, { ...level.params, variable_uuid: existing.uuid }, body(value))
      : await call(ctx, level.create, level.params, body(value));
    const saved = (await response.json().catch(() => ({ key, secured, uuid: existing?.uuid ?? '' }))) as Variable;
    // never echo a secured value, whatever the server sent back
    const shown: Variable = { ...saved, key: saved.key ?? key, secured: saved.secured ?? secured, value: secured || saved.secured ? undefined : saved.value };
    status(ctx, `✓ ${existing ? 'Updated' : 'Created'} ${shown.secured ? 'secured ' : ''}variable ${key} on ${level.label}`);
    await printItem(ctx, input, shown, { toJson: variableJson, human: () => {} });
    return 0;
  },
});
