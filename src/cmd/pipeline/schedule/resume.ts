import { defineCommand } from '../../define.js';
import { OP } from './schedules.js';
import { setEnabled } from './toggle.js';

export default defineCommand({
  path: ['pipeline', 'schedule', 'resume'],
  summary: 'Resume a paused pipeline schedule',
  description: 'Lets a paused schedule start pipelines again at the times of its cron expression.',
  examples: ['bb pipeline schedule resume {4f2c9c1e-0000-4000-8000-000000000001}'],
  args: [{ name: 'schedule', description: 'the schedule UUID (from `bb pipeline schedule list`)', required: true }],
  repo: true,
  write: true,
  operations: [OP.update],
  run: (ctx, input) => setEnabled(ctx, input, true),
});
