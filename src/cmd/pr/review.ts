import { BbError } from '../../core/errors.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { CLOUD_PR_OP as OP, type ReviewVerdict } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { status } from '../shared/print.js';
import { bodyFromFlags, editText } from './editor.js';
import { PR_ARG, prContext } from './finder.js';

const PR = '/api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}';

/**
 * gh's `pr review`: approve, request changes or comment, with the review's text as a comment; --submit publishes the
 * comments left pending (`bb pr comments add --pending`) in the same step.
 */
export default defineCommand({
  path: ['pr', 'review'],
  summary: 'Review a pull request: approve, request changes or comment',
  description: [
    "gh's `pr review`. Give one of --approve, --request-changes (Data Center: needs work) or --comment. A body (--body, --body-file or --editor) is posted as a comment with the review; --comment needs one.",
    'With --submit, the comments you left pending (`bb pr comments add --pending`) are published too. Bitbucket Cloud has no operation that publishes a review: bb updates each of your pending comments with `pending: false` (the comment update the API documents), then sets your review state and posts the body. Data Center finishes the review in one request (PUT …/review), which publishes the pending comments, posts the body and sets your status.',
  ].join('\n\n'),
  examples: [
    'bb pr review 42 --approve',
    'bb pr review 42 --request-changes --body "Please add tests for the empty case"',
    '# a review comment from a file',
    'bb pr review 42 --comment --body-file review.md',
    '# publish the comments you left pending, and approve',
    'bb pr review 42 --approve --submit',
  ],
  args: [PR_ARG],
  flags: [
    { name: 'approve', short: 'a', type: 'boolean', description: 'approve the pull request' },
    { name: 'request-changes', short: 'r', type: 'boolean', description: 'request changes (Data Center: mark it "needs work")' },
    { name: 'comment', short: 'c', type: 'boolean', description: 'comment without approving or requesting changes (needs a body)' },
    { name: 'body', short: 'b', type: 'string', valueName: 'TEXT', description: "the review's text (Markdown), posted as a comment" },
    { name: 'body-file', short: 'F', type: 'string', valueName: 'FILE', description: "read the review's text from a file (- for stdin)" },
    { name: 'editor', short: 'e', type: 'boolean', description: "write the review's text in $VISUAL / $EDITOR" },
    { name: 'submit', type: 'boolean', description: 'publish your pending comments with the review' },
  ],
  // --submit goes with any form: the comments list and the update that publishes a pending comment (read scope only)
  operations: [OP.prList, OP.prComments, OP.prCommentEdit],
  dcOperations: [
    'GET /api/latest/users',
    'GET /api/latest/users/{userSlug}',
    `PUT ${PR}/participants/{userSlug}`,
    `POST ${PR}/comments`,
    `GET ${PR}/review`,
    `PUT ${PR}/review`,
  ],
  conditional: [
    { flag: 'approve', operations: [OP.prApprove], source: 'POST approve' },
    { flag: 'request-changes', operations: [OP.prRequestChanges], source: 'POST request-changes' },
    { flag: 'body', operations: [OP.prCommentAdd], source: "the review's text is posted as a comment" },
    { flag: 'body-file', operations: [OP.prCommentAdd], source: "the review's text is posted as a comment" },
    { flag: 'editor', operations: [OP.prCommentAdd], source: "the review's text is posted as a comment" },
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const f = input.flags as { approve?: boolean; requestChanges?: boolean; comment?: boolean; editor?: boolean; submit?: boolean };
    const chosen = (['approve', 'request-changes', 'comment'] as const).filter((v) =>
      v === 'approve' ? f.approve : v === 'request-changes' ? f.requestChanges : f.comment,
    );
    if (chosen.length > 1)
      throw new BbError('INVALID_ARGUMENT', `choose one of --${chosen.join(', --')}`, { hints: ['a review approves, requests changes or comments'] });
    const verdict: ReviewVerdict | undefined = chosen[0];
    if (!verdict && !f.submit)
      throw new BbError('INVALID_ARGUMENT', 'give --approve, --request-changes or --comment', {
        hints: ['bb pr review 42 --approve', 'bb pr review 42 --comment --body "…"', 'to publish your pending comments only: bb pr review 42 --submit'],
      });
    let body = await bodyFromFlags(ctx, input);
    if (f.editor) body = await editText(ctx, body ?? '');
    if (body !== undefined && !body.trim())
      throw new BbError('INVALID_ARGUMENT', "the review's text is empty", { hints: ['leave out --body, or write something'] });
    if (verdict === 'comment' && body === undefined && !f.submit)
      throw new BbError('INVALID_ARGUMENT', '--comment needs a body', { hints: ['pass --body, --body-file or --editor'] });
    const { repo, id, p } = await prContext(ctx, input);
    const w = await p.submitReview(repo, id, { verdict, body, publishPending: Boolean(f.submit) });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const result = await w.send();
    const where = `pull request #${id} in ${repo.workspace}/${repo.repo}`;
    const said =
      verdict === 'approve'
        ? `Approved ${where}`
        : verdict === 'request-changes'
          ? `Requested changes on ${where}`
          : body !== undefined
            ? `Commented on ${where}`
            : `Submitted your review of ${where}`;
    status(ctx, `✓ ${said}`);
    if (f.submit) {
      const n = result.published;
      status(ctx, n === null ? '  published your pending comments' : `  published ${n} pending comment${n === 1 ? '' : 's'}`);
    }
    if (result.comment) status(ctx, `  comment #${result.comment.id}${result.comment.url ? `: ${result.comment.url}` : ''}`);
    return 0;
  },
});
