import { resolveWorkspace } from '../../../provider/workspace.js';
import { defineCommand } from '../../define.js';
import { listWorkspacePermissions, WORKSPACE_PERMISSION_JSON_FIELDS } from '../../shared/permissions.js';

export default defineCommand({
  path: ['workspace', 'permissions', 'repos'],
  summary: "List every member's permission on each repository of a workspace",
  description:
    "Lists, for each repository of the workspace (default: the default_workspace setting, or the workspace of the current repository), each user's effective permission on it: read, write or admin, the highest they have, whether given to them, to one of their groups or through the project. Needs admin rights on the workspace. One repository: bb repo permissions effective.",
  examples: ['bb workspace permissions repos myteam', 'bb workspace permissions repos --all --json repository,nickname,permission'],
  args: [{ name: 'workspace', description: 'workspace slug (default: the current one)' }],
  hosts: ['cloud'],
  list: true,
  json: WORKSPACE_PERMISSION_JSON_FIELDS,
  operations: ['GET /workspaces/{workspace}/permissions/repositories'],
  async run(ctx, input) {
    const workspace = await resolveWorkspace(ctx, input.args.workspace);
    await listWorkspacePermissions(ctx, input, '/workspaces/{workspace}/permissions/repositories', { workspace }, `No repository permissions in ${workspace}`);
    return 0;
  },
});
