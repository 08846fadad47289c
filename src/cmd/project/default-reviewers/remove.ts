import { dryRunWrite } from '../../../provider/dry-run.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { checkUser } from '../../repo/default-reviewers/user.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';
import { DR_WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['project', 'default-reviewers', 'remove'],
  summary: 'Remove a default reviewer from a project',
  description: `Stops adding USER to new pull requests in the project's repositories. Pull requests already open keep their reviewers; a repository's own default reviewers are not changed. Asks first (--yes when it cannot).

On Data Center, USER (a username) leaves every reviewer condition of the project; a condition left without reviewers is deleted.`,
  examples: ['bb project default-reviewers remove PLAT ada --workspace myteam --yes', 'bb project default-reviewers remove myteam/PLAT ada --dry-run'],
  args: [
    { name: 'key', description: 'project key, or WORKSPACE/KEY', required: true },
    { name: 'user', description: 'username, {uuid} or account id', required: true },
  ],
  flags: [DR_WORKSPACE_FLAG, YES_FLAG],
  write: true,
  hosts: ['cloud', 'dc'],
  operations: ['DELETE /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}'],
  dcOperations: [
    'GET /default-reviewers/latest/projects/{projectKey}/conditions',
    'PUT /default-reviewers/latest/projects/{projectKey}/condition/{id}',
    'DELETE /default-reviewers/latest/projects/{projectKey}/condition/{id}',
  ],
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const p = await provider(ctx);
    const { workspace, key } = await p.projectArg(input.args.key, input.flags.workspace);
    const write = await p.removeProjectDefaultReviewer(workspace, key, user);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmYes(ctx, input, `Remove ${user} from the default reviewers of project ${key}?`, 'remove a project default reviewer');
    await write.send();
    status(ctx, `✓ Removed ${user} from the default reviewers of project ${key}`);
    return 0;
  },
});
