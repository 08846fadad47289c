import { paginate } from '../../api/paginate.js';
import { templateOf } from '../../api/path.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { levelOf, OP, RUNNER_FIELDS, RUNNER_JSON_FIELDS, type Runner, runnerJson, statusOf, WORKSPACE_FLAG } from './runners.js';

export default defineCommand({
  path: ['runner', 'list'],
  summary: 'List the Pipelines runners of a repository or a workspace',
  description:
    'Lists the self-hosted Pipelines runners of the repository (-R, or the current one) or, with --workspace, of the workspace: name, labels (what a step asks for with `runs-on:`) and status.',
  examples: ['bb runner list', 'bb runner list --workspace myteam', 'bb runner list -R myteam/website --json uuid,name,labels,status'],
  // -w is --workspace here
  flags: [WORKSPACE_FLAG],
  repo: true,
  hosts: ['cloud'],
  list: true,
  json: RUNNER_JSON_FIELDS,
  operations: [OP.repoList],
  conditional: [{ flag: 'workspace', source: "the workspace's runners, instead of the repository's", operations: [OP.wsList] }],
  async run(ctx, input) {
    const level = await levelOf(ctx, input);
    const items = await paginate<Runner>(
      await ctx.http(),
      templateOf(level.list),
      level.params,
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        fields: RUNNER_FIELDS,
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Name', value: (r) => r.name ?? '', flexible: true, style: () => 'bold' },
        { header: 'Labels', value: (r) => (r.labels ?? []).join(','), flexible: true },
        { header: 'Status', value: statusOf, style: (r) => (r.state?.status === 'ONLINE' ? 'green' : 'gray') },
        { header: 'UUID', value: (r) => r.uuid },
      ],
      toJson: runnerJson,
      empty: `No runners on ${level.label}`,
    });
    return 0;
  },
});
