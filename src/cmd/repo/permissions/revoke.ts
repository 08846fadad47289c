import { defineCommand } from '../../define.js';
import { memberLookupRule, revokePermission, SUBJECT_FLAGS } from '../../shared/permissions.js';
import { YES_FLAG } from '../../shared/write.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'permissions', 'revoke'],
  summary: "Take a user's or a group's permission on a repository away",
  description:
    'Removes the permission the user (--user) or the group (--group) was given on the repository. What they have through the project or the workspace stays: see bb project permissions. Asks first; --yes skips the question (needed where bb cannot ask). On Cloud the removal needs the delete:permission scope.',
  examples: [
    'bb repo permissions revoke --user alex',
    'bb repo permissions revoke -R myteam/website --user "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}" --yes',
    'bb repo permissions revoke --group contractors --yes',
  ],
  flags: [...SUBJECT_FLAGS, YES_FLAG],
  repo: true,
  write: true,
  operations: [
    'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}',
    'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}',
  ],
  conditional: [memberLookupRule()],
  dcOperations: [
    'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/users',
    'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/groups',
  ],
  async run(ctx, input) {
    const repo = await resolveRepoArg(ctx, input, null);
    await revokePermission(ctx, input, { kind: 'repository', repo }, 'repo permissions revoke');
    return 0;
  },
});
