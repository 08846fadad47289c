import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { REF_JSON_FIELDS } from '../branch/ref-list.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';

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
  dcOperations: [
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/default-branch',
  ],
  repo: true,
  write: true,
  json: REF_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/tags\//, '');
    const message = input.flags.message as string | undefined;
    const write = await (await provider(ctx)).createTag(repo, name, input.flags.target as string | undefined, message);
    const hash = write.hash;
    if (await dryRunWrite(ctx, input, write)) return 0;
    const created = await write.send();
    await printItem(ctx, input, created, {
      toJson: ({ authorName: _a, ...r }) => r,
      human: () => status(ctx, `✓ Created tag ${name} at ${hash.slice(0, 7)} in ${repo.workspace}/${repo.repo}`),
    });
    return 0;
  },
});
