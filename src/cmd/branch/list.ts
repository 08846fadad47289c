import { printList } from '../../output/command-output.js';
import { provider } from '../../provider/index.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, shortHash, when } from '../pr/shared.js';
import { REF_JSON_FIELDS } from './shared.js';

const OP_LIST = 'GET /repositories/{workspace}/{repo_slug}/refs/branches';

export default defineCommand({
  path: ['branch', 'list'],
  summary: 'List the branches of a repository',
  description: 'Lists branches with the commit they point at, most recently updated first. --search keeps the names containing the text.',
  examples: ['bb branch list', 'bb branch list --search release', 'bb branch list --all --json name,commit'],
  flags: [{ name: 'search', short: 'S', type: 'string', valueName: 'TEXT', description: 'only branches whose name contains TEXT' }],
  operations: [OP_LIST],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches'],
  repo: true,
  list: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { search?: string; limit?: number; all?: boolean };
    const repo = await ctx.repo(input.flags.repo);
    const p = await provider(ctx);
    const refs = await p.listBranches(repo, { search: f.search, limit: f.limit, all: f.all }).catch((e) => {
      throw notFound(e, `repository ${repo.workspace}/${repo.repo} not found`);
    });
    await printList(ctx, input, refs, {
      empty: `No branches${f.search ? ` matching "${f.search}"` : ''} in ${repo.workspace}/${repo.repo}`,
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
