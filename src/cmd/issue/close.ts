import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { status } from '../shared/print.js';
import { dryRun, type PlannedRequest } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { CLOSED_STATES, checkChoice } from './fields.js';
import { OP, parseIssueId, trackerError, updateIssue, TRACKER_GONE } from './tracker.js';

export default defineCommand({
  path: ['issue', 'close'],
  summary: 'Close an issue',
  description: [
    'Moves the issue to a closed state: resolved (default), invalid, duplicate, wontfix or closed, optionally with a comment saying why.',
    TRACKER_GONE,
  ].join('\n\n'),
  examples: ['bb issue close 12', 'bb issue close 12 --reason duplicate --comment "Same as #9"', 'bb issue close 12 --dry-run'],
  args: [{ name: 'issue', description: 'issue number or URL', required: true }],
  flags: [
    { name: 'reason', short: 'r', type: 'string', valueName: 'STATE', description: `${CLOSED_STATES.join(', ')} (default resolved)` },
    { name: 'comment', short: 'c', type: 'string', valueName: 'TEXT', description: 'add this comment' },
  ],
  repo: true,
  write: true,
  operations: [OP.update],
  conditional: [{ flag: 'comment', operations: [OP.comment], source: 'adds the comment' }],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = parseIssueId(input.args.issue);
    const state = checkChoice('reason', input.flags.reason, CLOSED_STATES) ?? 'resolved';
    const params = { ...repoParams(repo), issue_id: id };
    const comment = input.flags.comment as string | undefined;
    const planned: PlannedRequest[] = [{ operation: OP.update, params, body: { state } }];
    if (comment) planned.push({ operation: OP.comment, params, body: { content: { raw: comment } } });
    if (dryRun(ctx, input, ...planned)) return 0;
    await updateIssue(ctx, repo, id, { state });
    if (comment) {
      const api = await ctx.api();
      try {
        must(
          await api.POST('/repositories/{workspace}/{repo_slug}/issues/{issue_id}/comments', {
            params: { path: { ...repoParams(repo), issue_id: String(id) } },
            body: { content: { raw: comment } } as never,
          }),
        );
      } catch (e) {
        throw trackerError(e, repo, `issue #${id}`);
      }
    }
    status(ctx, `✓ Closed issue #${id} (${state})`);
    return 0;
  },
});
