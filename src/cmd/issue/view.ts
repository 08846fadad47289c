import { repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import { printItem } from '../shared/print.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { printFields, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../shared/web.js';
import { ISSUE_JSON_FIELDS, issueJson, userName } from './present.js';
import { getIssue, type IssueComment, OP, parseIssueId, trackerError, TRACKER_GONE } from './tracker.js';

export default defineCommand({
  path: ['issue', 'view'],
  summary: 'Show an issue',
  description: ['Shows the issue: title, state, kind, priority, reporter, assignee and body; --comments adds its comments.', TRACKER_GONE].join('\n\n'),
  examples: ['bb issue view 12', 'bb issue view 12 --comments', 'bb issue view 12 --json title,state,body', 'bb issue view 12 --web'],
  args: [{ name: 'issue', description: 'issue number or URL', required: true }],
  flags: [
    { name: 'comments', short: 'c', type: 'boolean', description: 'also show the comments' },
    { name: 'web', short: 'w', type: 'boolean', description: 'open the issue in the browser' },
  ],
  repo: true,
  json: [...ISSUE_JSON_FIELDS, 'comments'],
  operations: [OP.get],
  conditional: [{ flag: 'comments', operations: [OP.comments], source: 'lists the comments' }],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = parseIssueId(input.args.issue);
    const issue = await getIssue(ctx, repo, id);
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(issue.links, `issue #${id}`));
      return 0;
    }
    let comments: IssueComment[] = [];
    if (input.flags.comments) {
      try {
        comments = await paginate<IssueComment>(await ctx.http(), templateOf(OP.comments), { ...repoParams(repo), issue_id: id }, {}, { all: true });
      } catch (e) {
        throw trackerError(e, repo, `issue #${id}`);
      }
      comments = comments.filter((c) => c.content?.raw);
    }
    await printItem(ctx, input, issue, {
      toJson: (i) => ({
        ...issueJson(i),
        comments: comments.map((c) => ({ id: c.id, author: userName(c.user), body: c.content?.raw ?? '', createdAt: c.created_on ?? null })),
      }),
      human: () => {
        if (ctx.io.stdoutIsTTY) writeOut(ctx.io, `${colorize(ctx.io, 'bold', `${issue.title ?? ''} #${issue.id}`)}\n`);
        printFields(ctx.io, [
          ...(ctx.io.stdoutIsTTY
            ? []
            : ([
                ['title', issue.title],
                ['id', String(issue.id)],
              ] as Array<[string, string | undefined]>)),
          ['state', issue.state],
          ['kind', issue.kind],
          ['priority', issue.priority],
          ['reporter', userName(issue.reporter)],
          ['assignee', userName(issue.assignee) || undefined],
          ['updated', ctx.io.stdoutIsTTY ? timeAgo(issue.updated_on, ctx.now()) : issue.updated_on],
          ['url', issue.links?.html?.href],
        ]);
        const body = issue.content?.raw?.trim();
        writeOut(ctx.io, `\n${body || '(no description)'}\n`);
        for (const c of comments) {
          writeOut(
            ctx.io,
            `\n— ${userName(c.user)} (${ctx.io.stdoutIsTTY ? timeAgo(c.created_on, ctx.now()) : (c.created_on ?? '')})\n${c.content?.raw ?? ''}\n`,
          );
        }
      },
    });
    return 0;
  },
});
