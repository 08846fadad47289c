import { repoParams } from '../../../api/path.js';
import { BbError } from '../../../core/errors.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { OP, uuidOf } from './caches.js';

export default defineCommand({
  path: ['pipeline', 'cache', 'delete'],
  summary: 'Delete a Pipelines cache by name or UUID',
  description:
    'Deletes a cache so the next pipeline builds it afresh: by name (every saved version of that cache) or by UUID (one version, from `bb pipeline cache list`). On a terminal bb asks you to type it; elsewhere --yes is required.',
  examples: [
    'bb pipeline cache delete node',
    'bb pipeline cache delete {0c8e2f3a-6b7d-4c1e-9f00-1a2b3c4d5e6f} --yes',
    'bb pipeline cache delete node --dry-run',
  ],
  args: [{ name: 'cache', description: 'the cache name (node, pip, …) or one version’s UUID', required: true }],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.removeByName],
  conditional: [
    {
      arg: 'cache',
      pattern: '^\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?$',
      patternLabel: 'a UUID',
      source: 'src/cmd/pipeline/cache/delete.ts: a UUID deletes that version',
      operations: [OP.remove],
    },
  ],
  async run(ctx, input) {
    const text = String(input.args.cache ?? '').trim();
    if (text === '') throw new BbError('INVALID_ARGUMENT', 'name the cache to delete', { hints: ['list them with `bb pipeline cache list`'] });
    const repo = await ctx.repo(input.flags.repo);
    const where = `${repo.workspace}/${repo.repo}`;
    const uuid = uuidOf(text);
    const api = await ctx.api();
    if (uuid) {
      const params = { ...repoParams(repo), cache_uuid: uuid };
      if (dryRun(ctx, input, { operation: OP.remove, params })) return 0;
      await confirmDestructive(ctx, input, `delete cache ${uuid} of ${where}`, uuid);
      await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines-config/caches/{cache_uuid}', { params: { path: params } });
      status(ctx, `✓ Deleted cache ${uuid} of ${where}`);
      return 0;
    }
    if (dryRun(ctx, input, { operation: OP.removeByName, params: repoParams(repo), query: { name: text } })) return 0;
    await confirmDestructive(ctx, input, `delete the cache ${text} of ${where}`, text);
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines-config/caches', { params: { path: repoParams(repo), query: { name: text } } });
    status(ctx, `✓ Deleted the cache ${text} of ${where}`);
    return 0;
  },
});
