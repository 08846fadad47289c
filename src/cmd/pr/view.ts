import { printItem, status } from '../../output/command-output.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { sanitize } from '../../output/sanitize.js';
import { printFields, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { listComments, printThreads } from './comments/shared.js';
import { branchLabel, getPr, OP, PR_JSON_FIELDS, prState, prToJson, prUrl, resolvePrId, reviewersOf, userName } from './shared.js';

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
  args: [{ name: 'pr', description: 'number, URL or source branch (default: the current branch)' }],
  flags: [
    { name: 'comments', short: 'c', type: 'boolean', description: 'also show the comments, threaded' },
    { name: 'web', short: 'w', type: 'boolean', description: 'open the pull request in the browser' },
  ],
  operations: [OP.prGet, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}'],
  conditional: [{ flag: 'comments', operations: [OP.prComments], source: 'lists the comments' }],
  repo: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = await resolvePrId(ctx, repo, input.args.pr);
    const pr = await getPr(ctx, repo, id);
    if (input.flags.web) {
      const url = prUrl(pr);
      status(ctx, `Opening ${url} in your browser.`);
      await (await ctx.browser()).open(url);
      return 0;
    }
    await printItem(ctx, input, pr, {
      toJson: prToJson,
      human: async () => {
        const io = ctx.io;
        const reviewers = reviewersOf(pr)
          .map((r) => `${userName(r.user)} (${r.state})`)
          .join(', ');
        const body = (pr.description ?? '').trim();
        if (io.stdoutIsTTY) {
          const state = prState(pr);
          const color = state === 'MERGED' ? 'magenta' : state === 'OPEN' ? 'green' : state === 'DRAFT' ? 'gray' : 'red';
          writeOut(io, `${pr.title ?? ''} #${pr.id}\n`);
          io.out.write(`${colorize(io, color, state)} • `);
          writeOut(io, `${userName(pr.author)} wants to merge ${branchLabel(pr)} • updated ${timeAgo(pr.updated_on, ctx.now())}\n`);
          if (reviewers) writeOut(io, `Reviewers: ${reviewers}\n`);
          if (pr.comment_count || pr.task_count) io.out.write(`Comments: ${pr.comment_count ?? 0}   Open tasks: ${pr.task_count ?? 0}\n`);
          if (body) writeOut(io, `\n${body}\n\n`);
          else io.out.write(`\n${colorize(io, 'gray', 'No description provided')}\n\n`);
        } else {
          printFields(io, [
            ['title', pr.title],
            ['state', prState(pr)],
            ['author', userName(pr.author)],
            ['reviewers', reviewers],
            ['id', String(pr.id)],
            ['head', pr.source?.branch?.name],
            ['base', pr.destination?.branch?.name],
            ['url', prUrl(pr)],
          ]);
          writeOut(io, `--\n${body}\n`);
        }
        if (input.flags.comments) {
          const comments = await listComments(ctx, repo, id);
          if (io.stdoutIsTTY) io.out.write(`${colorize(io, 'bold', `${comments.length} comment${comments.length === 1 ? '' : 's'}`)}\n\n`);
          printThreads(ctx, comments);
        }
        if (io.stdoutIsTTY) io.out.write(`${colorize(io, 'gray', `View this pull request on Bitbucket: ${sanitize(prUrl(pr), { singleLine: true })}`)}\n`);
      },
    });
    return 0;
  },
});
