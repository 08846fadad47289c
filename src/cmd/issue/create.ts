import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import type { RepoRef } from '../../git/remote.js';
import { requireFields } from '../../api/errors.js';
import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { bodyFromFlags } from '../pr/editor.js';
import { madeSince, sendWrite } from '../shared/lost-answer.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { checkChoice, KINDS, PRIORITIES } from './fields.js';
import { ISSUE_JSON_FIELDS, issueJson } from './present.js';
import { ASSIGNEE_ME_RULE, assigneeRef, type Issue, OP, trackerError, TRACKER_GONE } from './tracker.js';

export const BODY_FLAGS = [
  { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'the body (Markdown)' },
  { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the body from a file (- for standard input)' },
] as const;

export default defineCommand({
  path: ['issue', 'create'],
  summary: 'Create an issue',
  description: [
    "Creates an issue in the repository's issue tracker. The body comes from --body or --body-file (- reads standard input). Prints the new issue's URL.",
    TRACKER_GONE,
  ].join('\n\n'),
  examples: [
    'bb issue create --title "Login fails on Safari" --kind bug --priority major',
    '# the body from a file, assigned to yourself',
    'bb issue create --title "Release 2.0" --body-file notes.md --assignee @me',
    'echo "details" | bb issue create --title "Flaky test" --body-file -',
  ],
  flags: [
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'the title (required)' },
    ...BODY_FLAGS,
    { name: 'kind', short: 'k', type: 'string', valueName: 'KIND', description: `${KINDS.join(', ')} (default bug)` },
    { name: 'priority', short: 'p', type: 'string', valueName: 'PRIORITY', description: `${PRIORITIES.join(', ')} (default major)` },
    { name: 'assignee', short: 'a', type: 'string', valueName: 'USER', description: '{uuid}, account id or @me' },
  ],
  repo: true,
  write: true,
  json: ISSUE_JSON_FIELDS,
  operations: [OP.create, OP.list],
  conditional: [ASSIGNEE_ME_RULE],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const title = (input.flags.title as string | undefined)?.trim();
    if (!title) throw new BbError('INVALID_ARGUMENT', 'an issue needs a title', { hints: ['pass --title "…"'] });
    const text = await bodyFromFlags(ctx, input);
    const kind = checkChoice('kind', input.flags.kind, KINDS);
    const priority = checkChoice('priority', input.flags.priority, PRIORITIES);
    const assignee = input.flags.dryRun && input.flags.assignee === '@me' ? { uuid: '{you}' } : await assigneeRef(ctx, input.flags.assignee);
    const body = {
      title,
      ...(text !== undefined ? { content: { raw: text } } : {}),
      ...(kind ? { kind } : {}),
      ...(priority ? { priority } : {}),
      ...(assignee ? { assignee } : {}),
    };
    if (dryRun(ctx, input, { operation: OP.create, params: repoParams(repo), body })) return 0;
    const api = await ctx.api();
    let issue: Issue;
    try {
      issue = await sendWrite(
        ctx,
        async () =>
          must(await api.POST('/repositories/{workspace}/{repo_slug}/issues', { params: { path: repoParams(repo) }, body: body as never })) as unknown as Issue,
        { what: `the new issue "${title}"`, check: 'bb issue list', readBack: (sentAt) => findIssue(ctx, repo, title, text, sentAt) },
      );
    } catch (e) {
      throw trackerError(e, repo);
    }
    requireFields(issue, 'the issue', ['id'], OP.create);
    status(ctx, `✓ Created issue #${issue.id} in ${repo.workspace}/${repo.repo}`);
    await printItem(ctx, input, issue, { toJson: issueJson, human: () => void ctx.io.out.write(`${issue.links?.html?.href ?? `#${issue.id}`}\n`) });
    return 0;
  },
});

/** After a lost answer: the newest issue with this title (and text), made since the write was sent. */
async function findIssue(ctx: Context, repo: RepoRef, title: string, text: string | undefined, sentAt: Date): Promise<{ item: Issue; id: string } | undefined> {
  const recent = await paginate<Issue>(
    await ctx.http(),
    '/repositories/{workspace}/{repo_slug}/issues',
    repoParams(repo),
    { sort: '-created_on' },
    { limit: 50 },
  );
  const hit = recent.find((i) => i.title === title && (text === undefined || (i.content?.raw ?? '').trim() === text.trim()) && madeSince(i.created_on, sentAt));
  return hit ? { item: hit, id: `issue #${hit.id}` } : undefined;
}
