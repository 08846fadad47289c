import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { checkCron, OP, type Schedule, SCHEDULE_JSON_FIELDS, scheduleJson, scheduleRuns } from './schedules.js';

export default defineCommand({
  path: ['pipeline', 'schedule', 'create'],
  summary: 'Schedule a pipeline to run at set times',
  description:
    "Creates a schedule that runs the pipeline of --branch (its branch pipeline, or the custom pipeline --selector names) at the times --cron says. Bitbucket takes a Quartz cron expression in UTC with seconds first, 7 fields: seconds, minutes, hours, day of month, month, day of week, year — with ? in exactly one of the two day fields. The schedule starts active; --paused creates it paused. Prints the new schedule's UUID.",
  examples: [
    '# every night at 02:00 UTC',
    'bb pipeline schedule create --branch main --cron "0 0 2 * * ? *"',
    '# the custom pipeline "nightly-e2e" every Monday at 06:30 UTC',
    'bb pipeline schedule create --branch main --selector nightly-e2e --cron "0 30 6 ? * MON *"',
  ],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'BRANCH', description: 'the branch to run the pipeline of (required)' },
    { name: 'selector', short: 's', type: 'string', valueName: 'NAME', description: "a custom pipeline's name (default: the branch's pipeline)" },
    { name: 'cron', type: 'string', valueName: 'EXPR', description: 'when: a Quartz cron expression, 7 fields, UTC (required)' },
    { name: 'paused', type: 'boolean', description: 'create the schedule paused' },
  ],
  repo: true,
  write: true,
  json: SCHEDULE_JSON_FIELDS,
  operations: [OP.create],
  async run(ctx, input) {
    const branch = String(input.flags.branch ?? '').trim();
    if (!branch)
      throw new BbError('USAGE', 'pipeline schedule create needs --branch', { hints: ['bb pipeline schedule create --branch main --cron "0 0 2 * * ? *"'] });
    if (input.flags.cron === undefined)
      throw new BbError('USAGE', 'pipeline schedule create needs --cron', { hints: ['every day at 02:00 UTC: --cron "0 0 2 * * ? *"'] });
    const cron = checkCron(input.flags.cron);
    const custom = input.flags.selector === undefined ? undefined : String(input.flags.selector).trim();
    if (custom === '')
      throw new BbError('INVALID_ARGUMENT', '--selector needs the name of a custom pipeline', {
        hints: ['as under `pipelines: custom:` in bitbucket-pipelines.yml'],
      });
    const repo = await ctx.repo(input.flags.repo);
    const body = {
      type: 'pipeline_schedule',
      enabled: !input.flags.paused,
      cron_pattern: cron,
      target: {
        type: 'pipeline_ref_target',
        ref_type: 'branch' as const,
        ref_name: branch,
        selector: custom ? { type: 'custom' as const, pattern: custom } : { type: 'branches' as const, pattern: branch },
      },
    };
    if (dryRun(ctx, input, { operation: OP.create, params: repoParams(repo), body })) return 0;
    const api = await ctx.api();
    const s = must(
      await api.POST('/repositories/{workspace}/{repo_slug}/pipelines_config/schedules', { params: { path: repoParams(repo) }, body: body as never }),
    ) as unknown as Schedule;
    status(ctx, `✓ Scheduled ${scheduleRuns(s)} at "${s.cron_pattern ?? cron}"${s.enabled === false ? ' (paused)' : ''}`);
    await printItem(ctx, input, s, {
      toJson: scheduleJson,
      human: () => {
        ctx.io.out.write(`${s.uuid}\n`);
      },
    });
    return 0;
  },
});
