import { printFields } from '../../output/table.js';
import { printItem } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { call, levelOf, OP, parseRunnerId, RUNNER_JSON_FIELDS, type Runner, runnerJson, statusOf, WORKSPACE_FLAG } from './runners.js';

export default defineCommand({
  path: ['runner', 'view'],
  summary: 'Show a Pipelines runner',
  description: 'Shows a runner of the repository (default) or of a workspace (--workspace): its name, labels, status and version.',
  examples: [
    'bb runner view {2b9f7c1e-0000-4000-8000-000000000001}',
    'bb runner view 2b9f7c1e-0000-4000-8000-000000000001 --workspace myteam --json name,status',
  ],
  args: [{ name: 'runner', description: 'the runner UUID (from `bb runner list`)', required: true }],
  flags: [WORKSPACE_FLAG],
  repo: true,
  hosts: ['cloud'],
  json: RUNNER_JSON_FIELDS,
  operations: [OP.repoView],
  conditional: [{ flag: 'workspace', source: 'a runner of the workspace', operations: [OP.wsView] }],
  async run(ctx, input) {
    const id = parseRunnerId(input.args.runner);
    const level = await levelOf(ctx, input);
    const r = (await call<Runner>(ctx, level.view, { ...level.params, runner_uuid: id })) as Runner;
    await printItem(ctx, input, r, {
      toJson: runnerJson,
      human: () => {
        printFields(ctx.io, [
          ['name', r.name],
          ['uuid', r.uuid],
          ['labels', (r.labels ?? []).join(', ')],
          ['status', statusOf(r)],
          ['version', r.state?.version?.version],
          ['created', r.created_on],
        ]);
      },
    });
    return 0;
  },
});
