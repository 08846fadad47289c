import { paginate } from '../../../api/paginate.js';
import { repoParams } from '../../../api/path.js';
import { printList } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { type Schedule, SCHEDULE_FIELDS, SCHEDULE_JSON_FIELDS, scheduleJson, scheduleRuns, OP } from './schedules.js';

export default defineCommand({
  path: ['pipeline', 'schedule', 'list'],
  summary: 'List the pipeline schedules of a repository',
  description: 'Lists the schedules that run a pipeline of a branch at set times: what each runs, its cron expression (Quartz, UTC) and whether it is paused.',
  examples: ['bb pipeline schedule list', 'bb pipeline schedule list -R myteam/website --json uuid,refName,cron,enabled'],
  repo: true,
  list: true,
  json: SCHEDULE_JSON_FIELDS,
  operations: [OP.list],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const items = await paginate<Schedule>(
      await ctx.http(),
      '/repositories/{workspace}/{repo_slug}/pipelines_config/schedules',
      repoParams(repo),
      {},
      { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all), fields: SCHEDULE_FIELDS },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Runs', value: (s) => scheduleRuns(s), flexible: true, style: () => 'bold' },
        { header: 'Cron', value: (s) => s.cron_pattern ?? '' },
        { header: 'State', value: (s) => (s.enabled === false ? 'paused' : 'active'), style: (s) => (s.enabled === false ? 'gray' : 'green') },
        { header: 'UUID', value: (s) => s.uuid },
      ],
      toJson: scheduleJson,
      empty: `No pipeline schedules in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
