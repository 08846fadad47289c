import { repoParams } from '../../api/path.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, parseIssueId, updateIssue, TRACKER_GONE } from './tracker.js';

export default defineCommand({
  path: ['issue', 'reopen'],
  summary: 'Reopen a closed issue',
  description: ['Moves the issue back to the open state.', TRACKER_GONE].join('\n\n'),
  examples: ['bb issue reopen 12', 'bb issue reopen 12 -R myteam/website --dry-run'],
  args: [{ name: 'issue', description: 'issue number or URL', required: true }],
  repo: true,
  write: true,
  operations: [OP.update],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = parseIssueId(input.args.issue);
    const body = { state: 'open' as const };
    if (dryRun(ctx, input, { operation: OP.update, params: { ...repoParams(repo), issue_id: id }, body })) return 0;
    await updateIssue(ctx, repo, id, body);
    status(ctx, `✓ Reopened issue #${id}`);
    return 0;
  },
});
