import { must } from '../../../api/client.js';
import { BbError } from '../../../errors.js';
import { printItem, status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, type Comment, editText, notFound, OP, PR_ARG_REQUIRED, prTarget } from '../shared.js';
import { COMMENT_ARG, COMMENT_JSON_FIELDS, commentId, commentToJson } from './shared.js';

export default defineCommand({
  path: ['pr', 'comments', 'edit'],
  summary: 'Change the text of a comment on a pull request',
  examples: ['bb pr comments edit 42 1337 --body "Fixed the typo"', '# start from the current text in $EDITOR', 'bb pr comments edit 42 1337 --editor'],
  args: [PR_ARG_REQUIRED, COMMENT_ARG],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the new text (Markdown)' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the new text from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'edit the current text in $VISUAL / $EDITOR' },
  ],
  operations: [OP.prCommentEdit, OP.prList],
  dcOperations: ['GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}', 'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}'],
  conditional: [{ flag: 'editor', operations: [OP.prCommentGet], source: 'reads the current text to edit it' }],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const { id, params } = await prTarget(ctx, input);
    const cid = commentId(input);
    const path = { ...params, comment_id: cid };
    const missing = (e: unknown) => notFound(e, `comment #${cid} not found on pull request #${id}`);
    const api = await ctx.api();
    let text = await bodyFromFlags(ctx, input);
    if (input.flags.editor) {
      const current = await api
        .GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', { params: { path } })
        .then((r) => must(r) as unknown as Comment)
        .catch((e) => {
          throw missing(e);
        });
      text = await editText(ctx, text ?? current.content?.raw ?? '');
    }
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the new text is empty', { hints: ['pass --body, --body-file or --editor'] });
    const body = { type: 'pullrequest_comment', content: { raw: text } };
    if (dryRun(ctx, input, { operation: OP.prCommentEdit, params: path, body })) return 0;
    const updated = await api
      .PUT('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}', { params: { path }, body: body as never })
      .then((r) => must(r) as unknown as Comment)
      .catch((e) => {
        throw missing(e);
      });
    await printItem(ctx, input, updated, { toJson: commentToJson, human: () => status(ctx, `✓ Edited comment #${cid} on pull request #${id}`) });
    return 0;
  },
});
