import { checkProtectionId } from '../../../provider/branch-restrictions.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { confirmYes, YES_FLAG } from '../../shared/write.js';

export default defineCommand({
  path: ['branch', 'protection', 'delete'],
  summary: 'Remove a branch protection',
  description:
    'Removes a branch protection (by its id, from `bb branch protection list`): the branches it covered are no longer protected by it. Asks on a terminal; elsewhere --yes is required.',
  examples: ['bb branch protection delete 12', 'bb branch protection delete 12 -R myteam/website --yes', 'bb branch protection delete 12 --dry-run'],
  args: [{ name: 'id', description: 'the protection id', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: ['DELETE /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}'],
  dcOperations: ['DELETE /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions/{id}'],
  async run(ctx, input) {
    const id = checkProtectionId(input.args.id);
    const repo = await ctx.repo(input.flags.repo);
    const write = await (await provider(ctx)).deleteBranchRestriction(repo, id);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmYes(ctx, input, `Remove branch protection ${id} from ${repo.workspace}/${repo.repo}?`, `remove branch protection ${id}`);
    await write.send().catch((e) => {
      throw notFound(e, `no branch protection ${id} on ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Removed branch protection ${id} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
