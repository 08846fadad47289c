import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { defineCommand } from '../../define.js';
import { BODY_FLAGS } from '../../issue/create.js';
import { bodyFromFlags } from '../../pr/editor.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { notFound, OP, snippetTarget, WORKSPACE_FLAG } from '../target.js';
import { requireBody, SNIPPET_COMMENT_JSON_FIELDS, type SnippetComment, snippetCommentJson } from './comment.js';

export default defineCommand({
  path: ['snippet', 'comments', 'add'],
  summary: 'Comment on a snippet',
  description:
    'Adds a comment to the snippet; the text comes from --body or --body-file (- reads standard input). --reply-to ID makes it a reply. Prints the URL of the comment.',
  examples: [
    'bb snippet comments add kypj --body "Works for me"',
    'bb snippet comments add kypj --reply-to 3 --body-file reply.md',
    'bb snippet comments add kypj --body "LGTM" --dry-run',
  ],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }],
  flags: [WORKSPACE_FLAG, ...BODY_FLAGS, { name: 'reply-to', type: 'number', valueName: 'ID', description: 'reply to this comment' }],
  write: true,
  json: SNIPPET_COMMENT_JSON_FIELDS,
  operations: [OP.commentAdd],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const text = requireBody(await bodyFromFlags(ctx, input));
    const parent = input.flags.replyTo as number | undefined;
    if (parent !== undefined && !(Number.isInteger(parent) && parent > 0)) {
      throw new BbError('INVALID_ARGUMENT', `--reply-to ${parent} is not a comment ID: expected a positive number`, {
        hints: ['list the comments with `bb snippet comments list SNIPPET`'],
      });
    }
    const body: Record<string, unknown> = { content: { raw: text } };
    if (parent !== undefined) body.parent = { id: parent };
    if (dryRun(ctx, input, { operation: OP.commentAdd, params: target, body })) return 0;
    const api = await ctx.api();
    let c: SnippetComment;
    try {
      c = must(await api.POST('/snippets/{workspace}/{encoded_id}/comments', { params: { path: target }, body: body as never })) as unknown as SnippetComment;
    } catch (e) {
      throw notFound(e, `snippet ${target.encoded_id} in ${target.workspace}`);
    }
    status(ctx, `✓ Commented on snippet ${target.encoded_id} (comment ${c.id})`);
    await printItem(ctx, input, c, {
      toJson: snippetCommentJson,
      human: () => {
        if (c.links?.html?.href) ctx.io.out.write(`${c.links.html.href}\n`);
      },
    });
    return 0;
  },
});
