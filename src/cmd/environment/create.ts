import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { ENVIRONMENT_TYPES, OP } from './finder.js';
import { type Environment, environmentJson } from './list.js';

export default defineCommand({
  path: ['environment', 'create'],
  summary: 'Create a deployment environment',
  description:
    'Adds a deployment environment to the repository, of type Test, Staging or Production (--type, default Test): steps with `deployment: <name>` deploy to it, and it can have its own variables (`bb variable set --env`). Names are unique in a repository (case-insensitive). Prints the new UUID.',
  examples: ['bb environment create "Staging EU" --type Staging', 'bb environment create QA -R myteam/website --dry-run'],
  args: [{ name: 'name', description: 'the environment name', required: true }],
  flags: [{ name: 'type', short: 't', type: 'string', valueName: 'TYPE', description: 'Test, Staging or Production (default Test)' }],
  repo: true,
  write: true,
  json: ['uuid', 'name', 'slug', 'type', 'hidden'],
  operations: [OP.create],
  async run(ctx, input) {
    const name = String(input.args.name ?? '').trim();
    if (name === '') throw new BbError('INVALID_ARGUMENT', 'the environment needs a name', { hints: ['bb environment create "Staging EU" --type Staging'] });
    const typeText = String(input.flags.type ?? 'Test').trim();
    const type = ENVIRONMENT_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
    if (!type) throw new BbError('INVALID_ARGUMENT', `"${typeText}" is not an environment type`, { hints: [`use one of ${ENVIRONMENT_TYPES.join(', ')}`] });
    const repo = await ctx.repo(input.flags.repo);
    const body = { type: 'deployment_environment', name, environment_type: { type: 'deployment_environment_type', name: type } };
    if (dryRun(ctx, input, { operation: OP.create, params: repoParams(repo), body })) return 0;
    const api = await ctx.api();
    const e = must(
      await api.POST('/repositories/{workspace}/{repo_slug}/environments', { params: { path: repoParams(repo) }, body: body as never }),
    ) as unknown as Environment;
    status(ctx, `✓ Created ${e.environment_type?.name ?? type} environment ${e.name ?? name} in ${repo.workspace}/${repo.repo}`);
    await printItem(ctx, input, e, {
      toJson: environmentJson,
      human: () => {
        ctx.io.out.write(`${e.uuid}\n`);
      },
    });
    return 0;
  },
});
