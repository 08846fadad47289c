import { BbError } from '../../../errors.js';
import { status } from '../../../output/command-output.js';
import { dryRun } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { accountRef, getPr, OP, PR_ARG_REQUIRED, prTarget, putPr, refKey, resolveUsers, updateBody, type UserRef, userName } from '../shared.js';

export default defineCommand({
  path: ['pr', 'reviewers', 'remove'],
  summary: 'Remove reviewers from a pull request',
  description:
    'Users are nicknames, uuids ({…}) or account ids; @me is you. The pull request is updated with its full reviewer list (PUT), title and description unchanged.',
  examples: ['bb pr reviewers remove 42 bob', 'bb pr reviewers remove 42 alice bob --dry-run'],
  args: [PR_ARG_REQUIRED, { name: 'users', description: 'nicknames, uuids or account ids', required: true, variadic: true }],
  // nicknames are looked up among the workspace members; @me is resolved with GET /user
  operations: [OP.prGet, OP.prUpdate, OP.members, OP.user, OP.prList],
  repo: true,
  write: true,
  async run(ctx, input) {
    const { repo, id, params } = await prTarget(ctx, input);
    const pr = await getPr(ctx, repo, id);
    const known = [...(pr.reviewers ?? []), ...(pr.participants ?? []).flatMap((p) => (p.user ? [p.user] : []))];
    const users = await resolveUsers(ctx, repo.workspace, (input.args.users as string[] | undefined) ?? [], known);
    if (users.length === 0) throw new BbError('INVALID_ARGUMENT', 'no users given');
    const current: UserRef[] = (pr.reviewers ?? []).flatMap((r) => accountRef(r) ?? []);
    const drop = new Set(users.map(refKey));
    const reviewers = current.filter((r) => !drop.has(refKey(r)));
    const body = updateBody(pr, { reviewers });
    if (dryRun(ctx, input, { operation: OP.prUpdate, params, body })) return 0;
    const updated = await putPr(ctx, params, body);
    const names = (updated.reviewers ?? []).map((r) => userName(r)).join(', ') || '(none)';
    status(ctx, `✓ Removed ${users.length} reviewer${users.length === 1 ? '' : 's'} on pull request #${id}; reviewers now: ${names}`);
    return 0;
  },
});
