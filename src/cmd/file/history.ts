import { checkRepoPath } from '../../provider/files.js';
import { provider } from '../../provider/index.js';
import type { Commit } from '../../provider/types.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { when } from '../shared/format.js';
import { printList } from '../shared/print.js';
import { COMMIT_JSON_FIELDS } from '../commit/present.js';
import { fileNotFound, REF_FLAG, refOf } from './present.js';

export default defineCommand({
  path: ['file', 'history'],
  summary: 'List the commits that changed a file',
  description:
    'Lists the commits that changed a file, newest first, from a branch, tag or commit (--ref; default: the main branch). Bitbucket Cloud follows the file across renames; Data Center lists the commits that touch the path.',
  examples: ['bb file history README.md', 'bb file history src/app.ts --ref release/2.0 -L 5', 'bb file history package.json --json hash,subject,date'],
  args: [{ name: 'path', description: 'the file, relative to the repository root', required: true }],
  flags: [REF_FLAG],
  // without --ref, Cloud reads the repository's main branch first (provider/cloud/files.ts)
  operations: ['GET /repositories/{workspace}/{repo_slug}/filehistory/{commit}/{path}', 'GET /repositories/{workspace}/{repo_slug}'],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits'],
  repo: true,
  list: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const path = checkRepoPath(String(input.args.path ?? ''));
    const ref = refOf(input);
    const repo = await ctx.repo(input.flags.repo);
    const f = input.flags as { limit?: number; all?: boolean };
    const commits = await (await provider(ctx)).fileHistory(repo, path, ref, { limit: f.limit, all: f.all }).catch((e) => {
      throw fileNotFound(e, repo, path, ref);
    });
    await printList<Commit>(ctx, input, commits, {
      empty: `No commits changed ${path}`,
      toJson: ({ authorName: _a, ...c }) => c,
      columns: [
        { header: 'Commit', value: (c) => (c.hash ?? '').slice(0, ctx.io.stdoutIsTTY ? 7 : 40), style: () => 'yellow' },
        { header: 'Subject', value: (c) => c.subject, flexible: true },
        { header: 'Author', value: (c) => c.authorName },
        { header: 'Date', value: (c) => when(ctx, c.date ?? undefined, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
