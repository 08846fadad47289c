import { BbError } from '../../../core/errors.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, editText } from '../editor.js';
import { COMMENT_JSON_FIELDS, CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG, prContext } from '../finder.js';
import { postComment } from './comment.js';

export default defineCommand({
  path: ['pr', 'comments', 'add'],
  summary: 'Comment on a pull request, or on a line of one of its files',
  description:
    'Adds a comment to the pull request. With --file and --line it is an inline comment on that line of the new version of the file (--old-line: a removed line of the old version).',
  examples: [
    'bb pr comments add 42 --body "Looks good, one question below"',
    '# on line 17 of a file',
    'bb pr comments add 42 --file src/login.ts --line 17 --body "Can this be null?"',
    'git log -1 --format=%B | bb pr comments add 42 --body-file -',
    'bb pr comments add --editor',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the comment (Markdown)' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the comment from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'write the comment in $VISUAL / $EDITOR' },
    { name: 'file', type: 'string', valueName: 'PATH', description: 'comment on this file (inline comment)' },
    { name: 'line', type: 'number', valueName: 'N', description: 'line of the new version of --file' },
    { name: 'old-line', type: 'number', valueName: 'N', description: 'line of the old version of --file (a removed line)' },
    { name: 'task', type: 'boolean', description: 'Data Center: add it as a task (a blocker comment, which a merge check can require resolved)' },
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
    const f = input.flags as { file?: string; line?: number; oldLine?: number; editor?: boolean; task?: boolean };
    let text = await bodyFromFlags(ctx, input);
    if (f.editor) text = await editText(ctx, text ?? '');
    if (text === undefined && ctx.io.canPrompt) text = await ctx.prompter.input('Comment:');
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body, --body-file or --editor'] });
    if ((f.line !== undefined || f.oldLine !== undefined) && !f.file) throw new BbError('INVALID_ARGUMENT', '--line needs --file');
    const { repo, id, p } = await prContext(ctx, input);
    return postComment(ctx, input, { repo, id, p }, { body: text, path: f.file, line: f.line, oldLine: f.oldLine, task: f.task });
  },
});
