import { printList } from '../../output/command-output.js';
import { provider } from '../../provider/index.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, shortHash, when } from '../pr/shared.js';
import { REF_JSON_FIELDS } from '../branch/shared.js';

const OP_LIST = 'GET /repositories/{workspace}/{repo_slug}/refs/tags';

export default defineCommand({
  path: ['tag', 'list'],
  summary: 'List the tags of a repository',
  description: 'Lists tags with the commit they point at, most recently updated first. --search keeps the names containing the text.',
  examples: ['bb tag list', 'bb tag list --search release', 'bb tag list --all --json name,commit'],
  flags: [{ name: 'search', short: 'S', type: 'string', valueName: 'TEXT', description: 'only tags whose name contains TEXT' }],
  operations: [OP_LIST],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags'],
  repo: true,
  list: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { search?: string; limit?: number; all?: boolean };
    const repo = await ctx.repo(input.flags.repo);
    const p = await provider(ctx);
    const refs = await p.listTags(repo, { search: f.search, limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `repository ${repo.workspace}/${repo.repo} not found`);
    });
    await printList(ctx, input, refs, {
      empty: `No tags${f.search ? ` matching "${f.search}"` : ''} in ${repo.workspace}/${repo.repo}`,
      toJson: ({ authorName: _a, ...r }) => r,
      columns: [
        { header: 'Name', value: (r) => r.name ?? '', style: () => 'cyan', flexible: true },
        { header: 'Commit', value: (r) => (ctx.io.stdoutIsTTY ? shortHash(r.commit ?? undefined) : (r.commit ?? '')), style: () => 'yellow' },
        { header: 'Author', value: (r) => r.authorName },
        { header: 'Updated', value: (r) => when(ctx, r.commitDate ?? undefined, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
