import { repoParams } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { findEnvironment, OP } from './finder.js';

export default defineCommand({
  path: ['environment', 'edit'],
  summary: 'Rename a deployment environment',
  description:
    "Renames the environment (given by name, slug or UUID). Bitbucket takes the change as a request it applies on its own (202 Accepted); an environment's type cannot be changed.",
  examples: ['bb environment edit Staging --name "Staging EU"', 'bb environment edit {9a1b2c3d-0000-4000-8000-000000000002} --name QA --dry-run'],
  args: [{ name: 'environment', description: 'the environment: its name, slug or UUID', required: true }],
  flags: [{ name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'the new name (required)' }],
  repo: true,
  write: true,
  operations: [OP.list, OP.change],
  async run(ctx, input) {
    const name = String(input.flags.name ?? '').trim();
    if (name === '') throw new BbError('USAGE', 'environment edit needs --name', { hints: ['bb environment edit Staging --name "Staging EU"'] });
    const repo = await ctx.repo(input.flags.repo);
    const body = { change: { name } };
    if (input.flags.dryRun) {
      const arg = String(input.args.environment ?? '').trim();
      const uuid = /^\{?[0-9a-f-]{36}\}?$/i.test(arg) ? (arg.startsWith('{') ? arg : `{${arg}}`) : `{uuid-of-${arg}}`;
      dryRun(ctx, input, { operation: OP.change, params: { ...repoParams(repo), environment_uuid: uuid }, body });
      return 0;
    }
    const env = await findEnvironment(ctx, repo, input.args.environment);
    const api = await ctx.api();
    await api.POST('/repositories/{workspace}/{repo_slug}/environments/{environment_uuid}/changes', {
      params: { path: { ...repoParams(repo), environment_uuid: env.uuid } },
      body: body as never,
    });
    status(ctx, `✓ Renamed environment ${env.name ?? env.uuid} to ${name}`);
    return 0;
  },
});
