import { paginate } from '../../api/paginate.js';
import { printList } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, q, repoParams, shortHash, template, when } from '../pr/shared.js';
import { type Ref, REF_JSON_FIELDS, refAuthor, refToJson } from './shared.js';

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
      empty: `No branches${f.search ? ` matching "${f.search}"` : ''} in ${repo.workspace}/${repo.repo}`,
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
