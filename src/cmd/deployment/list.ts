import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';
import type { Environment } from '../environment/list.js';

const OP = 'GET /repositories/{workspace}/{repo_slug}/deployments';
const ENVS = 'GET /repositories/{workspace}/{repo_slug}/environments';

interface Deployment {
  uuid: string;
  state?: { name?: string; status?: { name?: string }; started_on?: string; completed_on?: string };
  environment?: { uuid?: string; name?: string };
  release?: { name?: string; commit?: { hash?: string }; pipeline?: { uuid?: string; build_number?: number }; created_on?: string };
  last_update_time?: string;
}

/** The deployment fields the table and the --json fields read: `fields=` trims the rest. */
const DEPLOYMENT_FIELDS = [
  'uuid',
  'state.name',
  'state.status.name',
  'state.started_on',
  'state.completed_on',
  'environment.uuid',
  'environment.name',
  'release.name',
  'release.commit.hash',
  'release.pipeline.build_number',
];

export default defineCommand({
  path: ['deployment', 'list'],
  summary: 'List the deployments of a repository',
  description:
    'Lists deployments to the environments of the repository: environment, release (pipeline build and commit), state. --web opens the Deployments page instead.',
  examples: [
    'bb deployment list',
    'bb deployment list --env Production',
    'bb deployment list --json environment,state,commit -L 10',
    'bb deployment list --web',
  ],
  flags: [
    { name: 'env', short: 'e', type: 'string', valueName: 'NAME', description: 'only deployments to this environment' },
    webFlag("the repository's Deployments page"),
  ],
  repo: true,
  list: true,
  json: ['uuid', 'environment', 'state', 'status', 'release', 'commit', 'buildNumber', 'startedAt', 'completedAt'],
  operations: [ENVS, OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    if (input.flags.web) {
      await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: '/deployments' }, 'Deployments'));
      return 0;
    }
    const params = { workspace: repo.workspace, repo_slug: repo.repo };
    const http = await ctx.http();
    const only = input.flags.env as string | undefined;
    const budget = input.flags.all ? Number.POSITIVE_INFINITY : ((input.flags.limit as number | undefined) ?? 30);
    // deployments name their environment by uuid only: the environments and the deployments are asked for at once
    const [envs, listed] = await Promise.all([
      paginate<Environment>(http, '/repositories/{workspace}/{repo_slug}/environments', params, {}, { all: true, fields: ['uuid', 'name'] }),
      paginate<Deployment>(
        http,
        '/repositories/{workspace}/{repo_slug}/deployments',
        params,
        {},
        { ...(only ? { all: true } : { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) }), fields: DEPLOYMENT_FIELDS },
      ),
    ]);
    const envName = new Map(envs.map((e) => [e.uuid, e.name ?? e.uuid]));
    let items = listed;
    const nameOf = (d: Deployment) => d.environment?.name ?? envName.get(d.environment?.uuid ?? '') ?? d.environment?.uuid ?? '';
    if (only) items = items.filter((d) => nameOf(d).toLowerCase() === only.toLowerCase()).slice(0, budget);
    const status = (d: Deployment) => d.state?.status?.name ?? d.state?.name ?? '';
    await printList(ctx, input, items, {
      columns: [
        { header: 'Environment', value: nameOf, style: () => 'bold' },
        { header: 'State', value: status, style: (d) => (status(d) === 'SUCCESSFUL' ? 'green' : status(d) === 'FAILED' ? 'red' : undefined) },
        { header: 'Release', value: (d) => d.release?.name ?? '', flexible: true },
        { header: 'Commit', value: (d) => (d.release?.commit?.hash ?? '').slice(0, 7) },
        { header: 'Started', value: (d) => (ctx.io.stdoutIsTTY ? timeAgo(d.state?.started_on, ctx.now()) : (d.state?.started_on ?? '')) },
      ],
      toJson: (d) => ({
        uuid: d.uuid,
        environment: nameOf(d) || null,
        state: d.state?.name ?? null,
        status: status(d) || null,
        release: d.release?.name ?? null,
        commit: d.release?.commit?.hash ?? null,
        buildNumber: d.release?.pipeline?.build_number ?? null,
        startedAt: d.state?.started_on ?? null,
        completedAt: d.state?.completed_on ?? null,
      }),
      empty: `No deployments in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
