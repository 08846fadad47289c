/** `bb pipeline config …`: whether Pipelines runs for a repository, and its next build number. */
import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import type { Context } from '../../../context/context.js';
import type { RepoRef } from '../../../git/remote.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import type { CommandInput } from '../../define.js';

export const OP = {
  get: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config',
  update: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config',
  buildNumber: 'PUT /repositories/{workspace}/{repo_slug}/pipelines_config/build_number',
} as const;

export interface PipelinesConfig {
  enabled?: boolean;
  repository?: { full_name?: string };
}

export const CONFIG_JSON_FIELDS = ['enabled', 'fullName'];

export function configJson(c: PipelinesConfig, repo: RepoRef): Record<string, unknown> {
  return { enabled: c.enabled ?? null, fullName: c.repository?.full_name ?? `${repo.workspace}/${repo.repo}` };
}

/** enable / disable: PUT the configuration with `enabled`. */
export async function setEnabled(ctx: Context, input: CommandInput, enabled: boolean): Promise<number> {
  const repo = await ctx.repo(input.flags.repo);
  const body = { type: 'repository_pipelines_configuration', enabled };
  if (dryRun(ctx, input, { operation: OP.update, params: repoParams(repo), body })) return 0;
  const api = await ctx.api();
  const c = must(
    await api.PUT('/repositories/{workspace}/{repo_slug}/pipelines_config', { params: { path: repoParams(repo) }, body: body as never }),
  ) as unknown as PipelinesConfig;
  status(ctx, `✓ Pipelines ${c.enabled === false ? 'disabled' : 'enabled'} for ${repo.workspace}/${repo.repo}`);
  await printItem(ctx, input, c, { toJson: (x) => configJson(x, repo), human: () => {} });
  return 0;
}
