import { must } from '../../../api/client.js';
import { type CloudKey, keyJson } from '../../../provider/ssh-keys.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { checkSshPublicKey, KEY_FILE_FLAG, readKey } from '../../ssh-key/key-material.js';
import { KEY_JSON_FIELDS } from '../../ssh-key/present.js';
import { defineCommand } from '../../define.js';
import { OP, PROJECT_ARG, projectTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['project', 'deploy-key', 'add'],
  summary: 'Add a deploy key to a project',
  description: 'Adds a read-only SSH public key (from --key-file, or standard input) that can clone every repository of the project, e.g. for a build server.',
  examples: [
    'bb project deploy-key add PLAT --workspace myteam --key-file deploy.pub --label ci',
    'cat deploy.pub | bb project deploy-key add myteam/PLAT --label ci',
  ],
  args: [PROJECT_ARG],
  flags: [WORKSPACE_FLAG, KEY_FILE_FLAG, { name: 'label', short: 'l', type: 'string', valueName: 'LABEL', description: 'a name for the key' }],
  write: true,
  json: KEY_JSON_FIELDS,
  operations: [OP.add],
  async run(ctx, input) {
    const params = await projectTarget(ctx, input.args.project, input.flags.workspace);
    const key = checkSshPublicKey(await readKey(ctx, input, 'SSH public key'));
    const body = { key, ...(input.flags.label !== undefined ? { label: input.flags.label as string } : {}) };
    if (dryRun(ctx, input, { operation: OP.add, params, body })) return 0;
    const api = await ctx.api();
    const added = must(
      await api.POST('/workspaces/{workspace}/projects/{project_key}/deploy-keys', { params: { path: params }, body: body as never }),
    ) as unknown as CloudKey;
    status(ctx, `✓ Added deploy key ${added.id ?? ''} to project ${params.workspace}/${params.project_key}`);
    await printItem(ctx, input, added, { toJson: keyJson, human: () => void ctx.io.out.write(`${added.id ?? ''}\n`) });
    return 0;
  },
});
