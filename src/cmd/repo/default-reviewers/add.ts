import { must } from '../../../api/client.js';
import { status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { type Account, checkUser, resolveRepoArg } from '../shared.js';

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
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const ref = await resolveRepoArg(ctx, input, null);
    const params = { workspace: ref.workspace, repo_slug: ref.repo, target_username: user };
    if (dryRun(ctx, input, { operation: 'PUT /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', params })) return 0;
    const api = await ctx.api();
    const account = must(await api.PUT('/repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', { params: { path: params } })) as Account;
    const name = account?.display_name ? `${account.display_name}${account.nickname ? ` (${account.nickname})` : ''}` : user;
    status(ctx, `✓ Added ${name} as a default reviewer of ${ref.workspace}/${ref.repo}`);
    return 0;
  },
});
