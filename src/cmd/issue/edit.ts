import { repoParams } from '../../api/path.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { bodyFromFlags } from '../pr/editor.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { BODY_FLAGS } from './create.js';
import { checkChoice, KINDS, PRIORITIES } from './fields.js';
import { ISSUE_JSON_FIELDS, issueJson } from './present.js';
import { ASSIGNEE_ME_RULE, assigneeRef, OP, parseIssueId, updateIssue, TRACKER_GONE } from './tracker.js';

export default defineCommand({
  path: ['issue', 'edit'],
  summary: 'Edit an issue',
  description: [
    'Changes the title, body, kind, priority or assignee of an issue; fields not given keep their value. --assignee "" unassigns.',
    TRACKER_GONE,
  ].join('\n\n'),
  examples: [
    'bb issue edit 12 --title "Login fails on Safari 17"',
    'bb issue edit 12 --priority critical --assignee @me',
    '# replace the body from a file; unassign',
    'bb issue edit 12 --body-file issue.md --assignee ""',
  ],
  args: [{ name: 'issue', description: 'issue number or URL', required: true }],
  flags: [
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'the new title' },
    ...BODY_FLAGS,
    { name: 'kind', short: 'k', type: 'string', valueName: 'KIND', description: KINDS.join(', ') },
    { name: 'priority', short: 'p', type: 'string', valueName: 'PRIORITY', description: PRIORITIES.join(', ') },
    { name: 'assignee', short: 'a', type: 'string', valueName: 'USER', description: '{uuid}, account id, @me, or "" to unassign' },
  ],
  repo: true,
  write: true,
  json: ISSUE_JSON_FIELDS,
  operations: [OP.update],
  conditional: [ASSIGNEE_ME_RULE],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const id = parseIssueId(input.args.issue);
    const text = await bodyFromFlags(ctx, input);
    const title = input.flags.title as string | undefined;
    if (title !== undefined && !title.trim()) throw new BbError('INVALID_ARGUMENT', 'the title cannot be empty');
    const kind = checkChoice('kind', input.flags.kind, KINDS);
    const priority = checkChoice('priority', input.flags.priority, PRIORITIES);
    const assignee = input.flags.dryRun && input.flags.assignee === '@me' ? { uuid: '{you}' } : await assigneeRef(ctx, input.flags.assignee);
    const body: Record<string, unknown> = {
      ...(title !== undefined ? { title: title.trim() } : {}),
      ...(text !== undefined ? { content: { raw: text } } : {}),
      ...(kind ? { kind } : {}),
      ...(priority ? { priority } : {}),
      ...(assignee !== undefined ? { assignee } : {}),
    };
    if (Object.keys(body).length === 0) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', { hints: ['pass --title, --body, --body-file, --kind, --priority or --assignee'] });
    }
    if (dryRun(ctx, input, { operation: OP.update, params: { ...repoParams(repo), issue_id: id }, body })) return 0;
    const issue = await updateIssue(ctx, repo, id, body);
    status(ctx, `✓ Edited issue #${id}`);
    await printItem(ctx, input, issue, { toJson: issueJson, human: () => void ctx.io.out.write(`${issue.links?.html?.href ?? `#${id}`}\n`) });
    return 0;
  },
});
