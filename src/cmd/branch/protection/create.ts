import { BbError } from '../../../core/errors.js';
import { checkProtectionKind, PROTECTION_KINDS } from '../../../provider/branch-restrictions.js';
import { dryRunWrite } from '../../../provider/dry-run.js';
import { provider } from '../../../provider/index.js';
import { writeOut } from '../../../output/iostreams.js';
import { defineCommand } from '../../define.js';
import { printItem, status } from '../../shared/print.js';
import { listOf, MATCH_FLAGS, matchOf, valueFlag, WHO_FLAGS } from './input.js';
import { branchesOf, PROTECTION_JSON_FIELDS, protectionJson, protectionText } from './present.js';

const KINDS = Object.entries(PROTECTION_KINDS)
  .map(([k, what]) => `${k}: ${what}`)
  .join('; ');

export default defineCommand({
  path: ['branch', 'protection', 'create'],
  summary: 'Protect branches of a repository',
  description: `Adds a branch protection of one --kind to the branches matching PATTERN (a glob: main, release/*) or of a --branch-type of the branching model. On Bitbucket Cloud it is a branch restriction, on Bitbucket Data Center a branch permission; a kind the host lacks is refused (NOT_ON_CLOUD / NOT_ON_DC) with what to use instead. Data Center's own names (read-only, no-deletes, fast-forward-only, no-creates) work too.\n\nKinds — ${KINDS}.\n\n--allow and --allow-group name who is exempt: for push, who may still push (nobody else can); for restrict-merges, who may merge; on Data Center every kind takes exemptions. On Data Center a PATTERN without * or ? is one branch.`,
  examples: [
    '# only the release managers may push to main',
    'bb branch protection create main --kind push --allow "{b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}" --allow-group release-managers',
    '# no force pushes and no deletion on release branches',
    'bb branch protection create "release/*" --kind force',
    'bb branch protection create --branch-type release --kind delete',
    '# two approvals before merging into main (Cloud)',
    'bb branch protection create main --kind require-approvals-to-merge --value 2 --dry-run',
  ],
  args: [{ name: 'pattern', description: 'the branches: a name or glob (or give --branch-type)' }],
  flags: [{ name: 'kind', short: 'k', type: 'string', valueName: 'KIND', description: 'what to forbid or require (see above)' }, ...WHO_FLAGS, ...MATCH_FLAGS],
  repo: true,
  write: true,
  json: PROTECTION_JSON_FIELDS,
  operations: ['POST /repositories/{workspace}/{repo_slug}/branch-restrictions'],
  dcOperations: ['POST /branch-permissions/latest/projects/{projectKey}/repos/{repositorySlug}/restrictions'],
  async run(ctx, input) {
    if (input.flags.kind === undefined) {
      throw new BbError('INVALID_ARGUMENT', '--kind is required', { hints: [`one of: ${Object.keys(PROTECTION_KINDS).join(', ')}`] });
    }
    const kind = checkProtectionKind(input.flags.kind);
    const { pattern, branchType } = matchOf(input, true);
    const value = valueFlag(input, kind);
    const repo = await ctx.repo(input.flags.repo);
    const write = await (await provider(ctx)).createBranchRestriction(repo, {
      kind,
      pattern,
      branchType,
      users: listOf(input.flags.allow),
      groups: listOf(input.flags.allowGroup),
      value,
    });
    if (await dryRunWrite(ctx, input, write)) return 0;
    const r = await write.send();
    status(ctx, `✓ Protected ${branchesOf(r)} of ${repo.workspace}/${repo.repo} (${r.kind}, id ${r.id})`);
    await printItem(ctx, input, r, { toJson: protectionJson, human: () => writeOut(ctx.io, protectionText(r)) });
    return 0;
  },
});
