import { sendWrite } from '../../shared/lost-answer.js';
import { BbError } from '../../../core/errors.js';
import { printItem, status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, editText } from '../editor.js';
import { COMMENT_JSON_FIELDS, CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { domainCommentJson, findComment } from './comment.js';

export default defineCommand({
  path: ['pr', 'comments', 'reply'],
  summary: 'Reply to a comment on a pull request',
  description: 'Adds a reply under a comment (given as the second argument or with --parent); a reply to an inline comment stays on its line.',
  examples: ['bb pr comments reply 42 1337 --body "Fixed in 3f2a9c1"', 'bb pr comments reply 42 --parent 1337 --body-file reply.md'],
  args: [PR_ARG_REQUIRED, { name: 'comment', description: 'the comment to reply to (or --parent)' }],
  flags: [
    { name: 'parent', short: 'p', type: 'number', valueName: 'COMMENT', description: 'the comment to reply to' },
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the reply (Markdown)' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the reply from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'write the reply in $VISUAL / $EDITOR' },
  ],
  operations: [OP.prCommentAdd, OP.prList, OP.prComments],
  dcOperations: [
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/activities',
  ],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { parent?: number; editor?: boolean };
    const positional = input.args.comment as string | undefined;
    if (positional !== undefined && f.parent !== undefined) throw new BbError('INVALID_ARGUMENT', 'give the comment once: as an argument or with --parent');
    const parent = f.parent ?? (positional !== undefined ? Number(positional.replace(/^#/, '')) : undefined);
    if (parent === undefined || !Number.isSafeInteger(parent) || parent < 1) {
      throw new BbError('INVALID_ARGUMENT', positional ? `"${positional}" is not a comment id` : 'which comment? pass its id', {
        hints: ['bb pr comments list shows the ids'],
      });
    }
    let text = await bodyFromFlags(ctx, input);
    if (f.editor) text = await editText(ctx, text ?? '');
    if (text === undefined && ctx.io.canPrompt) text = await ctx.prompter.input('Reply:');
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the reply is empty', { hints: ['pass --body, --body-file or --editor'] });
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.addPullRequestComment(repo, id, { body: text, parent });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const created = await sendWrite(ctx, () => w.send(), {
      what: `the reply to comment #${parent} on pull request #${id}`,
      check: `bb pr comments list ${id}`,
      readBack: (sentAt) => findComment(p, repo, id, { body: text, parent }, sentAt),
    });
    await printItem(ctx, input, created, {
      toJson: domainCommentJson,
      human: () => {
        status(ctx, `✓ Replied to comment #${parent} on pull request #${id} (comment #${created.id})`);
        if (created.url) ctx.io.out.write(`${created.url}\n`);
      },
    });
    return 0;
  },
});
