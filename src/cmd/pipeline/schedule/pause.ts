import { defineCommand } from '../../define.js';
import { OP } from './schedules.js';
import { setEnabled } from './toggle.js';

export default defineCommand({
  path: ['pipeline', 'schedule', 'pause'],
  summary: 'Pause a pipeline schedule',
  description: 'Stops the schedule from starting pipelines until `bb pipeline schedule resume`; it keeps its branch and cron expression.',
  examples: ['bb pipeline schedule pause {4f2c9c1e-0000-4000-8000-000000000001}', 'bb pipeline schedule pause 4f2c9c1e-0000-4000-8000-000000000001 --dry-run'],
  args: [{ name: 'schedule', description: 'the schedule UUID (from `bb pipeline schedule list`)', required: true }],
  repo: true,
  write: true,
  operations: [OP.update],
  run: (ctx, input) => setEnabled(ctx, input, false),
});
