import { BbError } from '../../core/errors.js';
import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { CLOUD_MERGE_STRATEGIES, CLOUD_PR_OP as OP, DC_MERGE_STRATEGIES, PR_JSON_FIELDS } from '../../provider/pullrequests.js';
import { defineCommand } from '../define.js';
import { PR_ARG, prTarget } from './finder.js';
import { domainPrJson } from './present.js';

export default defineCommand({
  path: ['pr', 'merge'],
  summary: 'Merge a pull request',
  description:
    "Merges an open pull request with the chosen strategy (default: the destination branch's default). When Bitbucket answers 202 Accepted it merges in the background: bb polls the merge task until it finishes. The merge request is sent once and never retried; a conflict (409) exits with error 2004. On Data Center bb first asks the merge checks (GET …/merge): when they veto the merge (required approvals, open tasks, needs work, builds…) it exits with error 2011 MERGE_VETOED listing each veto, and sends nothing; the merge carries the pull request's version (optimistic locking).",
  examples: [
    'bb pr merge 42',
    '# as with gh: --merge, --squash or --rebase',
    'bb pr merge 42 --squash',
    'bb pr merge 42 --strategy squash --message "Add login (#42)" --delete-branch',
    '# the pull request of the current branch, fast-forward only',
    'bb pr merge --strategy fast_forward',
    'bb pr merge 42 --dry-run',
  ],
  args: [PR_ARG],
  flags: [
    {
      name: 'strategy',
      short: 's',
      type: 'string',
      valueName: 'STRATEGY',
      choices: [...new Set([...CLOUD_MERGE_STRATEGIES, ...DC_MERGE_STRATEGIES])],
      description:
        'Cloud: merge_commit, squash or fast_forward (and the rebase/squash variants); Data Center: no-ff, ff, ff-only, squash, squash-ff-only, rebase-no-ff, rebase-ff-only',
    },
    { name: 'merge', type: 'boolean', description: 'merge with a merge commit (Cloud merge_commit, DC no-ff)' },
    { name: 'squash', type: 'boolean', description: 'squash the commits into one (Cloud squash, DC squash)' },
    { name: 'rebase', type: 'boolean', description: 'rebase the commits onto the destination, no merge commit (Cloud rebase_fast_forward, DC rebase-ff-only)' },
    { name: 'message', short: 'm', type: 'string', valueName: 'TEXT', description: 'the merge (or squash) commit message' },
    { name: 'delete-branch', short: 'd', type: 'boolean', description: 'delete the source branch after merging (close_source_branch)' },
    { name: 'keep-branch', type: 'boolean', description: 'keep the source branch even if the pull request asks to close it' },
  ],
  operations: [OP.prGet, OP.prMerge, OP.prMergeTask, OP.prList],
  dcOperations: [
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}',
    'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge',
    'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge',
  ],
  repo: true,
  write: true,
  json: PR_JSON_FIELDS,
  async run(ctx, input) {
    const f = input.flags as {
      strategy?: string;
      message?: string;
      deleteBranch?: boolean;
      keepBranch?: boolean;
      merge?: boolean;
      squash?: boolean;
      rebase?: boolean;
    };
    if (f.deleteBranch && f.keepBranch) throw new BbError('INVALID_ARGUMENT', '--delete-branch and --keep-branch cannot be used together');
    const picked = (['merge', 'squash', 'rebase'] as const).filter((k) => f[k]);
    if (picked.length > 1 || (picked.length === 1 && f.strategy))
      throw new BbError('INVALID_ARGUMENT', `choose one of ${[...picked.map((k) => `--${k}`), ...(f.strategy ? ['--strategy'] : [])].join(', ')}`);
    const { repo, id } = await prTarget(ctx, input);
    const p = await provider(ctx);
    const w = await p.mergePullRequest(repo, id, {
      method: picked[0],
      strategy: f.strategy,
      message: f.message,
      closeSourceBranch: f.deleteBranch ? true : f.keepBranch ? false : undefined,
      progress: (line) => status(ctx, line),
    });
    if (await dryRunWrite(ctx, input, w)) return 0;
    const { merged, before, deletedBranch } = await w.send();
    await printItem(ctx, input, merged, {
      toJson: domainPrJson,
      human: () => {
        status(ctx, `✓ Merged pull request #${id} (${before.title})${merged.mergeCommit ? ` as ${merged.mergeCommit.slice(0, 7)}` : ''}`);
        if (deletedBranch !== null) status(ctx, `✓ Deleted branch ${deletedBranch}`);
        const url = merged.url || before.url;
        if (url) ctx.io.out.write(`${url}\n`);
      },
    });
    return 0;
  },
});
