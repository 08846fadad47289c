import { BbError } from '../../core/errors.js';
import { CLOUD_COMMIT_COMMENT_OP as OP, DC_COMMIT_COMMENT_OP as DC } from '../../provider/commit-comments.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { notFound } from '../../provider/errors.js';
import { provider } from '../../provider/index.js';
import { COMMENT_JSON_FIELDS } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { domainCommentJson } from '../pr/comments/comment.js';
import { printItem, status } from '../shared/print.js';
import { BODY_FLAGS, COMMIT_ARG, commentBody } from './comments/shared.js';

export default defineCommand({
  path: ['commit', 'comment'],
  summary: 'Comment on a commit (or on a line of one of its files)',
  description:
    "Adds a comment to the discussion of a commit. With --file (and --line, a line of the commit's version of the file) the comment is on that file or line. `bb commit comments list` reads the discussion; `bb commit comments edit` and `bb commit comments delete` change it.",
  examples: [
    'bb commit comment 3f2a9c1 -b "This broke the nightly build"',
    'bb commit comment 3f2a9c1 --file src/app.ts --line 42 -b "Off by one?"',
    'git log -1 --format=%B | bb commit comment HEAD_SHA --body-file -',
  ],
  args: [COMMIT_ARG],
  flags: [
    ...BODY_FLAGS,
    { name: 'file', type: 'string', valueName: 'PATH', description: 'comment on this file of the commit' },
    { name: 'line', type: 'string', valueName: 'N', description: "on this line of --file (the commit's version)" },
  ],
  operations: [OP.add],
  dcOperations: [DC.add],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { file?: string; line?: string };
    let line: number | undefined;
    if (f.line !== undefined) {
      if (!f.file) throw new BbError('INVALID_ARGUMENT', '--line needs --file', { hints: ['for example: --file src/app.ts --line 42'] });
      line = Number(f.line);
      if (!Number.isSafeInteger(line) || line < 1)
        throw new BbError('INVALID_ARGUMENT', `--line ${f.line} is not a line number`, { hints: ['lines count from 1'] });
    }
    const body = await commentBody(ctx, input);
    const repo = await ctx.repo(input.flags.repo);
    const commit = String(input.args.commit);
    const w = await (await provider(ctx)).addCommitComment(repo, commit, { body, path: f.file, line });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const c = await w.send().catch((e) => {
      throw notFound(e, `commit ${commit} not found in ${repo.workspace}/${repo.repo}`);
    });
    await printItem(ctx, input, c, {
      toJson: domainCommentJson,
      human: () =>
        status(ctx, `✓ Commented on ${commit.slice(0, 12)}${f.file ? ` (${f.file}${line ? `:${line}` : ''})` : ''}: #${c.id}${c.url ? ` ${c.url}` : ''}`),
    });
    return 0;
  },
});
