import { must } from '../../../api/client.js';
import { defineCommand } from '../../define.js';
import { BODY_FLAGS } from '../../issue/create.js';
import { bodyFromFlags } from '../../pr/editor.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { OP, snippetTarget, WORKSPACE_FLAG } from '../target.js';
import { COMMENT_ARG, commentId, commentNotFound, requireBody, SNIPPET_COMMENT_JSON_FIELDS, type SnippetComment, snippetCommentJson } from './comment.js';

export default defineCommand({
  path: ['snippet', 'comments', 'edit'],
  summary: 'Change the text of a comment on a snippet',
  description: 'Replaces the text of your comment with --body or --body-file (- reads standard input). Only the author of a comment can edit it.',
  examples: ['bb snippet comments edit kypj 3 --body "Works for me on 2.1"', 'bb snippet comments edit kypj 3 --body-file - < reply.md'],
  args: [{ name: 'snippet', description: 'snippet ID or URL', required: true }, COMMENT_ARG],
  flags: [WORKSPACE_FLAG, ...BODY_FLAGS],
  write: true,
  json: SNIPPET_COMMENT_JSON_FIELDS,
  operations: [OP.commentEdit],
  async run(ctx, input) {
    const target = await snippetTarget(ctx, input);
    const cid = commentId(input);
    const text = requireBody(await bodyFromFlags(ctx, input));
    const params = { ...target, comment_id: cid };
    const body = { content: { raw: text } };
    if (dryRun(ctx, input, { operation: OP.commentEdit, params, body })) return 0;
    const api = await ctx.api();
    let c: SnippetComment;
    try {
      c = must(
        await api.PUT('/snippets/{workspace}/{encoded_id}/comments/{comment_id}', { params: { path: params as never }, body: body as never }),
      ) as unknown as SnippetComment;
    } catch (e) {
      throw commentNotFound(e, `comment ${cid} on snippet ${target.encoded_id}`);
    }
    status(ctx, `✓ Edited comment ${cid} on snippet ${target.encoded_id}`);
    await printItem(ctx, input, c, {
      toJson: snippetCommentJson,
      human: () => {
        if (c.links?.html?.href) ctx.io.out.write(`${c.links.html.href}\n`);
      },
    });
    return 0;
  },
});
