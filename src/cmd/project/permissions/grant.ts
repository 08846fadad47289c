import { defineCommand } from '../../define.js';
import { grantPermission, memberLookupRule, PERMISSION_JSON_FIELDS, SUBJECT_FLAGS } from '../../shared/permissions.js';
import { PROJECT_WORKSPACE_FLAG, projectTarget } from './target.js';

export default defineCommand({
  path: ['project', 'permissions', 'grant'],
  summary: 'Give a user or a group a permission on a project',
  description:
    'Gives the user (--user) or the group (--group) the permission PERMISSION on the project and so on every repository in it: read, write, create-repo (read, and creating repositories) or admin. A user or group that already has a permission there gets the new one instead, so this also changes a permission. On Cloud a user is named by nickname, {uuid} or account id (a nickname is looked up among the workspace members) and the change needs the write:permission scope; on Data Center by username, and the level is sent as PROJECT_READ, PROJECT_WRITE, REPO_CREATE or PROJECT_ADMIN.',
  examples: [
    'bb project permissions grant PLAT write --user alex --workspace myteam',
    'bb project permissions grant myteam/PLAT admin --user "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}"',
    'bb project permissions grant PLAT read --group developers',
    'bb project permissions grant PLAT create-repo --user alex --dry-run',
  ],
  args: [
    { name: 'key', description: 'project key, or WORKSPACE/KEY', required: true },
    { name: 'permission', description: 'read, write, create-repo or admin', required: true, choices: ['read', 'write', 'create-repo', 'admin'] },
  ],
  flags: [PROJECT_WORKSPACE_FLAG, ...SUBJECT_FLAGS],
  write: true,
  json: PERMISSION_JSON_FIELDS,
  operations: [
    'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}',
    'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}',
  ],
  conditional: [memberLookupRule()],
  dcOperations: ['PUT /api/latest/projects/{projectKey}/permissions/users', 'PUT /api/latest/projects/{projectKey}/permissions/groups'],
  async run(ctx, input) {
    await grantPermission(ctx, input, await projectTarget(ctx, input), 'project permissions grant KEY write');
    return 0;
  },
});
