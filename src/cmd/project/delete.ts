import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { confirmDestructive, YES_FLAG } from '../shared/write.js';

export default defineCommand({
  path: ['project', 'delete'],
  summary: 'Delete a project',
  description:
    'Deletes the project with key KEY in the workspace (from WORKSPACE/KEY, --workspace, the default_workspace setting or the current repository). Bitbucket refuses to delete a project that still holds repositories: move or delete them first. Asks you to type the key; --yes skips the question (needed where bb cannot ask).',
  examples: ['bb project delete OLD --workspace myteam', 'bb project delete myteam/OLD --yes', 'bb project delete OLD --dry-run'],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [{ name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' }, YES_FLAG],
  write: true,
  operations: ['DELETE /workspaces/{workspace}/projects/{project_key}'],
  dcOperations: ['DELETE /api/latest/projects/{projectKey}'],
  async run(ctx, input) {
    const p = await provider(ctx);
    const { workspace, key } = await p.projectArg(input.args.key, input.flags.workspace);
    const write = await p.deleteProject(workspace, key);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmDestructive(ctx, input, `delete project ${key}`, key);
    await write.send();
    status(ctx, `✓ Deleted project ${key}`);
    return 0;
  },
});
