import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { EDIT_FLAGS, MODEL_JSON_FIELDS, modelOf, printModel, settingsBody, type WireModel } from '../../repo/branching-model/model.js';

const OP = 'PUT /workspaces/{workspace}/projects/{project_key}/branching-model/settings';

export default defineCommand({
  path: ['project', 'branching-model', 'edit'],
  summary: "Change a project's branching model",
  description:
    "Changes the branching model settings of the project with key KEY, which its repositories inherit unless they set their own: the development and production branches (by name: a repository without the branch uses its main branch) and the branch types' prefixes. What you leave out stays as it is. Prints the settings after the change.",
  examples: [
    'bb project branching-model edit WEB --workspace myteam --development develop',
    'bb project branching-model edit myteam/WEB --prefix release=releases/ --disable bugfix --dry-run',
  ],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [{ name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' }, ...EDIT_FLAGS],
  write: true,
  json: MODEL_JSON_FIELDS,
  operations: [OP],
  otherHostHint: "Data Center's REST API has no branching model endpoint: see Project settings > Branching model",
  async run(ctx, input) {
    const body = settingsBody(input);
    const { workspace, key } = await (await provider(ctx)).projectArg(input.args.key, input.flags.workspace);
    if (!workspace) throw new BbError('INVALID_ARGUMENT', 'which workspace?', { hints: ['pass --workspace WORKSPACE or WORKSPACE/KEY'] });
    const params = { workspace, project_key: key };
    if (dryRun(ctx, input, { operation: OP, params, body })) return 0;
    const api = await ctx.api();
    const wire = must(
      await api.PUT('/workspaces/{workspace}/projects/{project_key}/branching-model/settings', { params: { path: params }, body: body as never }),
    ) as WireModel;
    status(ctx, `✓ Changed the branching model of project ${key} in ${workspace}`);
    const m = modelOf(wire);
    await printItem(ctx, input, m, { toJson: (x) => ({ ...x }), human: () => printModel(ctx, m) });
    return 0;
  },
});
