import { printItem } from '../shared/print.js';
import { openInBrowser } from '../shared/web.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { printThreads } from './comments/comment.js';
import { accountName, domainBranchLabel, domainPrJson, domainState } from './present.js';
import { CLOUD_PR_OP as OP, PR_JSON_FIELDS } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'view'],
  summary: 'Show a pull request',
  description:
    'Shows the title, state, branches, reviewers and description of a pull request: by number, by URL, by source branch, or (with no argument) the open pull request of the current branch.',
  examples: [
    '# the pull request of the current branch',
    'bb pr view',
    'bb pr view 42 --comments',
    'bb pr view feature/login',
    '# open it in the browser',
    'bb pr view 42 --web',
    'bb pr view 42 --json id,title,state,reviewers --jq .reviewers[].nickname',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'comments', short: 'c', type: 'boolean', description: 'also show the comments, threaded' },
    { name: 'web', short: 'w', type: 'boolean', description: 'open the pull request in the browser' },
  ],
  operations: [OP.prGet, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests',
  ],
  conditional: [{ flag: 'comments', operations: [OP.prComments], source: 'lists the comments' }],
  repo: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const pr = await p.getPullRequest(repo, id);
    if (input.flags.web) {
      await openInBrowser(ctx, pr.url ?? '', { announce: true });
      return 0;
    }
    await printItem(ctx, input, pr, {
      toJson: domainPrJson,
      human: async () => {
        const io = ctx.io;
        const reviewers = pr.reviewers.map((r) => `${accountName(r)} (${r.state})`).join(', ');
        const body = pr.body.trim();
        if (io.stdoutIsTTY) {
          const state = domainState(pr);
          const color = state === 'MERGED' ? 'magenta' : state === 'OPEN' ? 'green' : state === 'DRAFT' ? 'gray' : 'red';
          writeOut(io, `${pr.title} #${pr.id}\n`);
          io.out.write(`${colorize(io, color, state)} • `);
          writeOut(io, `${accountName(pr.author)} wants to merge ${domainBranchLabel(pr)} • updated ${timeAgo(pr.updatedAt ?? undefined, ctx.now())}\n`);
          if (reviewers) writeOut(io, `Reviewers: ${reviewers}\n`);
          if (pr.commentCount || pr.taskCount) io.out.write(`Comments: ${pr.commentCount}   Open tasks: ${pr.taskCount}\n`);
          if (body) writeOut(io, `\n${body}\n\n`);
          else io.out.write(`\n${colorize(io, 'gray', 'No description provided')}\n\n`);
        } else {
          printFields(io, [
            ['title', pr.title],
            ['state', domainState(pr)],
            ['author', accountName(pr.author)],
            ['reviewers', reviewers],
            ['id', String(pr.id)],
            ['head', pr.headRefName ?? undefined],
            ['base', pr.baseRefName ?? undefined],
            ['url', pr.url ?? ''],
          ]);
          writeOut(io, `--\n${body}\n`);
        }
        if (input.flags.comments) {
          const comments = await p.listPullRequestComments(repo, id);
          if (io.stdoutIsTTY) io.out.write(`${colorize(io, 'bold', `${comments.length} comment${comments.length === 1 ? '' : 's'}`)}\n\n`);
          printThreads(ctx, comments);
        }
        if (io.stdoutIsTTY) io.out.write(`${colorize(io, 'gray', `View this pull request on Bitbucket: ${sanitize(pr.url ?? '', { singleLine: true })}`)}\n`);
      },
    });
    return 0;
  },
});
