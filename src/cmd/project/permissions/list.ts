import { defineCommand } from '../../define.js';
import { LIST_FLAGS, listPermissions, PERMISSION_JSON_FIELDS } from '../../shared/permissions.js';
import { PROJECT_WORKSPACE_FLAG, projectTarget } from './target.js';

export default defineCommand({
  path: ['project', 'permissions', 'list'],
  summary: "List a project's user and group permissions",
  description:
    'Lists the users and groups given a permission on the project (read, write, create-repo or admin); a project permission reaches every repository in the project. Needs admin rights on the project. On Data Center, PROJECT_READ, PROJECT_WRITE, REPO_CREATE and PROJECT_ADMIN are shown as read, write, create-repo and admin.',
  examples: [
    'bb project permissions list PLAT --workspace myteam',
    'bb project permissions list myteam/PLAT --groups',
    'bb project permissions list PLAT --json name,permission',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [PROJECT_WORKSPACE_FLAG, ...LIST_FLAGS],
  list: true,
  json: PERMISSION_JSON_FIELDS,
  operations: [
    'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
    'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
  ],
  dcOperations: ['GET /api/latest/projects/{projectKey}/permissions/users', 'GET /api/latest/projects/{projectKey}/permissions/groups'],
  async run(ctx, input) {
    await listPermissions(ctx, input, await projectTarget(ctx, input));
    return 0;
  },
});
