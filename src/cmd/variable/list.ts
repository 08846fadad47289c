import { printList } from '../../output/command-output.js';
import { defineCommand } from '../define.js';
import { levelOf, listVariables, MASK, OP, SCOPE_FLAGS, variableJson } from './shared.js';

export default defineCommand({
  path: ['variable', 'list'],
  summary: 'List Pipelines variables',
  description:
    "Lists the Pipelines variables of the repository (default), of a workspace (--workspace) or of a deployment environment (--env). Secured variables' values are never shown (Bitbucket does not return them).",
  examples: ['bb variable list', 'bb variable list --env Production', 'bb variable list --workspace myteam --json key,secured'],
  flags: [...SCOPE_FLAGS],
  repo: true,
  json: ['uuid', 'key', 'value', 'secured'],
  operations: [OP.repoList],
  conditional: [
    { flag: 'workspace', source: "the workspace's variables", operations: [OP.wsList] },
    { flag: 'env', source: 'looks the environment up by name; its variables', operations: [OP.environments, OP.envList] },
  ],
  async run(ctx, input) {
    const level = await levelOf(ctx, input);
    const vars = await listVariables(ctx, level);
    await printList(ctx, input, vars, {
      columns: [
        { header: 'Key', value: (v) => v.key, style: () => 'bold' },
        { header: 'Value', value: (v) => (v.secured ? MASK : (v.value ?? '')), flexible: true },
        { header: 'Secured', value: (v) => (v.secured ? 'yes' : 'no') },
        { header: 'UUID', value: (v) => v.uuid },
      ],
      toJson: variableJson,
      empty: `No variables on ${level.label}`,
    });
    return 0;
  },
});
