import { must } from '../../../api/client.js';
import { repoParams } from '../../../api/path.js';
import { BbError } from '../../../core/errors.js';
import { defineCommand } from '../../define.js';
import { status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { resolveRepoArg } from '../target.js';
import { checkSetting, type InheritanceState, OP, SETTING_NAMES } from './settings.js';

export default defineCommand({
  path: ['repo', 'settings', 'edit'],
  summary: 'Override or inherit project settings in a repository',
  description: `--override SETTING makes the repository keep its own value of a project setting; --inherit SETTING makes it follow its project's again. The settings: ${SETTING_NAMES.join(', ')}. The current state is read first and sent back whole with the changes. Needs admin rights on the repository. Bitbucket Cloud only.`,
  examples: [
    'bb repo settings edit --override default_merge_strategy',
    'bb repo settings edit -R myteam/website --inherit branching_model --override default_merge_strategy',
    'bb repo settings edit --inherit default_merge_strategy --dry-run',
  ],
  hosts: ['cloud'],
  otherHostHint: "Data Center has no API for a repository's inheritance of project settings: see the repository's settings pages",
  flags: [
    { name: 'override', type: 'list', valueName: 'SETTING', suggest: SETTING_NAMES, description: "keep the repository's own value of SETTING (repeatable)" },
    { name: 'inherit', type: 'list', valueName: 'SETTING', suggest: SETTING_NAMES, description: "follow the project's value of SETTING (repeatable)" },
  ],
  repo: true,
  write: true,
  operations: [OP.view, OP.edit],
  async run(ctx, input) {
    const override = ((input.flags.override as string[] | undefined) ?? []).map(checkSetting);
    const inherit = ((input.flags.inherit as string[] | undefined) ?? []).map(checkSetting);
    if (override.length === 0 && inherit.length === 0) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', { hints: ['pass --override SETTING or --inherit SETTING'] });
    }
    const both = override.find((s) => inherit.includes(s));
    if (both) throw new BbError('INVALID_ARGUMENT', `${both} is both overridden and inherited`, { hints: ['give each setting once'] });
    const ref = await resolveRepoArg(ctx, input, null);
    const params = repoParams(ref);
    const api = await ctx.api();
    const current = must(await api.GET('/repositories/{workspace}/{repo_slug}/override-settings', { params: { path: params } })) as InheritanceState;
    const settings: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(current.override_settings ?? {})) if (typeof v === 'boolean') settings[k] = v;
    for (const s of override) settings[s] = true;
    for (const s of inherit) settings[s] = false;
    const body = { type: current.type ?? 'repository_inheritance_state', override_settings: settings };
    if (dryRun(ctx, input, { operation: OP.edit, params, body })) return 0;
    must(await api.PUT('/repositories/{workspace}/{repo_slug}/override-settings', { params: { path: params }, body: body as never }));
    const said = [...override.map((s) => `${s} overridden`), ...inherit.map((s) => `${s} inherited`)].join(', ');
    status(ctx, `✓ Updated the settings of ${ref.workspace}/${ref.repo}: ${said}`);
    return 0;
  },
});
