import { repoParams } from '../../../api/path.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { OP } from './ssh.js';

export default defineCommand({
  path: ['pipeline', 'ssh', 'key', 'delete'],
  summary: 'Delete the SSH key pair of Pipelines',
  description:
    "Deletes the repository's Pipelines SSH key pair: steps no longer get an SSH identity. On a terminal bb asks you to type the repository's name; elsewhere --yes is required.",
  examples: ['bb pipeline ssh key delete', 'bb pipeline ssh key delete -R myteam/website --yes'],
  flags: [YES_FLAG],
  repo: true,
  hosts: ['cloud'],
  write: true,
  operations: [OP.keyDelete],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    if (dryRun(ctx, input, { operation: OP.keyDelete, params: repoParams(repo) })) return 0;
    await confirmDestructive(ctx, input, `delete the Pipelines SSH key pair of ${repo.workspace}/${repo.repo}`, repo.repo);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair', { params: { path: repoParams(repo) } });
    status(ctx, `✓ Deleted the Pipelines SSH key pair of ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
