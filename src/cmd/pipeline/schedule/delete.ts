import { repoParams } from '../../../api/path.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { OP, parseScheduleId } from './schedules.js';

export default defineCommand({
  path: ['pipeline', 'schedule', 'delete'],
  summary: 'Delete a pipeline schedule',
  description: 'Deletes the schedule (pipelines it started stay). On a terminal bb asks you to type the UUID; elsewhere --yes is required.',
  examples: ['bb pipeline schedule delete {4f2c9c1e-0000-4000-8000-000000000001}', 'bb pipeline schedule delete 4f2c9c1e-0000-4000-8000-000000000001 --yes'],
  args: [{ name: 'schedule', description: 'the schedule UUID (from `bb pipeline schedule list`)', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.remove],
  async run(ctx, input) {
    const id = parseScheduleId(input.args.schedule);
    const repo = await ctx.repo(input.flags.repo);
    const params = { ...repoParams(repo), schedule_uuid: id };
    if (dryRun(ctx, input, { operation: OP.remove, params })) return 0;
    await confirmDestructive(ctx, input, `delete schedule ${id} of ${repo.workspace}/${repo.repo}`, id);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}', { params: { path: params } });
    status(ctx, `✓ Deleted schedule ${id}`);
    return 0;
  },
});
