import { defineCommand } from '../../define.js';
import { listWorkspacePermissions, WORKSPACE_PERMISSION_JSON_FIELDS } from '../../shared/permissions.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'permissions', 'effective'],
  summary: "List every user's effective permission on a repository",
  description:
    'Lists each user who can use the repository with the highest permission they have on it (read, write or admin), whether given to them, to one of their groups, through the project or as a workspace owner. bb repo permissions list shows only what was given on the repository itself. Needs admin rights on the workspace.',
  examples: ['bb repo permissions effective', 'bb repo permissions effective -R myteam/website --json nickname,permission'],
  repo: true,
  hosts: ['cloud'],
  list: true,
  json: WORKSPACE_PERMISSION_JSON_FIELDS,
  operations: ['GET /workspaces/{workspace}/permissions/repositories/{repo_slug}'],
  async run(ctx, input) {
    const repo = await resolveRepoArg(ctx, input, null);
    await listWorkspacePermissions(
      ctx,
      input,
      '/workspaces/{workspace}/permissions/repositories/{repo_slug}',
      { workspace: repo.workspace, repo_slug: repo.repo },
      `No one has a permission on ${repo.workspace}/${repo.repo}`,
    );
    return 0;
  },
});
