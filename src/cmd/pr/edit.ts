import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { defineCommand } from '../define.js';
import type { PullRequestChange } from '../../provider/pullrequests.js';
import { bodyFromFlags, editText } from './editor.js';
import { domainPrJson } from './present.js';
import { CLOUD_PR_OP as OP, PR_JSON_FIELDS, USER_BY_NAME } from '../../provider/pullrequests.js';
import { PR_ARG, prContext } from './finder.js';

export default defineCommand({
  path: ['pr', 'edit'],
  summary: 'Edit the title, description, base branch or reviewers of a pull request',
  description:
    "Changes only what the flags name; the rest is sent back unchanged (Bitbucket replaces fields left out of a PUT). Reviewers are nicknames, uuids ({…}) or account ids; @me is you. A reviewer to remove must be one of the pull request's reviewers.",
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
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
  ],
  conditional: [
    {
      flag: 'add-reviewer',
      pattern: USER_BY_NAME,
      patternLabel: 'NAME',
      operations: [OP.members],
      source:
        "a nickname or display name (not @me, a {uuid} or an account id) that is not among the pull request's participants is looked up among the workspace members",
    },
    { flag: 'add-reviewer', values: ['@me'], operations: [OP.user], source: '@me is resolved with GET /user' },
    // names to remove are found among the reviewers, with no member lookup
    { flag: 'remove-reviewer', values: ['@me'], operations: [OP.user], source: '@me is resolved with GET /user' },
  ],
  repo: true,
  write: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as { title?: string; base?: string; editor?: boolean; addReviewer?: string[]; removeReviewer?: string[] };
    const { repo, id, p } = await prContext(ctx, input);
    const pr = await p.getPullRequest(repo, id);
    const change: PullRequestChange = {};
    if (f.title !== undefined) {
      if (!f.title.trim()) throw new BbError('INVALID_ARGUMENT', 'the title cannot be empty');
      change.title = f.title;
    }
    let body = await bodyFromFlags(ctx, input);
    if (f.editor) body = await editText(ctx, body ?? pr.body);
    if (body !== undefined) change.body = body;
    if (f.base) change.base = f.base;
    if (f.addReviewer?.length || f.removeReviewer?.length) {
      change.addReviewers = f.addReviewer ?? [];
      change.removeReviewers = f.removeReviewer ?? [];
    }
    if (Object.keys(change).length === 0) {
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', {
        hints: ['pass --title, --body, --body-file, --editor, --base, --add-reviewer or --remove-reviewer'],
      });
    }
    const w = await p.updatePullRequest(repo, pr, change);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const updated = await w.send();
    await printItem(ctx, input, updated, {
      toJson: domainPrJson,
      human: () => {
        status(ctx, `✓ Edited pull request #${id} in ${repo.workspace}/${repo.repo}`);
        if (updated.url) ctx.io.out.write(`${updated.url}\n`);
      },
    });
    return 0;
  },
});
