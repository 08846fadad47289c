import { paginate } from '../../api/paginate.js';
import { printList } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, repoParams, template, when } from '../pr/shared.js';
import { authorName, COMMIT_JSON_FIELDS, type Commit, commitToJson, subject } from './shared.js';

const OP_ALL = 'GET /repositories/{workspace}/{repo_slug}/commits';
const OP_REV = 'GET /repositories/{workspace}/{repo_slug}/commits/{revision}';

export default defineCommand({
  path: ['commit', 'list'],
  summary: 'List the commits of a repository',
  description:
    'Lists commits newest first: those reachable from --branch (any branch, tag or hash), else from every branch. --exclude leaves out the commits of another branch (like git log main..feature).',
  examples: ['bb commit list --branch main', 'bb commit list --branch feature/login --exclude main', 'bb commit list -L 5 --json hash,subject,author'],
  flags: [
    { name: 'branch', short: 'b', type: 'string', valueName: 'REF', description: 'commits reachable from this branch, tag or commit' },
    { name: 'exclude', short: 'x', type: 'string', valueName: 'REF', description: 'leave out the commits reachable from this ref' },
    { name: 'path', type: 'string', valueName: 'PATH', description: 'only commits that touch this path' },
  ],
  operations: [OP_ALL, OP_REV],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits'],
  repo: true,
  list: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { branch?: string; exclude?: string; path?: string; limit?: number; all?: boolean };
    const repo = await ctx.repo(input.flags.repo);
    const query = { exclude: f.exclude, path: f.path };
    let commits: Commit[];
    try {
      commits = f.branch
        ? await paginate<Commit>(await ctx.http(), template(OP_REV), { ...repoParams(repo), revision: f.branch }, query, { limit: f.limit, all: f.all })
        : await paginate<Commit>(await ctx.http(), template(OP_ALL), repoParams(repo), query, { limit: f.limit, all: f.all });
    } catch (e) {
      throw notFound(
        e,
        f.branch ? `no branch, tag or commit "${f.branch}" in ${repo.workspace}/${repo.repo}` : `repository ${repo.workspace}/${repo.repo} not found`,
      );
    }
    await printList(ctx, input, commits, {
      empty: `No commits in ${repo.workspace}/${repo.repo}${f.branch ? ` on ${f.branch}` : ''}`,
      toJson: commitToJson,
      columns: [
        { header: 'Commit', value: (c) => (c.hash ?? '').slice(0, ctx.io.stdoutIsTTY ? 7 : 40), style: () => 'yellow' },
        { header: 'Subject', value: subject, flexible: true },
        { header: 'Author', value: authorName },
        { header: 'Date', value: (c) => when(ctx, c.date, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
