import { status } from '../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { call, levelOf, OP, parseRunnerId, WORKSPACE_FLAG } from './runners.js';

export default defineCommand({
  path: ['runner', 'delete'],
  summary: 'Delete a Pipelines runner',
  description:
    'Deletes a runner of the repository (default) or of a workspace (--workspace); steps that ask for its labels wait for another runner. On a terminal bb asks you to type the UUID; elsewhere --yes is required.',
  examples: ['bb runner delete {2b9f7c1e-0000-4000-8000-000000000001}', 'bb runner delete 2b9f7c1e-0000-4000-8000-000000000001 --workspace myteam --yes'],
  args: [{ name: 'runner', description: 'the runner UUID (from `bb runner list`)', required: true }],
  flags: [WORKSPACE_FLAG, YES_FLAG],
  repo: true,
  hosts: ['cloud'],
  write: true,
  operations: [OP.repoDelete],
  conditional: [{ flag: 'workspace', source: 'a runner of the workspace', operations: [OP.wsDelete] }],
  async run(ctx, input) {
    const id = parseRunnerId(input.args.runner);
    const level = await levelOf(ctx, input);
    const params = { ...level.params, runner_uuid: id };
    if (dryRun(ctx, input, { operation: level.remove, params })) return 0;
    await confirmDestructive(ctx, input, `delete runner ${id} of ${level.label}`, id);
    await call(ctx, level.remove, params);
    status(ctx, `✓ Deleted runner ${id} of ${level.label}`);
    return 0;
  },
});
