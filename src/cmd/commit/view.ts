import { printItem } from '../shared/print.js';
import { openInBrowser } from '../shared/web.js';
import { provider } from '../../provider/index.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { printFields, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound } from '../../provider/errors.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { COMMIT_JSON_FIELDS } from './present.js';

export default defineCommand({
  path: ['commit', 'view'],
  summary: 'Show a commit',
  description: 'Shows the hash, author, date, parents and message of a commit (a hash, short hash, branch or tag).',
  examples: ['bb commit view 3f2a9c1', 'bb commit view main --json hash,subject', 'bb commit view 3f2a9c1 --web'],
  args: [{ name: 'commit', description: 'commit hash, branch, tag or commit URL', required: true, accepts: 'commit' }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the commit in the browser' }],
  operations: [OP.commitGet],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}'],
  repo: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const sha = String(input.args.commit);
    const c = await (await provider(ctx)).getCommit(repo, sha).catch((e) => {
      throw notFound(e, `commit ${sha} not found in ${repo.workspace}/${repo.repo}`);
    });
    if (input.flags.web) {
      await openInBrowser(ctx, c.url ?? '', { announce: true });
      return 0;
    }
    await printItem(ctx, input, c, {
      toJson: ({ authorName: _a, ...x }) => x,
      human: () => {
        const io = ctx.io;
        if (io.stdoutIsTTY) {
          io.out.write(`${colorize(io, 'yellow', `commit ${c.hash ?? ''}`)}\n`);
          writeOut(io, `Author: ${c.author ?? c.authorName}\nDate:   ${c.date ?? ''} (${timeAgo(c.date ?? undefined, ctx.now())})\n`);
          if (c.parents.length > 1) io.out.write(`Merge:  ${c.parents.map((p) => (p ?? '').slice(0, 7)).join(' ')}\n`);
          writeOut(
            io,
            `\n${(c.message ?? '')
              .trimEnd()
              .split('\n')
              .map((l) => `    ${l}`)
              .join('\n')}\n\n`,
          );
          if (c.url) writeOut(io, `${c.url}\n`);
        } else {
          printFields(io, [
            ['commit', c.hash ?? undefined],
            ['author', c.author ?? undefined],
            ['date', c.date ?? undefined],
            ['parents', c.parents.join(' ')],
            ['url', c.url ?? undefined],
          ]);
          io.out.write(`--\n${c.message ?? ''}${(c.message ?? '').endsWith('\n') ? '' : '\n'}`);
        }
      },
    });
    return 0;
  },
});
