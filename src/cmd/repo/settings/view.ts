import { must } from '../../../api/client.js';
import { repoParams } from '../../../api/path.js';
import { defineCommand } from '../../define.js';
import { printList } from '../../shared/print.js';
import { resolveRepoArg } from '../target.js';
import { type InheritanceState, rowsOf, SETTING_JSON_FIELDS } from './settings.js';

export default defineCommand({
  path: ['repo', 'settings', 'view'],
  summary: 'Show which project settings a repository overrides',
  description:
    "Shows, for each setting a repository can inherit from its project (the default merge strategy, the branching model), whether the repository overrides it with its own or inherits the project's. Needs admin rights on the repository. Bitbucket Cloud only: on Data Center each repository settings page says whether it inherits.",
  examples: ['bb repo settings view', 'bb repo settings view -R myteam/website --json setting,overridden'],
  hosts: ['cloud'],
  otherHostHint: "Data Center has no API for a repository's inheritance of project settings: see the repository's settings pages",
  repo: true,
  json: SETTING_JSON_FIELDS,
  operations: ['GET /repositories/{workspace}/{repo_slug}/override-settings'],
  async run(ctx, input) {
    const ref = await resolveRepoArg(ctx, input, null);
    const api = await ctx.api();
    const state = must(await api.GET('/repositories/{workspace}/{repo_slug}/override-settings', { params: { path: repoParams(ref) } })) as InheritanceState;
    await printList(ctx, input, rowsOf(state), {
      columns: [
        { header: 'SETTING', value: (r) => r.setting, style: () => 'bold' },
        { header: 'SOURCE', value: (r) => (r.overridden ? 'repository (overridden)' : 'project (inherited)') },
      ],
      toJson: (r) => ({ ...r }),
      empty: `${ref.workspace}/${ref.repo} reports no inheritable settings`,
    });
    return 0;
  },
});
