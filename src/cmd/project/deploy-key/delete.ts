import { BbError } from '../../../core/errors.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { OP, PROJECT_ARG, projectTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['project', 'deploy-key', 'delete'],
  summary: 'Remove a deploy key from a project',
  description:
    'Removes the project deploy key (by its id, from `bb project deploy-key list`). On a terminal bb asks for confirmation; elsewhere --yes is required.',
  examples: ['bb project deploy-key delete PLAT 1234 --workspace myteam', 'bb project deploy-key delete myteam/PLAT 1234 --yes'],
  args: [PROJECT_ARG, { name: 'id', description: 'the deploy key id', required: true }],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  write: true,
  operations: [OP.remove],
  async run(ctx, input) {
    const id = String(input.args.id ?? '').trim();
    if (!/^\d+$/.test(id)) throw new BbError('INVALID_ARGUMENT', `"${id}" is not a deploy key id`, { hints: ['list them with `bb project deploy-key list`'] });
    const target = await projectTarget(ctx, input.args.project, input.flags.workspace);
    const params = { ...target, key_id: id };
    if (dryRun(ctx, input, { operation: OP.remove, params })) return 0;
    const where = `project ${target.workspace}/${target.project_key}`;
    await confirmDestructive(ctx, input, `remove deploy key ${id} from ${where}`, id);
    const api = await ctx.api();
    await api.DELETE('/workspaces/{workspace}/projects/{project_key}/deploy-keys/{key_id}', { params: { path: params } });
    status(ctx, `✓ Removed deploy key ${id} from ${where}`);
    return 0;
  },
});
