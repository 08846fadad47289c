import { printList } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { accountName } from './present.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';
import { when } from '../shared/format.js';

export default defineCommand({
  path: ['pr', 'activity'],
  summary: 'Show the timeline of a pull request',
  description: 'Lists what happened on the pull request, oldest first: updates and pushes, approvals, change requests, comments, merge or decline.',
  examples: ['bb pr activity 42', 'bb pr activity --limit 10', 'bb pr activity 42 --json date,author,event,detail'],
  args: [PR_ARG],
  operations: [OP.prActivity, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/activities'],
  repo: true,
  list: true,
  json: ['date', 'author', 'event', 'detail'],
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const items = await p.listPullRequestActivity(repo, id, { limit: input.flags.limit as number | undefined, all: input.flags.all as boolean | undefined });
    // the API answers newest first; a timeline reads oldest first
    const events = [...items].sort((a, b) => a.date.localeCompare(b.date));
    await printList(ctx, input, events, {
      empty: `No activity on pull request #${id}`,
      toJson: (e) => ({ date: e.date || null, author: e.who, event: e.event, detail: e.detail }),
      columns: [
        { header: 'When', value: (e) => when(ctx, e.date, timeAgo), style: () => 'gray' },
        { header: 'Who', value: (e) => accountName(e.who), style: () => 'bold' },
        {
          header: 'Event',
          value: (e) => e.event,
          style: (e) =>
            e.event === 'approved' || e.event === 'merged' ? 'green' : e.event === 'requested changes' || e.event === 'declined' ? 'red' : undefined,
        },
        { header: 'Detail', value: (e) => e.detail, flexible: true },
      ],
    });
    return 0;
  },
});
