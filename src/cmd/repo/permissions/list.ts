import { defineCommand } from '../../define.js';
import { LIST_FLAGS, listPermissions, PERMISSION_JSON_FIELDS } from '../../shared/permissions.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'permissions', 'list'],
  summary: "List a repository's user and group permissions",
  description:
    "Lists the users and groups given a permission on the repository itself (read, write or admin), not the ones it inherits from its project or workspace. Needs admin rights on the repository. On Data Center, DC's REPO_READ, REPO_WRITE and REPO_ADMIN are shown as read, write and admin.",
  examples: ['bb repo permissions list', 'bb repo permissions list -R myteam/website --users', 'bb repo permissions list --groups --json name,permission'],
  flags: LIST_FLAGS,
  repo: true,
  list: true,
  json: PERMISSION_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/permissions-config/users', 'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups'],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/users',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/groups',
  ],
  async run(ctx, input) {
    const repo = await resolveRepoArg(ctx, input, null);
    await listPermissions(ctx, input, { kind: 'repository', repo });
    return 0;
  },
});
