import { BbError } from '../../../core/errors.js';
import { printItem, status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, editText } from '../editor.js';
import { COMMENT_JSON_FIELDS, CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';
import { COMMENT_ARG, commentId, domainCommentJson } from './comment.js';

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
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
  ],
  conditional: [{ flag: 'editor', operations: [OP.prCommentGet], source: 'reads the current text to edit it' }],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const cid = commentId(input);
    let text = await bodyFromFlags(ctx, input);
    if (input.flags.editor) {
      const current = await p.getPullRequestComment(repo, id, cid);
      text = await editText(ctx, text ?? current.body);
    }
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the new text is empty', { hints: ['pass --body, --body-file or --editor'] });
    const w = await p.editPullRequestComment(repo, id, cid, text);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const updated = await w.send();
    await printItem(ctx, input, updated, { toJson: domainCommentJson, human: () => status(ctx, `✓ Edited comment #${cid} on pull request #${id}`) });
    return 0;
  },
});
