import { must } from '../../../api/client.js';
import { repoParams } from '../../../api/path.js';
import { BbError } from '../../../core/errors.js';
import { defineCommand } from '../../define.js';
import { printItem } from '../../shared/print.js';
import { type BranchingModel, MODEL_JSON_FIELDS, modelOf, printModel, type WireModel, withSettings } from './model.js';

const OP = {
  model: 'GET /repositories/{workspace}/{repo_slug}/branching-model',
  effective: 'GET /repositories/{workspace}/{repo_slug}/effective-branching-model',
  settings: 'GET /repositories/{workspace}/{repo_slug}/branching-model/settings',
} as const;

export default defineCommand({
  path: ['repo', 'branching-model', 'view'],
  summary: "Show a repository's branching model",
  description:
    "Shows the repository's branching model: its development and production branches and the prefixes of its branch types (feature/, bugfix/, release/, hotfix/). Branch protections can apply to a branch type (`bb branch protection create --branch-type release …`).\n\n--effective shows the model that applies, which may be the project's (`bb project branching-model view`); --settings also shows the disabled branch types, from the settings (needs repository admin).\n\nBitbucket Data Center's REST API has no branching model endpoint: set it in Repository settings > Branching model.",
  examples: [
    'bb repo branching-model view',
    'bb repo branching-model view -R myteam/website --effective',
    'bb repo branching-model view --settings --json branchTypes',
  ],
  flags: [
    { name: 'effective', type: 'boolean', description: 'the model that applies (the repository’s own or its project’s)' },
    { name: 'settings', type: 'boolean', description: 'also the disabled branch types (repository admin)' },
  ],
  repo: true,
  json: MODEL_JSON_FIELDS,
  operations: [OP.model],
  conditional: [
    { flag: 'effective', operations: [OP.effective], source: 'the effective model instead of the repository’s own' },
    { flag: 'settings', operations: [OP.settings], source: 'also the settings: the disabled branch types' },
  ],
  otherHostHint: "Data Center's REST API has no branching model endpoint: see Repository settings > Branching model",
  async run(ctx, input) {
    if (input.flags.effective && input.flags.settings) throw new BbError('INVALID_ARGUMENT', 'give --effective or --settings, not both');
    const repo = await ctx.repo(input.flags.repo);
    const api = await ctx.api();
    const params = { path: repoParams(repo) };
    let m: BranchingModel;
    if (input.flags.effective) {
      m = modelOf(must(await api.GET('/repositories/{workspace}/{repo_slug}/effective-branching-model', { params })) as WireModel);
    } else {
      const model = must(await api.GET('/repositories/{workspace}/{repo_slug}/branching-model', { params })) as WireModel;
      // --settings: the disabled branch types too, from the settings (the model lists the enabled ones)
      m = input.flags.settings
        ? withSettings(model, must(await api.GET('/repositories/{workspace}/{repo_slug}/branching-model/settings', { params })) as WireModel)
        : modelOf(model);
    }
    await printItem(ctx, input, m, { toJson: (x) => ({ ...x }), human: () => printModel(ctx, m) });
    return 0;
  },
});
