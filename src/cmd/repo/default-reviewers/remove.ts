import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { checkUser } from './user.js';
import { resolveRepoArg } from '../target.js';

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
  dcOperations: [
    'GET /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/conditions',
    'PUT /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
    'DELETE /default-reviewers/latest/projects/{projectKey}/repos/{repositorySlug}/condition/{id}',
  ],
  async run(ctx, input) {
    const user = checkUser(input.args.user);
    const ref = await resolveRepoArg(ctx, input, null);
    const write = await (await provider(ctx)).removeDefaultReviewer(ref, user);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await write.send();
    status(ctx, `✓ Removed ${user} from the default reviewers of ${ref.workspace}/${ref.repo}`);
    return 0;
  },
});
