import { status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { checkUser, resolveRepoArg } from '../shared.js';

export default defineCommand({
  path: ['repo', 'default-reviewers', 'remove'],
  summary: 'Remove a default reviewer from a repository',
  description: 'Stops adding USER to new pull requests in the repository. Pull requests already open keep their reviewers.',
  examples: [
    'bb repo default-reviewers remove ada',
    'bb repo default-reviewers remove -R myteam/website ada',
    'bb repo default-reviewers remove ada --dry-run',
  ],
  args: [{ name: 'user', description: 'username, {uuid} or account id', required: true }],
  repo: true,
  write: true,
  operations: ['DELETE /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}'],
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const ref = await resolveRepoArg(ctx, input, null);
    const params = { workspace: ref.workspace, repo_slug: ref.repo, target_username: user };
    if (dryRun(ctx, input, { operation: 'DELETE /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', params })) return 0;
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', { params: { path: params } });
    status(ctx, `✓ Removed ${user} from the default reviewers of ${ref.workspace}/${ref.repo}`);
    return 0;
  },
});
