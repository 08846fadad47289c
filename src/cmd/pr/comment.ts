import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { COMMENT_JSON_FIELDS, type PrComment } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { domainCommentJson, postComment } from './comments/comment.js';
import { bodyFromFlags, editText } from './editor.js';
import { CLOUD_PR_OP as OP } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

/**
 * gh's `pr comment`: a general comment (what `bb pr comments add` does without --file), or with --edit-last a new
 * text for your latest comment on the pull request. `bb pr comments …` has the rest (inline comments, replies, tasks).
 */
export default defineCommand({
  path: ['pr', 'comment'],
  summary: 'Add a comment to a pull request, or edit your last one',
  description:
    "gh's `pr comment`. Adds a general comment to the pull request (`bb pr comments add` does the same, and inline comments with --file/--line). With --edit-last it replaces the text of your most recent comment on the pull request instead (with --editor, starting from its current text).",
  examples: [
    'bb pr comment 42 --body "Looks good"',
    'git log -1 --format=%B | bb pr comment 42 --body-file -',
    '# fix a typo in what you just wrote',
    'bb pr comment 42 --edit-last --body "Looks good to me"',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the comment (Markdown)' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the comment from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'write the comment in $VISUAL / $EDITOR' },
    { name: 'edit-last', type: 'boolean', description: 'edit your most recent comment on the pull request instead of adding one' },
  ],
  // the comments are read back only when the answer to the POST is lost (src/cmd/shared/lost-answer.ts)
  operations: [OP.prCommentAdd, OP.prList, OP.prComments],
  dcOperations: [
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/activities',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments/{commentId}',
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
  ],
  conditional: [
    {
      flag: 'edit-last',
      operations: [OP.prComments, OP.prCommentEdit, OP.user],
      source: 'finds your latest comment (GET /user, the comments) and replaces its text',
    },
  ],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { editor?: boolean; editLast?: boolean };
    let text = await bodyFromFlags(ctx, input);
    const { repo, id, p } = await prContext(ctx, input);
    if (f.editLast) {
      const [me, comments] = await Promise.all([p.currentUser(), p.listPullRequestComments(repo, id)]);
      const mine = (c: PrComment) => !c.deleted && c.author !== null && (c.author.uuid ?? c.author.nickname) === (me.uuid ?? me.nickname);
      const last = comments
        .filter(mine)
        .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id - b.id)
        .pop();
      if (!last)
        throw new BbError('INVALID_ARGUMENT', `you have no comment on pull request #${id} to edit`, { hints: [`add one: bb pr comment ${id} --body TEXT`] });
      if (f.editor) text = await editText(ctx, text ?? last.body);
      if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the new text is empty', { hints: ['pass --body, --body-file or --editor'] });
      const w = await p.editPullRequestComment(repo, id, last.id, text);
      if (await dryRunWrite(ctx, input, w)) return 0;
      const updated = await w.send();
      await printItem(ctx, input, updated, {
        toJson: domainCommentJson,
        human: () => {
          status(ctx, `✓ Edited comment #${last.id} on pull request #${id}`);
          if (updated.url) ctx.io.out.write(`${updated.url}\n`);
        },
      });
      return 0;
    }
    if (f.editor) text = await editText(ctx, text ?? '');
    if (text === undefined && ctx.io.canPrompt) text = await ctx.prompter.input('Comment:');
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body, --body-file or --editor'] });
    return postComment(ctx, input, { repo, id, p }, { body: text });
  },
});
