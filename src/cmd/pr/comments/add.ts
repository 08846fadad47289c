import { BbError } from '../../../core/errors.js';
import { defineCommand } from '../../define.js';
import { bodyFromFlags, editText } from '../editor.js';
import { COMMENT_JSON_FIELDS, CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG, prContext } from '../finder.js';
import { postComment } from './comment.js';

/** A ```suggestion block of `text`, fenced longer than any run of backticks in it (so the text cannot close it). */
export function suggestionBlock(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}suggestion\n${text.replace(/\n$/, '')}\n${fence}`;
}

export default defineCommand({
  path: ['pr', 'comments', 'add'],
  summary: 'Comment on a pull request, or on a line of one of its files',
  description: [
    'Adds a comment to the pull request. With --file and --line it is an inline comment on that line of the new version of the file (--side old, or --old-line: a removed line of the old version); with --start-line too, on the range of lines from --start-line to --line.',
    '--suggest (or --suggest-file) adds a ```suggestion block with the replacement for those lines, which Bitbucket offers to apply. --pending leaves the comment pending: only you see it until `bb pr review N --submit` publishes your review. --blocker (Data Center) makes it a blocker comment (a task), which a merge check can require resolved; Bitbucket Cloud has no blocker comments.',
  ].join('\n\n'),
  examples: [
    'bb pr comments add 42 --body "Looks good, one question below"',
    '# on line 17 of a file',
    'bb pr comments add 42 --file src/login.ts --line 17 --body "Can this be null?"',
    '# on lines 10 to 14, with a suggested replacement, left pending until your review is submitted',
    'bb pr comments add 42 --file src/login.ts --start-line 10 --line 14 --suggest-file fix.ts --pending',
    '# on a removed line',
    'bb pr comments add 42 --file src/old.ts --line 3 --side old --body "Why remove this?"',
    'git log -1 --format=%B | bb pr comments add 42 --body-file -',
    'bb pr comments add --editor',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the comment (Markdown)' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the comment from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'write the comment in $VISUAL / $EDITOR' },
    { name: 'file', type: 'string', valueName: 'PATH', description: 'comment on this file (inline comment)' },
    { name: 'line', type: 'number', valueName: 'N', description: 'line of --file (of its new version; --side old: of the old one); the last line of a range' },
    { name: 'side', type: 'string', valueName: 'SIDE', choices: ['new', 'old'], description: 'which version of the file --line is in (default new)' },
    { name: 'start-line', type: 'number', valueName: 'N', description: 'first line of a range of lines ending at --line' },
    { name: 'old-line', type: 'number', valueName: 'N', description: 'line of the old version of --file (a removed line)' },
    { name: 'suggest', type: 'string', valueName: 'TEXT', description: 'suggest this text in place of the lines (a ```suggestion block)' },
    { name: 'suggest-file', type: 'string', valueName: 'FILE', description: 'read the suggested text from a file (- for stdin)' },
    { name: 'pending', type: 'boolean', description: 'leave the comment pending, to publish with `bb pr review --submit`' },
    { name: 'blocker', type: 'boolean', description: 'Data Center: a blocker comment (a task, which a merge check can require resolved)' },
    { name: 'task', type: 'boolean', description: 'the same as --blocker' },
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
    const f = input.flags as {
      file?: string;
      line?: number;
      oldLine?: number;
      side?: 'new' | 'old';
      startLine?: number;
      suggest?: string;
      suggestFile?: string;
      pending?: boolean;
      blocker?: boolean;
      editor?: boolean;
      task?: boolean;
    };
    const bad = (message: string, hint: string) => new BbError('INVALID_ARGUMENT', message, { hints: [hint] });
    if (f.side !== undefined && f.line === undefined) throw bad('--side needs --line', 'bb pr comments add 42 --file PATH --line 3 --side old --body TEXT');
    if (f.side === 'old' && f.oldLine !== undefined) throw bad('--side old and --old-line both name the old line', 'give one of them');
    const line = f.side === 'old' ? undefined : f.line;
    const oldLine = f.side === 'old' ? f.line : f.oldLine;
    if ((line !== undefined || oldLine !== undefined) && !f.file) throw bad('--line needs --file', 'bb pr comments add 42 --file PATH --line N --body TEXT');
    if (f.startLine !== undefined) {
      const last = line ?? oldLine;
      if (last === undefined)
        throw bad('--start-line needs --line (the last line of the range)', 'bb pr comments add 42 --file PATH --start-line 10 --line 14 …');
      if (line !== undefined && oldLine !== undefined)
        throw bad('a range of lines is on one side: give --line or --old-line, not both', 'use --side old for the old version');
      if (!Number.isSafeInteger(f.startLine) || f.startLine < 1 || f.startLine > last)
        throw bad(`--start-line ${f.startLine} must be a line from 1 to --line (${last})`, 'a range runs from --start-line down to --line');
    }
    if (f.suggest !== undefined && f.suggestFile !== undefined) throw bad('--suggest and --suggest-file cannot be used together', 'give one of them');
    let suggestion: string | undefined = f.suggest;
    if (f.suggestFile !== undefined) {
      const { readInputText } = await import('../../../util/input.js');
      suggestion = await readInputText(ctx.io.in, f.suggestFile);
    }
    if (suggestion !== undefined && (line ?? oldLine) === undefined)
      throw bad('a suggestion replaces lines: it needs --file and --line', 'bb pr comments add 42 --file PATH --line N --suggest TEXT');
    if (suggestion !== undefined && line === undefined)
      throw bad('a suggestion replaces lines of the new version: give --line without --side old', 'bb pr comments add 42 --file PATH --line N --suggest TEXT');
    if (f.blocker && f.pending) throw bad('a blocker comment cannot be left pending', 'add it without --pending');
    let text = await bodyFromFlags(ctx, input);
    if (f.editor) text = await editText(ctx, text ?? '');
    if (text === undefined && suggestion === undefined && ctx.io.canPrompt) text = await ctx.prompter.input('Comment:');
    if (suggestion !== undefined) text = [text?.trimEnd(), suggestionBlock(suggestion)].filter(Boolean).join('\n\n');
    if (!text?.trim()) throw new BbError('INVALID_ARGUMENT', 'the comment is empty', { hints: ['pass --body, --body-file or --editor'] });
    const { repo, id, p } = await prContext(ctx, input);
    return postComment(
      ctx,
      input,
      { repo, id, p },
      { body: text, path: f.file, line, oldLine, startLine: f.startLine, task: f.task || f.blocker, pending: f.pending },
    );
  },
});
