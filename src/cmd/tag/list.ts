import { paginate } from '../../api/paginate.js';
import { printList } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, q, repoParams, shortHash, template, when } from '../pr/shared.js';
import { type Ref, REF_JSON_FIELDS, refAuthor, refToJson } from '../branch/shared.js';

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
    const refs = await paginate<Ref>(
      await ctx.http(),
      template(OP_LIST),
      repoParams(repo),
      { q: f.search ? `name ~ ${q(f.search)}` : undefined, sort: '-target.date' },
      { limit: f.limit, all: f.all },
    ).catch((e) => {
      throw notFound(e, `repository ${repo.workspace}/${repo.repo} not found`);
    });
    await printList(ctx, input, refs, {
      empty: `No tags${f.search ? ` matching "${f.search}"` : ''} in ${repo.workspace}/${repo.repo}`,
      toJson: refToJson,
      columns: [
        { header: 'Name', value: (r) => r.name ?? '', style: () => 'cyan', flexible: true },
        { header: 'Commit', value: (r) => (ctx.io.stdoutIsTTY ? shortHash(r.target?.hash) : (r.target?.hash ?? '')), style: () => 'yellow' },
        { header: 'Author', value: refAuthor },
        { header: 'Updated', value: (r) => when(ctx, r.target?.date, timeAgo), style: () => 'gray' },
      ],
    });
    return 0;
  },
});
