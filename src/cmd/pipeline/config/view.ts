import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { printFields } from '../../../output/table.js';
import { printItem } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { CONFIG_JSON_FIELDS, configJson, OP, type PipelinesConfig } from './settings.js';

export default defineCommand({
  path: ['pipeline', 'config', 'view'],
  summary: 'Show whether Pipelines is enabled for a repository',
  description: "Shows the repository's Pipelines configuration: whether pushes and `bb pipeline run` start pipelines.",
  examples: ['bb pipeline config view', 'bb pipeline config view -R myteam/website --json enabled'],
  repo: true,
  json: CONFIG_JSON_FIELDS,
  operations: [OP.get],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const api = await ctx.api();
    const c = must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pipelines_config', { params: { path: repoParams(repo) } }),
    ) as unknown as PipelinesConfig;
    await printItem(ctx, input, c, {
      toJson: (x) => configJson(x, repo),
      human: () => {
        printFields(ctx.io, [
          ['repository', c.repository?.full_name ?? `${repo.workspace}/${repo.repo}`],
          ['pipelines', c.enabled ? 'enabled' : 'disabled'],
        ]);
      },
    });
    return 0;
  },
});
