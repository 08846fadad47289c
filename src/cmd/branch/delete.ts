import { status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { confirmYes, notFound, repoParams, YES_FLAG } from '../pr/shared.js';

const OP_DELETE = 'DELETE /repositories/{workspace}/{repo_slug}/refs/branches/{name}';

export default defineCommand({
  path: ['branch', 'delete'],
  summary: 'Delete a branch on Bitbucket',
  description: 'Deletes the branch from the repository on Bitbucket (not from your clone). Asks on a terminal; elsewhere --yes is required.',
  examples: ['bb branch delete feature/login', 'bb branch delete old-spike --yes', 'bb branch delete old-spike --dry-run'],
  args: [{ name: 'name', description: 'the branch to delete', required: true }],
  flags: [YES_FLAG],
  operations: [OP_DELETE],
  dcOperations: ['DELETE /branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branches'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/heads\//, '');
    const params = { ...repoParams(repo), name };
    if (dryRun(ctx, input, { operation: OP_DELETE, params })) return 0;
    await confirmYes(ctx, input, `Delete branch ${name} from ${repo.workspace}/${repo.repo}?`, `delete branch ${name}`);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/refs/branches/{name}', { params: { path: params } }).catch((e) => {
      throw notFound(e, `no branch ${name} in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Deleted branch ${name} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
