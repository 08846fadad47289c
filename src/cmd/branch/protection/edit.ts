import { BbError } from '../../../core/errors.js';
import { checkProtectionId, type ProtectionChange } from '../../../provider/branch-restrictions.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { notFound } from '../../../provider/errors.js';
import { provider } from '../../../provider/index.js';
import { writeOut } from '../../../output/iostreams.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { listOf, MATCH_FLAGS, matchOf, valueFlag, WHO_FLAGS } from './input.js';
import { PROTECTION_JSON_FIELDS, protectionJson, protectionText } from './present.js';

export default defineCommand({
  path: ['branch', 'protection', 'edit'],
  summary: 'Change a branch protection (Cloud)',
  description:
    'Changes the branches, the exempt users and groups or the value of a branch protection (by its id, from `bb branch protection list`). What you leave out stays as it is; --allow and --allow-group replace the lists (--allow-none clears them). Its kind cannot change: delete it and create another.\n\nBitbucket Data Center cannot change a branch permission: there bb refuses (NOT_ON_DC); delete it and create the new one.',
  examples: [
    'bb branch protection edit 12 "release/*"',
    'bb branch protection edit 12 --allow "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}" --allow-group release-managers',
    'bb branch protection edit 14 --value 3 --dry-run',
  ],
  args: [
    { name: 'id', description: 'the protection id', required: true },
    { name: 'pattern', description: 'the new branches: a name or glob' },
  ],
  flags: [...WHO_FLAGS, { name: 'allow-none', type: 'boolean', description: 'nobody is exempt any more (clears users and groups)' }, ...MATCH_FLAGS],
  repo: true,
  write: true,
  json: PROTECTION_JSON_FIELDS,
  operations: ['PUT /repositories/{workspace}/{repo_slug}/branch-restrictions/{id}'],
  otherHostHint: 'Data Center cannot change a branch permission: delete it (`bb branch protection delete ID`) and create the new one',
  async run(ctx, input) {
    const id = checkProtectionId(input.args.id);
    const { pattern, branchType } = matchOf(input, false);
    const change: ProtectionChange = {};
    if (pattern !== null) change.pattern = pattern;
    if (branchType !== null) change.branchType = branchType;
    const users = listOf(input.flags.allow);
    const groups = listOf(input.flags.allowGroup);
    if (input.flags.allowNone) {
      if (users.length || groups.length) throw new BbError('INVALID_ARGUMENT', '--allow-none clears who is exempt: leave out --allow and --allow-group');
      change.users = [];
      change.groups = [];
    }
    if (users.length) change.users = users;
    if (groups.length) change.groups = groups;
    const value = valueFlag(input, null);
    if (value !== null) change.value = value;
    if (Object.keys(change).length === 0)
      throw new BbError('INVALID_ARGUMENT', 'nothing to change', { hints: ['give a PATTERN, --branch-type, --allow, --allow-group, --allow-none or --value'] });
    const repo = await ctx.repo(input.flags.repo);
    const write = await (await provider(ctx)).editBranchRestriction(repo, id, change);
    if (await dryRunWrite(ctx, input, write)) return 0;
    const r = await write.send().catch((e) => {
      throw notFound(e, `no branch protection ${id} on ${repo.workspace}/${repo.repo}`);
    });
    status(ctx, `✓ Changed branch protection ${id} of ${repo.workspace}/${repo.repo}`);
    await printItem(ctx, input, r, { toJson: protectionJson, human: () => writeOut(ctx.io, protectionText(r)) });
    return 0;
  },
});
