import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { REF_JSON_FIELDS } from './ref-list.js';

const OP_CREATE = 'POST /repositories/{workspace}/{repo_slug}/refs/branches';

export default defineCommand({
  path: ['branch', 'create'],
  summary: 'Create a branch on Bitbucket',
  description:
    "Creates a branch pointing at --from (a branch, tag or commit; default: the head of the repository's main branch). Nothing changes in your local clone.",
  examples: ['bb branch create feature/login', 'bb branch create hotfix/1.2.1 --from v1.2.0', 'bb branch create spike --from 3f2a9c1 --dry-run'],
  args: [{ name: 'name', description: 'the new branch name (without refs/heads/)', required: true }],
  flags: [{ name: 'from', short: 'f', type: 'string', valueName: 'REF', description: 'branch, tag or commit to start from (default: the main branch)' }],
  operations: [OP_CREATE, OP.commitGet, OP.repoGet],
  dcOperations: [
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
  ],
  repo: true,
  write: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/heads\//, '');
    const write = await (await provider(ctx)).createBranch(repo, name, input.flags.from as string | undefined);
    const hash = write.hash;
    if (await dryRunWrite(ctx, input, write)) return 0;
    const created = await write.send();
    await printItem(ctx, input, created, {
      toJson: ({ authorName: _a, ...r }) => r,
      human: () => status(ctx, `✓ Created branch ${name} at ${hash.slice(0, 7)} in ${repo.workspace}/${repo.repo}`),
    });
    return 0;
  },
});
