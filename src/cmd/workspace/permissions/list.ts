import { resolveWorkspace } from '../../../provider/workspace.js';
import { defineCommand } from '../../define.js';
import { listWorkspacePermissions, WORKSPACE_PERMISSION_JSON_FIELDS } from '../../shared/permissions.js';

export default defineCommand({
  path: ['workspace', 'permissions', 'list'],
  summary: "List a workspace's members with their permission",
  description:
    'Lists the members of the workspace (default: the default_workspace setting, or the workspace of the current repository) with their permission on it: owner, collaborator or member. Their permissions on its repositories: bb workspace permissions repos.',
  examples: ['bb workspace permissions list myteam', 'bb workspace permissions list --json nickname,permission'],
  args: [{ name: 'workspace', description: 'workspace slug (default: the current one)' }],
  hosts: ['cloud'],
  list: true,
  json: WORKSPACE_PERMISSION_JSON_FIELDS,
  operations: ['GET /workspaces/{workspace}/permissions'],
  async run(ctx, input) {
    const workspace = await resolveWorkspace(ctx, input.args.workspace);
    await listWorkspacePermissions(ctx, input, '/workspaces/{workspace}/permissions', { workspace }, `No members in ${workspace}`);
    return 0;
  },
});
