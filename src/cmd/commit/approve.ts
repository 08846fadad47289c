import { CLOUD_COMMIT_COMMENT_OP as OP } from '../../provider/commit-comments.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { notFound } from '../../provider/errors.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { COMMIT_ARG } from './comments/shared.js';

export default defineCommand({
  path: ['commit', 'approve'],
  summary: 'Approve a commit',
  description: 'Approves a commit as you (Bitbucket Cloud). Data Center has no commit approval: approve the pull request instead.',
  examples: ['bb commit approve 3f2a9c1', 'bb commit approve 3f2a9c1 -R acme/web'],
  args: [COMMIT_ARG],
  operations: [OP.approve],
  hosts: ['cloud'],
  otherHostHint: 'Data Center has no commit approval: approve the pull request the commit is in (bb pr approve NUMBER)',
  repo: true,
  write: true,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const w = await (await provider(ctx)).approveCommit(repo, commit);
    if (await dryRunWrite(ctx, input, w)) return 0;
    await w.send().catch((e) => {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Approved ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
