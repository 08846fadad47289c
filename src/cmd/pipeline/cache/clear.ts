import { repoParams } from '../../../api/path.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { listCaches, OP } from './caches.js';

export default defineCommand({
  path: ['pipeline', 'cache', 'clear'],
  summary: 'Delete every Pipelines cache of a repository',
  description:
    'Deletes all the caches of the repository (each name with all its versions), so the next pipelines start from nothing. On a terminal bb asks you to type the repository name; elsewhere --yes is required.',
  examples: ['bb pipeline cache clear', 'bb pipeline cache clear -R myteam/website --yes'],
  flags: [YES_FLAG],
  repo: true,
  write: true,
  operations: [OP.list, OP.removeByName],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const where = `${repo.workspace}/${repo.repo}`;
    if (input.flags.dryRun) {
      // the names are read (a GET sends nothing that changes), each would be deleted
      const names = [...new Set((await listCaches(ctx, repo)).map((c) => c.name ?? ''))].filter(Boolean);
      if (names.length === 0) {
        status(ctx, `No Pipelines caches in ${where}; nothing would be deleted`);
        return 0;
      }
      dryRun(ctx, input, ...names.map((name) => ({ operation: OP.removeByName, params: repoParams(repo), query: { name } })));
      return 0;
    }
    const names = [...new Set((await listCaches(ctx, repo)).map((c) => c.name ?? ''))].filter(Boolean);
    if (names.length === 0) {
      status(ctx, `No Pipelines caches in ${where}; nothing to clear`);
      return 0;
    }
    await confirmDestructive(ctx, input, `delete all ${names.length} caches of ${where} (${names.join(', ')})`, where);
    const api = await ctx.api();
    for (const name of names) {
      await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines-config/caches', { params: { path: repoParams(repo), query: { name } } });
    }
    status(ctx, `✓ Cleared ${names.length} cache${names.length === 1 ? '' : 's'} of ${where}: ${names.join(', ')}`);
    return 0;
  },
});
