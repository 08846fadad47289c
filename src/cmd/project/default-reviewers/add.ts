import { dryRunWrite } from '../../../provider/dry-run.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { checkUser } from '../../repo/default-reviewers/user.js';
import { status } from '../../shared/print.js';
import { DR_WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['project', 'default-reviewers', 'add'],
  summary: 'Add a default reviewer to a project',
  description: `Makes USER a default reviewer of the project: Bitbucket adds them to every new pull request in its repositories that inherit the project's default reviewers. USER is a username, a {uuid} or an Atlassian account id, and must be a member of the workspace. Needs admin rights on the project.

On Data Center, USER (a username) joins the project's "any branch → any branch" reviewer condition, which is created when the project has none; the project's other conditions are left as they are. It applies to pull requests in every repository of the project.`,
  examples: [
    'bb project default-reviewers add PLAT ada --workspace myteam',
    'bb project default-reviewers add myteam/PLAT "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}"',
    'bb project default-reviewers add myteam/PLAT ada --dry-run',
  ],
  args: [
    { name: 'key', description: 'project key, or WORKSPACE/KEY', required: true },
    { name: 'user', description: 'username, {uuid} or account id', required: true },
  ],
  flags: [DR_WORKSPACE_FLAG],
  write: true,
  hosts: ['cloud', 'dc'],
  operations: ['PUT /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}'],
  dcOperations: [
    'GET /api/latest/users/{userSlug}',
    'GET /default-reviewers/latest/projects/{projectKey}/conditions',
    'POST /default-reviewers/latest/projects/{projectKey}/condition',
    'PUT /default-reviewers/latest/projects/{projectKey}/condition/{id}',
  ],
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const p = await provider(ctx);
    const { workspace, key } = await p.projectArg(input.args.key, input.flags.workspace);
    const write = await p.addProjectDefaultReviewer(workspace, key, user);
    if (await dryRunWrite(ctx, input, write)) return 0;
    const account = await write.send();
    const name = account?.displayName ? `${account.displayName}${account.nickname ? ` (${account.nickname})` : ''}` : user;
    status(ctx, `✓ Added ${name} as a default reviewer of project ${key}`);
    return 0;
  },
});
