import { defineCommand } from '../../define.js';
import { CONFIG_JSON_FIELDS, OP, setEnabled } from './settings.js';

export default defineCommand({
  path: ['pipeline', 'config', 'enable'],
  summary: 'Enable Pipelines for a repository',
  description: 'Turns Pipelines on: pushes start pipelines again (as bitbucket-pipelines.yml says) and `bb pipeline run` works.',
  examples: ['bb pipeline config enable', 'bb pipeline config enable -R myteam/website --dry-run'],
  repo: true,
  write: true,
  json: CONFIG_JSON_FIELDS,
  operations: [OP.update],
  run: (ctx, input) => setEnabled(ctx, input, true),
});
