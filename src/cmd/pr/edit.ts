import { BbError } from '../../errors.js';
import { printItem, status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import {
  accountRef,
  bodyFromFlags,
  dedupeRefs,
  editText,
  getPr,
  OP,
  PR_ARG,
  PR_JSON_FIELDS,
  prTarget,
  prToJson,
  prUrl,
  putPr,
  refKey,
  resolveUsers,
  updateBody,
  type UserRef,
} from './shared.js';

export default defineCommand({
  path: ['pr', 'edit'],
  summary: 'Edit the title, description, base branch or reviewers of a pull request',
  description:
    'Changes only what the flags name; the rest is sent back unchanged (Bitbucket replaces fields left out of a PUT). Reviewers are nicknames, uuids ({…}) or account ids.',
  examples: [
    'bb pr edit 42 --title "Fix the login redirect"',
    'bb pr edit 42 --body-file notes.md',
    '# retarget the pull request',
    'bb pr edit 42 --base release/2.0',
    'bb pr edit 42 --add-reviewer alice --add-reviewer "{1c2d…}" --remove-reviewer bob',
    '# the description in $EDITOR',
    'bb pr edit --editor',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'title', short: 't', type: 'string', valueName: 'TITLE', description: 'new title' },
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: 'new description' },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: 'read the new description from a file (- for stdin)' },
    { name: 'editor', short: 'e', type: 'boolean', description: 'edit the description in $VISUAL / $EDITOR' },
    { name: 'base', short: 'B', type: 'string', valueName: 'BRANCH', description: 'new destination branch' },
    { name: 'add-reviewer', type: 'list', valueName: 'USER', description: 'add reviewers (repeatable, or comma-separated)' },
    { name: 'remove-reviewer', type: 'list', valueName: 'USER', description: 'remove reviewers (repeatable, or comma-separated)' },
  ],
  operations: [OP.prGet, OP.prUpdate, OP.prList],
  conditional: [
    { flag: 'add-reviewer', operations: [OP.members], source: 'nicknames are looked up among the workspace members' },
    { flag: 'remove-reviewer', operations: [OP.members], source: 'nicknames are looked up among the workspace members' },
    { flag: 'add-reviewer', values: ['@me'], operations: [OP.user], source: '@me is resolved with GET /user' },
  ],
  repo: true,
  write: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { title?: string; base?: string; editor?: boolean; addReviewer?: string[]; removeReviewer?: string[] };
    const { repo, id, params } = await prTarget(ctx, input);
    const pr = await getPr(ctx, repo, id);
    const change: Record<string, unknown> = {};
    if (f.title !== undefined) {
      if (!f.title.trim()) throw new BbError('INVALID_ARGUMENT', 'the title cannot be empty');
      change.title = f.title;
    }
    let body = await bodyFromFlags(ctx, input);
    if (f.editor) body = await editText(ctx, body ?? pr.description ?? '');
    if (body !== undefined) change.description = body;
    if (f.base) change.destination = { branch: { name: f.base } };
    if (f.addReviewer?.length || f.removeReviewer?.length) {
      const known = [...(pr.reviewers ?? []), ...(pr.participants ?? []).flatMap((p) => (p.user ? [p.user] : []))];
      const current: UserRef[] = (pr.reviewers ?? []).flatMap((r) => accountRef(r) ?? []);
      const add = await resolveUsers(ctx, repo.workspace, f.addReviewer ?? [], known);
      const remove = new Set((await resolveUsers(ctx, repo.workspace, f.removeReviewer ?? [], known)).map(refKey));
      change.reviewers = dedupeRefs([...current, ...add]).filter((r) => !remove.has(refKey(r)));
    }
    if (Object.keys(change).length === 0) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', {
        hints: ['pass --title, --body, --body-file, --editor, --base, --add-reviewer or --remove-reviewer'],
      });
    }
    const request = updateBody(pr, change);
    if (dryRun(ctx, input, { operation: OP.prUpdate, params, body: request })) return 0;
    const updated = await putPr(ctx, params, request);
    await printItem(ctx, input, updated, {
      toJson: prToJson,
      human: () => {
        status(ctx, `✓ Edited pull request #${id} in ${repo.workspace}/${repo.repo}`);
        if (prUrl(updated)) ctx.io.out.write(`${prUrl(updated)}\n`);
      },
    });
    return 0;
  },
});
