import { defineCommand } from '../../define.js';
import { grantPermission, memberLookupRule, PERMISSION_JSON_FIELDS, SUBJECT_FLAGS } from '../../shared/permissions.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'permissions', 'grant'],
  summary: 'Give a user or a group a permission on a repository',
  description:
    'Gives the user (--user) or the group (--group) the permission PERMISSION on the repository: read, write or admin. A user or group that already has a permission there gets the new one instead, so this also changes a permission (up or down). On Cloud a user is named by nickname, {uuid} or account id (a nickname is looked up among the workspace members) and the change needs the write:permission scope; on Data Center by username, and the level is sent as REPO_READ, REPO_WRITE or REPO_ADMIN.',
  examples: [
    'bb repo permissions grant write --user alex',
    'bb repo permissions grant admin -R myteam/website --user "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}"',
    'bb repo permissions grant read --group developers',
    'bb repo permissions grant write --user alex --dry-run',
  ],
  args: [{ name: 'permission', description: 'read, write or admin', required: true, choices: ['read', 'write', 'admin'] }],
  flags: SUBJECT_FLAGS,
  repo: true,
  write: true,
  json: PERMISSION_JSON_FIELDS,
  operations: [
    'PUT /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}',
    'PUT /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}',
  ],
  conditional: [memberLookupRule()],
  dcOperations: [
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/users',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/groups',
  ],
  async run(ctx, input) {
    const repo = await resolveRepoArg(ctx, input, null);
    await grantPermission(ctx, input, { kind: 'repository', repo }, 'repo permissions grant write');
    return 0;
  },
});
