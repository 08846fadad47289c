import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import type { Commit } from '../../provider/types.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { encodeSegments, openInBrowser, query, repoPage, webFlag } from '../shared/web.js';
import { notFound } from '../../provider/errors.js';
import { when } from '../shared/format.js';
import { COMMIT_JSON_FIELDS } from './present.js';

const OP_ALL = 'GET /repositories/{workspace}/{repo_slug}/commits';
const OP_REV = 'GET /repositories/{workspace}/{repo_slug}/commits/{revision}';

export default defineCommand({
  path: ['commit', 'list'],
  summary: 'List the commits of a repository',
  description:
    'Lists commits newest first: those reachable from --branch (any branch, tag or hash), else from every branch. --exclude leaves out the commits of another branch (like git log main..feature). --web opens the commits page (of --branch) instead.',
  examples: [
    'bb commit list --branch main',
    'bb commit list --branch feature/login --exclude main',
    'bb commit list -L 5 --json hash,subject,author',
    '# the commits of a branch, on Bitbucket',
    'bb commit list --branch feature/login --web',
  ],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'REF', description: 'commits reachable from this branch, tag or commit' },
    { name: 'exclude', short: 'x', type: 'string', valueName: 'REF', description: 'leave out the commits reachable from this ref' },
    { name: 'path', type: 'string', valueName: 'PATH', description: 'only commits that touch this path' },
    webFlag('the commits page (of --branch) on Bitbucket'),
  ],
  operations: [OP_ALL, OP_REV],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits'],
  repo: true,
  list: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { branch?: string; exclude?: string; path?: string; limit?: number; all?: boolean };
    const repo = await ctx.repo(input.flags.repo);
    if (input.flags.web) {
      const paths = f.branch
        ? { cloud: `/commits/branch/${encodeSegments(f.branch)}`, dc: `/commits${query({ until: f.branch })}` }
        : { cloud: '/commits/', dc: '/commits' };
      await openInBrowser(ctx, await repoPage(ctx, repo, paths, 'commits'));
      return 0;
    }
    let commits: Commit[];
    try {
      commits = await (await provider(ctx)).listCommits(repo, { branch: f.branch, exclude: f.exclude, path: f.path, limit: f.limit, all: f.all });
    } catch (e) {
      throw notFound(
        e,
        f.branch ? `no branch, tag or commit "${f.branch}" in ${repo.workspace}/${repo.repo}` : `repository ${repo.workspace}/${repo.repo} not found`,
      );
    }
    await printList(ctx, input, commits, {
      empty: `No commits in ${repo.workspace}/${repo.repo}${f.branch ? ` on ${f.branch}` : ''}`,
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
