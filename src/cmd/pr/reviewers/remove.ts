import { status } from '../../shared/print.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { defineCommand } from '../../define.js';
import { accountName } from '../present.js';
import { CLOUD_PR_OP as OP } from '../../../provider/pullrequests.js';
import { PR_ARG_REQUIRED, prContext } from '../finder.js';

export default defineCommand({
  path: ['pr', 'reviewers', 'remove'],
  summary: 'Remove reviewers from a pull request',
  description:
    'Users are nicknames, uuids ({…}) or account ids (Data Center: user slugs); @me is you. Each must be one of the reviewers (a name is found among them). On Cloud the pull request is updated with its full reviewer list (PUT), title and description unchanged; on Data Center each user is removed from the participants.',
  examples: ['bb pr reviewers remove 42 bob', '# yourself', 'bb pr reviewers remove 42 @me', 'bb pr reviewers remove 42 alice bob --dry-run'],
  args: [PR_ARG_REQUIRED, { name: 'users', description: 'nicknames, uuids or account ids', required: true, variadic: true }],
  // names are found among the pull request's reviewers (no member lookup); @me is resolved with GET /user
  operations: [OP.prGet, OP.prUpdate, OP.prList],
  conditional: [{ arg: 'users', values: ['@me'], operations: [OP.user], source: '@me is resolved with GET /user' }],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'GET /api/latest/users/{userSlug}',
    'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/participants/{userSlug}',
  ],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, p } = await prContext(ctx, input);
    const pr = await p.getPullRequest(repo, id);
    const w = await p.setReviewers(repo, pr, [], (input.args.users as string[] | undefined) ?? []);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const updated = await w.send();
    const names = updated.requested.map((r) => accountName(r)).join(', ') || '(none)';
    status(ctx, `✓ Removed ${w.changed} reviewer${w.changed === 1 ? '' : 's'} on pull request #${id}; reviewers now: ${names}`);
    return 0;
  },
});
