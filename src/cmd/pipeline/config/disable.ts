import { defineCommand } from '../../define.js';
import { CONFIG_JSON_FIELDS, OP, setEnabled } from './settings.js';

export default defineCommand({
  path: ['pipeline', 'config', 'disable'],
  summary: 'Disable Pipelines for a repository',
  description: 'Turns Pipelines off: pushes no longer start pipelines and `bb pipeline run` is refused; pipelines, variables and schedules are kept.',
  examples: ['bb pipeline config disable', 'bb pipeline config disable -R myteam/website --dry-run'],
  repo: true,
  write: true,
  json: CONFIG_JSON_FIELDS,
  operations: [OP.update],
  run: (ctx, input) => setEnabled(ctx, input, false),
});
