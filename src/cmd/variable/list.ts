import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { openInBrowser, repoPage, webFlag, workspacePage } from '../shared/web.js';
import { levelOf, listVariables, OP, SCOPE_FLAGS } from './levels.js';
import { MASK, variableJson } from './value.js';

export default defineCommand({
  path: ['variable', 'list'],
  summary: 'List Pipelines variables',
  description:
    "Lists the Pipelines variables of the repository (default), of a workspace (--workspace) or of a deployment environment (--env). Secured variables' values are never shown (Bitbucket does not return them). --web opens the settings page where they are kept instead.",
  examples: ['bb variable list', 'bb variable list --env Production', 'bb variable list --workspace myteam --json key,secured', 'bb variable list --web'],
  // -w is --workspace here
  flags: [...SCOPE_FLAGS, webFlag('the settings page of these variables', false)],
  repo: true,
  json: ['uuid', 'key', 'value', 'secured'],
  operations: [OP.repoList],
  conditional: [
    { flag: 'workspace', source: "the workspace's variables", operations: [OP.wsList] },
    { flag: 'env', source: 'looks the environment up by name; its variables', operations: [OP.environments, OP.envList] },
  ],
  async run(ctx, input) {
    if (input.flags.web) {
      // the environment's variables are on the deployments settings page: no need to look the environment up
      const level = await levelOf(ctx, input, { lookup: false });
      const { workspace, repo_slug } = level.params as { workspace: string; repo_slug?: string };
      const url =
        repo_slug === undefined
          ? workspacePage(ctx, workspace, '/workspace/settings/addon/admin/pipelines/account-variables')
          : await repoPage(
              ctx,
              { workspace, repo: repo_slug },
              { cloud: `/admin/addon/admin/pipelines/${input.flags.env === undefined ? 'repository-variables' : 'deployment-settings'}` },
              'Pipelines variables',
            );
      await openInBrowser(ctx, url);
      return 0;
    }
    const level = await levelOf(ctx, input);
    const vars = await listVariables(ctx, level, ['uuid', 'key', 'value', 'secured']);
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
