import { defineCommand } from '../../define.js';
import { memberLookupRule, revokePermission, SUBJECT_FLAGS } from '../../shared/permissions.js';
import { YES_FLAG } from '../../shared/write.js';
import { PROJECT_WORKSPACE_FLAG, projectTarget } from './target.js';

export default defineCommand({
  path: ['project', 'permissions', 'revoke'],
  summary: "Take a user's or a group's permission on a project away",
  description:
    'Removes the permission the user (--user) or the group (--group) was given on the project. Permissions given on single repositories stay. Asks first; --yes skips the question (needed where bb cannot ask). On Cloud the removal needs the delete:permission scope.',
  examples: [
    'bb project permissions revoke PLAT --user alex --workspace myteam',
    'bb project permissions revoke myteam/PLAT --user "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}" --yes',
    'bb project permissions revoke PLAT --group contractors --yes',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [PROJECT_WORKSPACE_FLAG, ...SUBJECT_FLAGS, YES_FLAG],
  write: true,
  operations: [
    'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}',
    'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}',
  ],
  conditional: [memberLookupRule()],
  dcOperations: ['DELETE /api/latest/projects/{projectKey}/permissions/users', 'DELETE /api/latest/projects/{projectKey}/permissions/groups'],
  async run(ctx, input) {
    await revokePermission(ctx, input, await projectTarget(ctx, input), 'project permissions revoke KEY');
    return 0;
  },
});
