import { BbError } from '../../core/errors.js';
import { sanitize } from '../../output/sanitize.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { call, checkLabels, levelOf, OP, parseRunnerId, RUNNER_JSON_FIELDS, type Runner, runnerJson, WORKSPACE_FLAG } from './runners.js';

export default defineCommand({
  path: ['runner', 'edit'],
  summary: 'Rename a Pipelines runner or change its labels',
  description: 'Changes the name (--name) or replaces the labels (--label) of a runner of the repository (default) or of a workspace (--workspace).',
  examples: [
    'bb runner edit {2b9f7c1e-0000-4000-8000-000000000001} --name build-02',
    'bb runner edit 2b9f7c1e-0000-4000-8000-000000000001 --workspace myteam --label self.hosted,linux,docker',
  ],
  args: [{ name: 'runner', description: 'the runner UUID (from `bb runner list`)', required: true }],
  flags: [
    WORKSPACE_FLAG,
    { name: 'name', short: 'n', type: 'string', valueName: 'NAME', description: 'the new name' },
    { name: 'label', short: 'l', type: 'list', valueName: 'LABEL', description: 'the new labels, replacing the old ones (repeatable or comma-separated)' },
  ],
  repo: true,
  hosts: ['cloud'],
  write: true,
  json: RUNNER_JSON_FIELDS,
  operations: [OP.repoUpdate],
  conditional: [{ flag: 'workspace', source: 'a runner of the workspace', operations: [OP.wsUpdate] }],
  async run(ctx, input) {
    const id = parseRunnerId(input.args.runner);
    const body: { name?: string; labels?: string[] } = {};
    if (input.flags.name !== undefined) {
      const name = String(input.flags.name).trim();
      if (!name) throw new BbError('INVALID_ARGUMENT', '--name cannot be empty');
      body.name = name;
    }
    if (input.flags.label !== undefined) {
      const labels = checkLabels(input.flags.label);
      if (labels.length === 0) throw new BbError('INVALID_ARGUMENT', '--label needs at least one label');
      body.labels = labels;
    }
    if (Object.keys(body).length === 0)
      throw new BbError('USAGE', 'nothing to change: pass --name or --label', { hints: ['bb runner edit UUID --name build-02'] });
    const level = await levelOf(ctx, input);
    const params = { ...level.params, runner_uuid: id };
    if (dryRun(ctx, input, { operation: level.update, params, body })) return 0;
    const r = (await call<Runner>(ctx, level.update, params, body)) as Runner;
    status(ctx, `✓ Updated runner ${sanitize(r.name ?? id, { singleLine: true })} on ${level.label}`);
    await printItem(ctx, input, r, { toJson: runnerJson, human: () => {} });
    return 0;
  },
});
