import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { accountName } from '../present.js';
import { CLOUD_PR_OP as OP, USER_BY_NAME } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';

export default defineCommand({
  path: ['pr', 'reviewers', 'add'],
  summary: 'Add reviewers to a pull request',
  description:
    'Users are nicknames, uuids ({…}) or account ids (Data Center: user slugs); @me is you. On Cloud the pull request is updated with its full reviewer list (PUT), title and description unchanged; on Data Center each user is added as a REVIEWER participant.',
  examples: [
    'bb pr reviewers add 42 alice bob',
    '# yourself',
    'bb pr reviewers add 42 @me',
    'bb pr reviewers add 42 "{6a1f7c2e-5b1d-4c3a-9e8f-0123456789ab}" --dry-run',
  ],
  args: [PR_ARG_REQUIRED, { name: 'users', description: 'nicknames, uuids or account ids', required: true, variadic: true }],
  // the pull request, by number (or by branch: the list); who the users are depends on how they are given
  operations: [OP.prGet, OP.prUpdate, OP.prList],
  conditional: [
    { arg: 'users', values: ['@me'], operations: [OP.user], source: '@me is resolved with GET /user' },
    {
      arg: 'users',
      pattern: USER_BY_NAME,
      patternLabel: 'NAME',
      operations: [OP.members],
      source:
        "a nickname or display name (not @me, a {uuid} or an account id) that is not among the pull request's participants is looked up among the workspace members",
    },
  ],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'GET /api/latest/users/{userSlug}',
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const pr = await p.getPullRequest(repo, id);
    const w = await p.setReviewers(repo, pr, (input.args.users as string[] | undefined) ?? [], []);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const updated = await w.send();
    const names = updated.requested.map((r) => accountName(r)).join(', ') || '(none)';
    status(ctx, `✓ Added ${w.changed} reviewer${w.changed === 1 ? '' : 's'} on pull request #${id}; reviewers now: ${names}`);
    return 0;
  },
});
