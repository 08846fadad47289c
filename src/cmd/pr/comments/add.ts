import { must } from '../../../api/client.js';
import { BbError } from '../../../errors.js';
import { printItem, status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, type Comment, editText, notFound, OP, PR_ARG, prTarget } from '../shared.js';
import { COMMENT_JSON_FIELDS, commentToJson } from './shared.js';

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
  ],
  operations: [OP.prCommentAdd, OP.prList],
  dcOperations: ['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/comments'],
  repo: true,
  write: true,
  json: COMMENT_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { file?: string; line?: number; oldLine?: number; editor?: boolean };
    let text = await bodyFromFlags(ctx, input);
    if (f.editor) text = await editText(ctx, text ?? '');
    if (text === undefined && ctx.io.canPrompt) text = await ctx.prompter.input('Comment:');
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body, --body-file or --editor'] });
    if ((f.line !== undefined || f.oldLine !== undefined) && !f.file) throw new BbError('INVALID_ARGUMENT', '--line needs --file');
    const { repo, id, params } = await prTarget(ctx, input);
    const body: Record<string, unknown> = { type: 'pullrequest_comment', content: { raw: text } };
    if (f.file) {
      const inline: Record<string, unknown> = { path: f.file };
      if (f.line !== undefined) inline.to = f.line;
      if (f.oldLine !== undefined) inline.from = f.oldLine;
      body.inline = inline;
    }
    if (dryRun(ctx, input, { operation: OP.prCommentAdd, params, body })) return 0;
    const api = await ctx.api();
    const created = await api
      .POST('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments', { params: { path: params }, body: body as never })
      .then((r) => must(r) as unknown as Comment)
      .catch((e) => {
        throw notFound(e, `pull request #${id} not found in ${repo.workspace}/${repo.repo}`);
      });
    await printItem(ctx, input, created, {
      toJson: commentToJson,
      human: () => {
        status(ctx, `✓ Added comment #${created.id} to pull request #${id}${f.file ? ` on ${f.file}${f.line ? `:${f.line}` : ''}` : ''}`);
        if (created.links?.html?.href) ctx.io.out.write(`${created.links.html.href}\n`);
      },
    });
    return 0;
  },
});
