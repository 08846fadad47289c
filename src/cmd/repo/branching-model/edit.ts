import { must } from '../../../api/client.js';
import { repoParams } from '../../../api/path.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { EDIT_FLAGS, MODEL_JSON_FIELDS, modelOf, printModel, settingsBody, type WireModel } from './model.js';

const OP = 'PUT /repositories/{workspace}/{repo_slug}/branching-model/settings';

export default defineCommand({
  path: ['repo', 'branching-model', 'edit'],
  summary: "Change a repository's branching model",
  description:
    "Changes the repository's branching model settings: the development branch, the production branch (or none) and the branch types' prefixes. What you leave out stays as it is; a branch you name must exist. Bitbucket refuses a prefix of an enabled type that is a prefix of another's. Prints the settings after the change.\n\nOn Bitbucket Cloud, changing a repository's model stops it inheriting its project's.",
  examples: [
    'bb repo branching-model edit --development develop --production-main',
    'bb repo branching-model edit --prefix feature=feat/ --disable hotfix',
    'bb repo branching-model edit -R myteam/website --disable-production --dry-run',
  ],
  flags: [...EDIT_FLAGS],
  repo: true,
  write: true,
  json: MODEL_JSON_FIELDS,
  operations: [OP],
  otherHostHint: "Data Center's REST API has no branching model endpoint: see Repository settings > Branching model",
  async run(ctx, input) {
    const body = settingsBody(input);
    const repo = await ctx.repo(input.flags.repo);
    const params = repoParams(repo);
    if (dryRun(ctx, input, { operation: OP, params, body })) return 0;
    const api = await ctx.api();
    const wire = must(
      await api.PUT('/repositories/{workspace}/{repo_slug}/branching-model/settings', { params: { path: params }, body: body as never }),
    ) as WireModel;
    status(ctx, `✓ Changed the branching model of ${repo.workspace}/${repo.repo}`);
    const m = modelOf(wire);
    await printItem(ctx, input, m, { toJson: (x) => ({ ...x }), human: () => printModel(ctx, m) });
    return 0;
  },
});
