import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';

const OP = 'GET /repositories/{workspace}/{repo_slug}/environments';

export interface Environment {
  uuid: string;
  name?: string;
  slug?: string;
  environment_type?: { name?: string; rank?: number };
  rank?: number;
  hidden?: boolean;
  lock?: { name?: string };
}

/** The environment fields the table and the --json fields read (and `deployment list` its names): `fields=` trims the rest. */
export const ENVIRONMENT_FIELDS = ['uuid', 'name', 'slug', 'environment_type.name', 'hidden'];

export function environmentJson(e: Environment): Record<string, unknown> {
  return { uuid: e.uuid, name: e.name ?? null, slug: e.slug ?? null, type: e.environment_type?.name ?? null, hidden: Boolean(e.hidden) };
}

export default defineCommand({
  path: ['environment', 'list'],
  summary: 'List the deployment environments of a repository',
  description: 'Lists the deployment environments (Test, Staging, Production…) that Pipelines deploys to.',
  examples: ['bb environment list', 'bb environment list -R myteam/website --json name,type,uuid'],
  repo: true,
  json: ['uuid', 'name', 'slug', 'type', 'hidden'],
  operations: [OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const envs = await paginate<Environment>(
      await ctx.http(),
      '/repositories/{workspace}/{repo_slug}/environments',
      { workspace: repo.workspace, repo_slug: repo.repo },
      {},
      { all: true, fields: ENVIRONMENT_FIELDS },
    );
    await printList(ctx, input, envs, {
      columns: [
        { header: 'Name', value: (e) => e.name ?? '', style: () => 'bold' },
        { header: 'Type', value: (e) => e.environment_type?.name ?? '' },
        { header: 'UUID', value: (e) => e.uuid },
      ],
      toJson: environmentJson,
      empty: `No deployment environments in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
