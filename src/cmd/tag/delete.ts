import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { confirmYes, YES_FLAG } from '../shared/write.js';
import { notFound } from '../../provider/errors.js';

const OP_DELETE = 'DELETE /repositories/{workspace}/{repo_slug}/refs/tags/{name}';

export default defineCommand({
  path: ['tag', 'delete'],
  summary: 'Delete a tag on Bitbucket',
  description: 'Deletes the tag from the repository on Bitbucket (not from your clone). Asks on a terminal; elsewhere --yes is required.',
  examples: ['bb tag delete v1.2.0-rc1', 'bb tag delete v1.2.0-rc1 --yes', 'bb tag delete v1.2.0-rc1 --dry-run'],
  args: [{ name: 'name', description: 'the tag to delete', required: true }],
  flags: [YES_FLAG],
  operations: [OP_DELETE],
  dcOperations: ['DELETE /git/latest/projects/{projectKey}/repos/{repositorySlug}/tags/{name}'],
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const name = String(input.args.name).replace(/^refs\/tags\//, '');
    const p = await provider(ctx);
    const write = await p.deleteTag(repo, name);
    if (await dryRunWrite(ctx, input, write)) return 0;
    await confirmYes(ctx, input, `Delete tag ${name} from ${repo.workspace}/${repo.repo}?`, `delete tag ${name}`);
    await write.send().catch((e) => {
      throw notFound(e, `no tag ${name} in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Deleted tag ${name} from ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
