import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import type { Context } from '../../../context/context.js';
import { status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import type { CommandInput } from '../../define.js';
import { OP, parseScheduleId, type Schedule, scheduleRuns } from './schedules.js';

/** pause / resume: PUT the schedule with `enabled`. */
export async function setEnabled(ctx: Context, input: CommandInput, enabled: boolean): Promise<number> {
  const id = parseScheduleId(input.args.schedule);
  const repo = await ctx.repo(input.flags.repo);
  const params = { ...repoParams(repo), schedule_uuid: id };
  const body = { type: 'pipeline_schedule', enabled };
  if (dryRun(ctx, input, { operation: OP.update, params, body })) return 0;
  const api = await ctx.api();
  const s = must(
    await api.PUT('/repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}', { params: { path: params }, body: body as never }),
  ) as unknown as Schedule;
  status(ctx, `✓ ${enabled ? 'Resumed' : 'Paused'} the schedule of ${scheduleRuns(s)} (${s.cron_pattern ?? ''})`);
  return 0;
}
