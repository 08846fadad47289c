import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { OP } from './settings.js';

export default defineCommand({
  path: ['pipeline', 'config', 'build-number'],
  summary: 'Set the next pipeline build number',
  description:
    'Makes the next pipeline of the repository get build number N, e.g. to continue the numbering of another CI or of a repository this one replaces. Bitbucket only moves the number forward: N must be higher than the current one.',
  examples: ['bb pipeline config build-number 1000', 'bb pipeline config build-number 1000 -R myteam/website --dry-run'],
  args: [{ name: 'number', description: 'the next build number (a whole number above the current one)', required: true }],
  repo: true,
  write: true,
  operations: [OP.buildNumber],
  async run(ctx, input) {
    const text = String(input.args.number ?? '').trim();
    if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
      throw new BbError('INVALID_ARGUMENT', `"${text}" is not a build number: expected a whole number of at least 1`, {
        hints: ['bb pipeline config build-number 1000'],
      });
    }
    const next = Number(text);
    const repo = await ctx.repo(input.flags.repo);
    const body = { type: 'pipeline_build_number', next };
    if (dryRun(ctx, input, { operation: OP.buildNumber, params: repoParams(repo), body })) return 0;
    const api = await ctx.api();
    const r = must(
      await api.PUT('/repositories/{workspace}/{repo_slug}/pipelines_config/build_number', { params: { path: repoParams(repo) }, body: body as never }),
    ) as unknown as { next?: number };
    status(ctx, `✓ The next pipeline of ${repo.workspace}/${repo.repo} will be #${r.next ?? next}`);
    return 0;
  },
});
