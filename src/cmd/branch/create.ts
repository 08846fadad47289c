import { must } from '../../api/client.js';
import { printItem, status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, repoParams } from '../pr/shared.js';
import { type Ref, REF_JSON_FIELDS, refToJson, resolveTarget } from './shared.js';

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
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches'],
  repo: true,
  write: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/heads\//, '');
    const hash = await resolveTarget(ctx, repo, input.flags.from as string | undefined);
    const params = repoParams(repo);
    const body = { name, target: { hash } };
    if (dryRun(ctx, input, { operation: OP_CREATE, params, body })) return 0;
    const api = await ctx.api();
    const created = must(await api.POST('/repositories/{workspace}/{repo_slug}/refs/branches', { params: { path: params }, body })) as unknown as Ref;
    await printItem(ctx, input, created, {
      toJson: refToJson,
      human: () => status(ctx, `✓ Created branch ${name} at ${hash.slice(0, 7)} in ${repo.workspace}/${repo.repo}`),
    });
    return 0;
  },
});
