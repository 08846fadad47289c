import { repoParams } from '../../api/path.js';
import { status } from '../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { findEnvironment, OP } from './finder.js';

export default defineCommand({
  path: ['environment', 'delete'],
  summary: 'Delete a deployment environment',
  description:
    'Deletes the environment (given by name, slug or UUID) with its variables and deployment history. On a terminal bb asks you to type its name; elsewhere --yes is required.',
  examples: ['bb environment delete QA', 'bb environment delete "Staging EU" -R myteam/website --yes'],
  args: [{ name: 'environment', description: 'the environment: its name, slug or UUID', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.list, OP.remove],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    if (input.flags.dryRun) {
      const arg = String(input.args.environment ?? '').trim();
      const uuid = /^\{?[0-9a-f-]{36}\}?$/i.test(arg) ? (arg.startsWith('{') ? arg : `{${arg}}`) : `{uuid-of-${arg}}`;
      dryRun(ctx, input, { operation: OP.remove, params: { ...repoParams(repo), environment_uuid: uuid } });
      return 0;
    }
    const env = await findEnvironment(ctx, repo, input.args.environment);
    const name = env.name ?? env.uuid;
    await confirmDestructive(ctx, input, `delete environment ${name} of ${repo.workspace}/${repo.repo} with its variables`, name);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/environments/{environment_uuid}', {
      params: { path: { ...repoParams(repo), environment_uuid: env.uuid } },
    });
    status(ctx, `✓ Deleted environment ${name} of ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
