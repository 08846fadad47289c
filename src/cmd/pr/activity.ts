import { printList } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { type Account, accountName, type Comment, OP, PR_ARG, prContext, when } from './shared.js';

interface ActivityItem {
  update?: { state?: string; title?: string; date?: string; author?: Account; reason?: string; draft?: boolean; changes?: Record<string, unknown> };
  approval?: { date?: string; user?: Account };
  changes_requested?: { date?: string; user?: Account };
  comment?: Comment;
}

interface Event {
  date: string;
  who?: Account;
  event: string;
  detail: string;
}

export function toEvent(a: ActivityItem): Event {
  if (a.approval) return { date: a.approval.date ?? '', who: a.approval.user, event: 'approved', detail: '' };
  if (a.changes_requested) return { date: a.changes_requested.date ?? '', who: a.changes_requested.user, event: 'requested changes', detail: '' };
  if (a.comment) {
    const c = a.comment;
    const where = c.inline?.path ? `${c.inline.path}${(c.inline.to ?? c.inline.from) ? `:${c.inline.to ?? c.inline.from}` : ''}: ` : '';
    return { date: c.created_on ?? '', who: c.user, event: c.parent?.id ? 'replied' : 'commented', detail: `${where}${(c.content?.raw ?? '').split('\n')[0]}` };
  }
  const u = a.update ?? {};
  const changed = Object.keys(u.changes ?? {});
  const event = u.state === 'MERGED' ? 'merged' : u.state === 'DECLINED' ? 'declined' : changed.length ? 'updated' : 'pushed / opened';
  return { date: u.date ?? '', who: u.author, event, detail: changed.length ? `changed ${changed.join(', ')}` : (u.reason ?? u.title ?? '') };
}

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
