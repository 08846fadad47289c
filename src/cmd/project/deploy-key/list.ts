import { paginate } from '../../../api/paginate.js';
import { CLOUD_KEY_FIELDS, type CloudKey, keyJson } from '../../../provider/ssh-keys.js';
import { printList } from '../../shared/print.js';
import { KEY_JSON_FIELDS, shortKey } from '../../ssh-key/present.js';
import { defineCommand } from '../../define.js';
import { OP, PROJECT_ARG, projectTarget, WORKSPACE_FLAG } from './target.js';

export default defineCommand({
  path: ['project', 'deploy-key', 'list'],
  summary: 'List the deploy keys of a project',
  description: 'Lists the read-only SSH keys that can clone every repository of the project (project deploy keys).',
  examples: ['bb project deploy-key list PLAT --workspace myteam', 'bb project deploy-key list myteam/PLAT --json id,label'],
  args: [PROJECT_ARG],
  flags: [WORKSPACE_FLAG],
  list: true,
  json: KEY_JSON_FIELDS,
  operations: [OP.list],
  async run(ctx, input) {
    const params = await projectTarget(ctx, input.args.project, input.flags.workspace);
    const items = await paginate<CloudKey>(
      await ctx.http(),
      '/workspaces/{workspace}/projects/{project_key}/deploy-keys',
      params,
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        fields: CLOUD_KEY_FIELDS,
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (k) => String(k.id ?? '') },
        { header: 'Label', value: (k) => k.label ?? '', flexible: true },
        { header: 'Key', value: (k) => shortKey(k.key) },
        { header: 'Added', value: (k) => k.added_on ?? k.created_on ?? '' },
      ],
      toJson: keyJson,
      empty: `No deploy keys on project ${params.workspace}/${params.project_key}`,
    });
    return 0;
  },
});
