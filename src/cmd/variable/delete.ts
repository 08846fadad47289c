import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { call, levelOf, listVariables, OP, SCOPE_FLAGS } from './levels.js';
import { checkKey } from './value.js';

export default defineCommand({
  path: ['variable', 'delete'],
  summary: 'Delete a Pipelines variable',
  description:
    'Deletes the variable (by key) from the repository (default), a workspace (--workspace) or a deployment environment (--env). Needs --yes when bb cannot ask.',
  examples: ['bb variable delete DEPLOY_ENV', 'bb variable delete API_URL --env Production --yes', 'bb variable delete NPM_TOKEN --workspace myteam --dry-run'],
  args: [{ name: 'key', description: 'the variable name', required: true }],
  flags: [...SCOPE_FLAGS, YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.repoList, OP.repoDelete],
  conditional: [
    { flag: 'workspace', source: "the workspace's variables", operations: [OP.wsList, OP.wsDelete] },
    { flag: 'env', source: 'looks the environment up by name; its variables', operations: [OP.environments, OP.envList, OP.envDelete] },
  ],
  async run(ctx, input) {
    const key = checkKey(input.args.key);
    const level = await levelOf(ctx, input, { lookup: !input.flags.dryRun });
    if (dryRun(ctx, input, { operation: level.remove, params: { ...level.params, variable_uuid: `{uuid-of-${key}}` } })) return 0;
    const existing = (await listVariables(ctx, level)).find((v) => v.key === key);
    if (!existing)
      throw new BbError('API_NOT_FOUND', `no variable ${key} on ${level.label}`, { operation: level.list, hints: ['list them with `bb variable list`'] });
    await confirmDestructive(ctx, input, `delete variable ${key} from ${level.label}`, key);
    await call(ctx, level.remove, { ...level.params, variable_uuid: existing.uuid });
    status(ctx, `✓ Deleted variable ${key} from ${level.label}`);
    return 0;
  },
});
