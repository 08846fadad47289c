import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { confirmYes, YES_FLAG } from '../shared/write.js';
import { notFound } from '../../provider/errors.js';

const OP_DELETE = 'DELETE /repositories/{workspace}/{repo_slug}/refs/branches/{name}';

export default defineCommand({
  path: ['branch', 'delete'],
  summary: 'Delete a branch on Bitbucket',
  description: 'Deletes the branch from the repository on Bitbucket (not from your clone). Asks on a terminal; elsewhere --yes is required.',
  examples: ['bb branch delete feature/login', 'bb branch delete old-spike --yes', 'bb branch delete old-spike --dry-run'],
  args: [{ name: 'name', description: 'the branch to delete (or its URL)', required: true, accepts: 'branch' }],
  flags: [YES_FLAG],
  operations: [OP_DELETE],
  dcOperations: ['DELETE /branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branches'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/heads\//, '');
    const p = await provider(ctx);
    const write = await p.deleteBranch(repo, name);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmYes(ctx, input, `Delete branch ${name} from ${repo.workspace}/${repo.repo}?`, `delete branch ${name}`);
    await write.send().catch((e) => {
      throw notFound(e, `no branch ${name} in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Deleted branch ${name} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
