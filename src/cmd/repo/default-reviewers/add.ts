import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { checkUser } from './user.js';
import { resolveRepoArg } from '../target.js';

export default defineCommand({
  path: ['repo', 'default-reviewers', 'add'],
  summary: 'Add a default reviewer to a repository',
  description:
    'Makes USER a default reviewer: Bitbucket adds them to every new pull request in the repository. USER is a username, a {uuid} or an Atlassian account id; they need access to the repository.',
  examples: [
    'bb repo default-reviewers add ada',
    'bb repo default-reviewers add -R myteam/website "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}"',
    'bb repo default-reviewers add ada --dry-run',
  ],
  args: [{ name: 'user', description: 'username, {uuid} or account id', required: true }],
  repo: true,
  write: true,
  operations: ['PUT /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}'],
  dcOperations: [
    'GET /api/latest/users/{userSlug}',
    'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/conditions',
    'POST /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition',
    'PUT /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
  ],
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const ref = await resolveRepoArg(ctx, input, null);
    // Data Center: the user joins the repository's "any branch → any branch" reviewer condition (made when missing).
    const write = await (await provider(ctx)).addDefaultReviewer(ref, user);
    if (await dryRunWrite(ctx, input, write)) return 0;
    const account = await write.send();
    const name = account?.displayName ? `${account.displayName}${account.nickname ? ` (${account.nickname})` : ''}` : user;
    status(ctx, `✓ Added ${name} as a default reviewer of ${ref.workspace}/${ref.repo}`);
    return 0;
  },
});
