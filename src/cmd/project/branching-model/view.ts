import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { provider } from '../../../provider/index.js';
import { defineCommand } from '../../define.js';
import { printItem } from '../../shared/print.js';
import { MODEL_JSON_FIELDS, modelOf, printModel, type WireModel, withSettings } from '../../repo/branching-model/model.js';

const OP = {
  model: 'GET /workspaces/{workspace}/projects/{project_key}/branching-model',
  settings: 'GET /workspaces/{workspace}/projects/{project_key}/branching-model/settings',
} as const;

export default defineCommand({
  path: ['project', 'branching-model', 'view'],
  summary: "Show a project's branching model",
  description:
    "Shows the branching model of the project with key KEY (from WORKSPACE/KEY, --workspace, the default_workspace setting or the current repository): the development and production branches and the branch types' prefixes its repositories inherit. --settings also shows the disabled branch types, from the settings (needs project admin).",
  examples: ['bb project branching-model view WEB --workspace myteam', 'bb project branching-model view myteam/WEB --settings --json branchTypes'],
  args: [{ name: 'key', description: 'project key, or WORKSPACE/KEY', required: true }],
  flags: [
    { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' },
    { name: 'settings', type: 'boolean', description: 'also the disabled branch types (project admin)' },
  ],
  json: MODEL_JSON_FIELDS,
  operations: [OP.model],
  conditional: [{ flag: 'settings', operations: [OP.settings], source: 'also the settings: the disabled branch types' }],
  otherHostHint: "Data Center's REST API has no branching model endpoint: see Project settings > Branching model",
  async run(ctx, input) {
    const { workspace, key } = await (await provider(ctx)).projectArg(input.args.key, input.flags.workspace);
    if (!workspace) throw new BbError('INVALID_ARGUMENT', 'which workspace?', { hints: ['pass --workspace WORKSPACE or WORKSPACE/KEY'] });
    const api = await ctx.api();
    const params = { path: { workspace, project_key: key } };
    const model = must(await api.GET('/workspaces/{workspace}/projects/{project_key}/branching-model', { params })) as WireModel;
    // --settings: the disabled branch types too, from the settings (the model lists the enabled ones)
    const m = input.flags.settings
      ? withSettings(model, must(await api.GET('/workspaces/{workspace}/projects/{project_key}/branching-model/settings', { params })) as WireModel)
      : modelOf(model);
    await printItem(ctx, input, m, { toJson: (x) => ({ ...x }), human: () => printModel(ctx, m) });
    return 0;
  },
});
