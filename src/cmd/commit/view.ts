import { must } from '../../api/client.js';
import { printItem, status } from '../../output/command-output.js';
import { colorize, writeOut } from '../../output/iostreams.js';
import { printFields, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { notFound, OP, repoParams } from '../pr/shared.js';
import { authorName, COMMIT_JSON_FIELDS, type Commit, commitToJson } from './shared.js';

export default defineCommand({
  path: ['commit', 'view'],
  summary: 'Show a commit',
  description: 'Shows the hash, author, date, parents and message of a commit (a hash, short hash, branch or tag).',
  examples: ['bb commit view 3f2a9c1', 'bb commit view main --json hash,subject', 'bb commit view 3f2a9c1 --web'],
  args: [{ name: 'commit', description: 'commit hash, branch or tag', required: true }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the commit in the browser' }],
  operations: [OP.commitGet],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}'],
  repo: true,
  json: COMMIT_JSON_FIELDS,
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const sha = String(input.args.commit);
    const api = await ctx.api();
    const c = await api
      .GET('/repositories/{workspace}/{repo_slug}/commit/{commit}', { params: { path: { ...repoParams(repo), commit: sha } } })
      .then((r) => must(r) as unknown as Commit)
      .catch((e) => {
        throw notFound(e, `commit ${sha} not found in ${repo.workspace}/${repo.repo}`);
      });
    if (input.flags.web) {
      const url = c.links?.html?.href ?? '';
      status(ctx, `Opening ${url} in your browser.`);
      await (await ctx.browser()).open(url);
      return 0;
    }
    await printItem(ctx, input, c, {
      toJson: commitToJson,
      human: () => {
        const io = ctx.io;
        if (io.stdoutIsTTY) {
          io.out.write(`${colorize(io, 'yellow', `commit ${c.hash ?? ''}`)}\n`);
          writeOut(io, `Author: ${c.author?.raw ?? authorName(c)}\nDate:   ${c.date ?? ''} (${timeAgo(c.date, ctx.now())})\n`);
          if ((c.parents ?? []).length > 1) io.out.write(`Merge:  ${(c.parents ?? []).map((p) => (p.hash ?? '').slice(0, 7)).join(' ')}\n`);
          writeOut(
            io,
            `\n${(c.message ?? '')
              .trimEnd()
              .split('\n')
              .map((l) => `    ${l}`)
              .join('\n')}\n\n`,
          );
          if (c.links?.html?.href) writeOut(io, `${c.links.html.href}\n`);
        } else {
          printFields(io, [
            ['commit', c.hash],
            ['author', c.author?.raw],
            ['date', c.date],
            ['parents', (c.parents ?? []).map((p) => p.hash).join(' ')],
            ['url', c.links?.html?.href],
          ]);
          io.out.write(`--\n${c.message ?? ''}${(c.message ?? '').endsWith('\n') ? '' : '\n'}`);
        }
      },
    });
    return 0;
  },
});
