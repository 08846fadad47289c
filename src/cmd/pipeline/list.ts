import { repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import { BbError } from '../../core/errors.js';
import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag } from '../shared/web.js';
import { OP, type Pipeline } from './operations.js';
import { PIPELINE_JSON_FIELDS, pipelineJson, pipelineName, seconds, statusOf, styleFor, targetLabel } from './present.js';

/** The item fields the table and the --json fields read (present.ts): `fields=` trims the rest. */
const FIELDS = [
  'uuid',
  'build_number',
  'state',
  'target',
  'trigger.name',
  'creator.display_name',
  'creator.nickname',
  'created_on',
  'completed_on',
  'duration_in_seconds',
  'build_seconds_used',
  'links.html.href',
];

const STATUSES = ['PARSING', 'PENDING', 'PAUSED', 'HALTED', 'BUILDING', 'ERROR', 'PASSED', 'FAILED', 'STOPPED', 'UNKNOWN'] as const;

export default defineCommand({
  path: ['pipeline', 'list'],
  summary: 'List the pipelines of a repository',
  description:
    'Lists the most recent pipelines first, with their state, what they ran on and when. Filter by branch, status or trigger. --web opens the Pipelines page instead.',
  examples: [
    'bb pipeline list',
    '# the failed pipelines of main',
    'bb pipeline list --branch main --status FAILED',
    'bb pipeline list -R myteam/website --json buildNumber,status,refName -L 5',
    'bb pipeline list --web',
  ],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'BRANCH', description: 'only pipelines of this branch' },
    { name: 'status', short: 's', type: 'string', valueName: 'STATUS', description: `only pipelines with this status: ${STATUSES.join(', ')}` },
    {
      name: 'trigger',
      type: 'string',
      valueName: 'TYPE',
      choices: ['PUSH', 'MANUAL', 'SCHEDULED', 'PARENT_STEP'],
      description: 'only pipelines started this way',
    },
    webFlag("the repository's Pipelines page"),
  ],
  repo: true,
  list: true,
  json: PIPELINE_JSON_FIELDS,
  operations: [OP.list],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const status = typeof input.flags.status === 'string' ? input.flags.status.toUpperCase() : undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new BbError('INVALID_ARGUMENT', `--status ${input.flags.status}: not a pipeline status`, { hints: [`one of: ${STATUSES.join(', ')}`] });
    }
    if (input.flags.web) {
      await openInBrowser(ctx, await repoPage(ctx, repo, { cloud: '/pipelines' }, 'Pipelines'));
      return 0;
    }
    const items = await paginate<Pipeline>(
      await ctx.http(),
      templateOf(OP.list),
      repoParams(repo),
      { sort: '-created_on', 'target.branch': input.flags.branch as string | undefined, status, trigger_type: input.flags.trigger as string | undefined },
      { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all), fields: FIELDS },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Build', value: (p) => pipelineName(p), style: () => 'bold' },
        { header: 'Status', value: (p) => statusOf(p.state), style: (p) => styleFor(statusOf(p.state)) },
        { header: 'Target', value: (p) => targetLabel(p), flexible: true },
        { header: 'Trigger', value: (p) => p.trigger?.name ?? '' },
        { header: 'Duration', value: (p) => seconds(p.duration_in_seconds ?? p.build_seconds_used) },
        { header: 'Created', value: (p) => (ctx.io.stdoutIsTTY ? timeAgo(p.created_on, ctx.now()) : (p.created_on ?? '')) },
      ],
      toJson: (p) => pipelineJson(p),
      empty: `No pipelines in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
