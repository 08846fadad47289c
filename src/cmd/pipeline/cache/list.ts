import { printList } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { CACHE_JSON_FIELDS, cacheJson, listCaches, OP, size } from './caches.js';

export default defineCommand({
  path: ['pipeline', 'cache', 'list'],
  summary: 'List the Pipelines caches of a repository',
  description: 'Lists the dependency caches that pipeline steps saved (node, pip, docker, custom ones…): name, path, size and when it was saved.',
  examples: ['bb pipeline cache list', 'bb pipeline cache list -R myteam/website --json name,sizeBytes,createdAt'],
  repo: true,
  list: true,
  json: CACHE_JSON_FIELDS,
  operations: [OP.list],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const items = await listCaches(ctx, repo, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, items, {
      columns: [
        { header: 'Name', value: (c) => c.name ?? '', style: () => 'bold' },
        { header: 'Path', value: (c) => c.path ?? '', flexible: true },
        { header: 'Size', value: (c) => size(c.file_size_bytes) },
        { header: 'Saved', value: (c) => c.created_on ?? '' },
        { header: 'UUID', value: (c) => c.uuid },
      ],
      toJson: cacheJson,
      empty: `No Pipelines caches in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
