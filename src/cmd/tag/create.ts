import { must } from '../../api/client.js';
import { printItem, status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { type Ref, REF_JSON_FIELDS, refToJson, resolveTarget } from '../branch/shared.js';
import { OP, repoParams } from '../pr/shared.js';

const OP_CREATE = 'POST /repositories/{workspace}/{repo_slug}/refs/tags';

export default defineCommand({
  path: ['tag', 'create'],
  summary: 'Create a tag on Bitbucket',
  description: "Creates a tag on --target (a branch, tag or commit; default: the head of the repository's main branch). With --message it is an annotated tag.",
  examples: [
    'bb tag create v1.2.0',
    'bb tag create v1.2.0 --target 3f2a9c1 --message "Release 1.2.0"',
    'bb tag create v1.3.0-rc1 --target release/1.3 --dry-run',
  ],
  args: [{ name: 'name', description: 'the tag name (without refs/tags/)', required: true }],
  flags: [
    { name: 'target', short: 't', type: 'string', valueName: 'REF', description: 'branch, tag or commit to tag (default: the main branch)' },
    { name: 'message', short: 'm', type: 'string', valueName: 'TEXT', description: 'tag message' },
  ],
  operations: [OP_CREATE, OP.commitGet, OP.repoGet],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags'],
  repo: true,
  write: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/tags\//, '');
    const hash = await resolveTarget(ctx, repo, input.flags.target as string | undefined);
    const params = repoParams(repo);
    const message = input.flags.message as string | undefined;
    const body = { name, target: { hash }, ...(message !== undefined ? { message } : {}) };
    if (dryRun(ctx, input, { operation: OP_CREATE, params, body })) return 0;
    const api = await ctx.api();
    const created = must(await api.POST('/repositories/{workspace}/{repo_slug}/refs/tags', { params: { path: params }, body })) as unknown as Ref;
    await printItem(ctx, input, created, {
      toJson: refToJson,
      human: () => status(ctx, `✓ Created tag ${name} at ${hash.slice(0, 7)} in ${repo.workspace}/${repo.repo}`),
    });
    return 0;
  },
});
