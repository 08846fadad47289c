/** `bb commit approve` and `bb commit unapprove`: the same request shape, the other method. */
import { CLOUD_COMMIT_COMMENT_OP as OP } from '../../provider/commit-comments.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { notFound } from '../../provider/errors.js';
import { provider } from '../../provider/index.js';
import { type CommandDef, defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { COMMIT_ARG } from './comments/shared.js';

export function commitApprovalCommand(opts: { approve: boolean; summary: string; description: string; done: string }): CommandDef {
  const verb = opts.approve ? 'approve' : 'unapprove';
  return defineCommand({
    path: ['commit', verb],
    summary: opts.summary,
    description: opts.description,
    examples: [`bb commit ${verb} 3f2a9c1`, `bb commit ${verb} 3f2a9c1 -R acme/web`],
    args: [COMMIT_ARG],
    operations: [opts.approve ? OP.approve : OP.unapprove],
    hosts: ['cloud'],
    otherHostHint: 'Data Center has no commit approval: approve the pull request the commit is in (bb pr approve NUMBER)',
    repo: true,
    write: true,
    async run(ctx, input) {
      const repo = await ctx.repo(input.flags.repo);
      const commit = String(input.args.commit);
      const p = await provider(ctx);
      const w = opts.approve ? await p.approveCommit(repo, commit) : await p.unapproveCommit(repo, commit);
      if (await dryRunWrite(ctx, input, w)) return 0;
      await w.send().catch((e) => {
        throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
      });
      status(ctx, `✓ ${opts.done} ${commit.slice(0, 12)} in ${repo.workspace}/${repo.repo}`);
      return 0;
    },
  });
}
