import { must } from '../../api/client.js';
import { readJsonAnswer } from '../../api/errors.js';
import { expandPath } from '../../api/path.js';
import type { Context } from '../../context.js';
import type { RepoRef } from '../../git/remote.js';
import type { PullRequest as DomainPr } from '../../provider/pullrequests.js';
import { BbError } from '../../errors.js';
import { printItem, status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { provider } from '../../provider/index.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import type { Provider } from '../../provider/types.js';
import type { CommandInput } from '../define.js';
import { domainPrJson, getPr, OP, PR_ARG, PR_JSON_FIELDS, type PullRequest, prTarget, prToJson, prUrl, template } from './shared.js';

const STRATEGIES = ['merge_commit', 'squash', 'fast_forward', 'squash_fast_forward', 'rebase_fast_forward', 'rebase_merge'] as const;
/** Data Center's merge strategy ids (`git merge` flags: no-ff = --no-ff, ff, ff-only, squash, rebase then merge…). */
const DC_STRATEGIES = ['no-ff', 'ff', 'ff-only', 'squash', 'squash-ff-only', 'rebase-no-ff', 'rebase-ff-only'] as const;
/** How long to wait for a merge Bitbucket finishes in the background (202 Accepted). */
const POLL_INTERVAL_MS = 2_000;
/**
 * gh's --merge/--squash/--rebase, as each host names the strategy: a merge commit, one squashed commit, or the
 * commits rebased onto the destination without a merge commit (Cloud rebase_fast_forward, DC rebase-ff-only).
 */
const GH_STRATEGY = {
  merge: { cloud: 'merge_commit', dc: 'no-ff' },
  squash: { cloud: 'squash', dc: 'squash' },
  rebase: { cloud: 'rebase_fast_forward', dc: 'rebase-ff-only' },
} as const;
const POLL_MAX = 150;

interface TaskStatus {
  task_status?: 'PENDING' | 'SUCCESS' | string;
  merge_result?: PullRequest;
}

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
      choices: [...new Set([...STRATEGIES, ...DC_STRATEGIES])],
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
    const { repo, id, params } = await prTarget(ctx, input);
    const p = await provider(ctx);
    if (picked[0]) f.strategy = GH_STRATEGY[picked[0]][p.kind];
    if (p.kind === 'dc') return mergeOnDc(ctx, input, p, repo, id, f);
    if (f.strategy && !(STRATEGIES as readonly string[]).includes(f.strategy))
      throw new BbError('INVALID_ARGUMENT', `${f.strategy} is a Data Center strategy`, { hints: [`on Bitbucket Cloud: ${STRATEGIES.join(', ')}`] });
    const body: Record<string, unknown> = { type: 'pullrequest_merge_parameters' };
    if (f.strategy) body.merge_strategy = f.strategy;
    if (f.message !== undefined) body.message = f.message;
    if (f.deleteBranch) body.close_source_branch = true;
    if (f.keepBranch) body.close_source_branch = false;
    if (dryRun(ctx, input, { operation: OP.prMerge, params, body })) return 0;

    const pr = await getPr(ctx, repo, id);
    if (pr.state !== 'OPEN') {
      throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state?.toLowerCase() ?? 'not open'}: only open pull requests can be merged`, {
        operation: OP.prMerge,
        hints: pr.state === 'MERGED' ? ['nothing to do'] : [],
      });
    }
    if (pr.draft) {
      throw new BbError('API_CONFLICT', `pull request #${id} is a draft`, { operation: OP.prMerge, hints: [`mark it ready first: bb pr ready ${id}`] });
    }
    const strategies = (pr.destination?.branch as { merge_strategies?: string[] } | undefined)?.merge_strategies;
    if (f.strategy && strategies?.length && !strategies.includes(f.strategy)) {
      throw new BbError('INVALID_ARGUMENT', `${pr.destination?.branch?.name} does not allow the ${f.strategy} strategy`, {
        hints: [`allowed: ${strategies.join(', ')}`],
      });
    }

    const http = await ctx.http();
    const url = http.url(expandPath(template(OP.prMerge), params));
    let response: Response | undefined;
    let merged: PullRequest | undefined;
    try {
      // Sent exactly once: the transport never retries a POST.
      response = await http.send(new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }), {
        operation: OP.prMerge,
      });
    } catch (e) {
      // The answer was lost (reset, timeout): the merge may have happened. Read the state, never re-send.
      if (!(e instanceof BbError && (e.errorName === 'NETWORK_ERROR' || e.errorName === 'TIMEOUT'))) throw explainMergeError(e, id, pr);
      merged = await stateAfterLostAnswer(ctx, repo, id, e);
    }
    if (merged) {
      // already known from the state read after a lost answer
    } else if (!response) {
      throw new BbError('INTERNAL', 'no merge response');
    } else if (response.status === 202) {
      const taskId = taskIdFrom(response.headers.get('location'));
      await response.body?.cancel();
      if (!taskId)
        throw new BbError('API_BAD_RESPONSE', 'the merge was accepted (202) without a task to follow', {
          operation: OP.prMerge,
          hints: [`check with: bb pr view ${id}`],
        });
      status(ctx, `Merging pull request #${id} in the background…`);
      merged = await waitForMerge(ctx, params, taskId, id, pr);
    } else {
      merged = await readJsonAnswer<PullRequest>(response, OP.prMerge);
    }
    await printItem(ctx, input, merged, {
      toJson: prToJson,
      human: () => {
        const hash = merged.merge_commit?.hash;
        status(ctx, `✓ Merged pull request #${id} (${pr.title ?? ''})${hash ? ` as ${hash.slice(0, 7)}` : ''}`);
        if (merged.close_source_branch || f.deleteBranch) status(ctx, `✓ Deleted branch ${pr.source?.branch?.name ?? ''}`);
        if (prUrl(merged) || prUrl(pr)) ctx.io.out.write(`${prUrl(merged) || prUrl(pr)}\n`);
      },
    });
    return 0;
  },
});

/**
 * After a merge request whose answer never came: GET the pull request. MERGED means the merge went
 * through (success); anything else is reported as the network failure, with the state seen, and the
 * merge is not sent again.
 */
async function stateAfterLostAnswer(ctx: Context, repo: RepoRef, id: number, lost: BbError): Promise<PullRequest> {
  status(ctx, `The answer to the merge of pull request #${id} was lost (${lost.errorName}); reading its state…`);
  let now: PullRequest;
  try {
    now = await getPr(ctx, repo, id);
  } catch {
    throw new BbError(lost.errorName, `${lost.message}: the merge of pull request #${id} was sent, and its outcome is unknown`, {
      operation: OP.prMerge,
      hints: [`check with \`bb pr view ${id}\` before merging again`, ...lost.hints],
    });
  }
  if (now.state === 'MERGED') return now;
  throw new BbError(
    lost.errorName,
    `${lost.message}: the merge of pull request #${id} was sent, and the pull request is still ${now.state?.toLowerCase() ?? 'unknown'}`,
    {
      operation: OP.prMerge,
      hints: [`Bitbucket may still be merging it: check with \`bb pr view ${id}\` before merging again`, ...lost.hints],
    },
  );
}

/** `…/merge/task-status/{task_id}` → task_id. */
export function taskIdFrom(location: string | null): string | undefined {
  if (!location) return undefined;
  const m = /\/merge\/task-status\/([^/?#]+)/.exec(location);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

async function waitForMerge(
  ctx: Context,
  params: { workspace: string; repo_slug: string; pull_request_id: number },
  taskId: string,
  id: number,
  pr: PullRequest,
): Promise<PullRequest> {
  const api = await ctx.api();
  for (let i = 0; i < POLL_MAX; i++) {
    let task: TaskStatus;
    try {
      task = must(
        await api.GET('/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge/task-status/{task_id}', {
          params: { path: { ...params, task_id: taskId } },
        }),
      ) as unknown as TaskStatus;
    } catch (e) {
      throw explainMergeError(e, id, pr);
    }
    if (task.task_status === 'SUCCESS') return task.merge_result ?? { ...pr, state: 'MERGED' };
    if (task.task_status !== 'PENDING') {
      throw new BbError('API_ERROR', `the merge of pull request #${id} ended with status ${task.task_status ?? 'unknown'}`, { operation: OP.prMergeTask });
    }
    await ctx.sleep(POLL_INTERVAL_MS);
  }
  throw new BbError('PENDING', `pull request #${id} is still being merged`, {
    operation: OP.prMergeTask,
    hints: [`Bitbucket is still merging in the background; check with: bb pr view ${id}`],
  });
}

function explainMergeError(e: unknown, id: number, pr: PullRequest): unknown {
  if (!(e instanceof BbError)) return e;
  const src = pr.source?.branch?.name ?? 'the source branch';
  const dst = pr.destination?.branch?.name ?? 'the destination branch';
  if (e.errorName === 'API_CONFLICT') {
    return new BbError('API_CONFLICT', `pull request #${id} cannot be merged: ${e.message.replace(/^POST \S+: /, '')}`, {
      operation: e.operation,
      status: e.status,
      hints: [
        `${src} conflicts with ${dst}, or one of them changed while merging`,
        `update it: git fetch && git checkout ${src} && git merge origin/${dst}, resolve the conflicts, push, then merge again`,
      ],
    });
  }
  if (e.status === 555) {
    return new BbError('API_SERVER_ERROR', `the merge of pull request #${id} timed out on the server`, {
      operation: e.operation,
      status: e.status,
      hints: [`it may still complete: check with \`bb pr view ${id}\` before trying again`],
    });
  }
  return e;
}

/**
 * Data Center: the merge checks first (GET …/merge: canMerge, conflicted, vetoes); a veto is MERGE_VETOED (2011)
 * with each veto's summary and detail, and nothing is sent. Then one POST …/merge?version=N (never retried).
 */
async function mergeOnDc(
  ctx: Context,
  input: CommandInput,
  p: Provider,
  repo: RepoRef,
  id: number,
  f: { strategy?: string; message?: string; deleteBranch?: boolean; keepBranch?: boolean },
): Promise<number> {
  if (f.strategy && !(DC_STRATEGIES as readonly string[]).includes(f.strategy))
    throw new BbError('INVALID_ARGUMENT', `${f.strategy} is a Bitbucket Cloud strategy`, { hints: [`on Data Center: ${DC_STRATEGIES.join(', ')}`] });
  if (f.deleteBranch) status(ctx, '! --delete-branch: Data Center deletes the source branch only through its own "delete after merge" setting');
  const pr = await p.getPullRequest(repo, id);
  if (pr.state !== 'OPEN') {
    throw new BbError('API_CONFLICT', `pull request #${id} is ${pr.state?.toLowerCase() ?? 'not open'}: only open pull requests can be merged`, {
      hints:
        pr.state === 'MERGED' ? ['nothing to do'] : pr.state === 'DECLINED' ? [`reopen it on its web page first (bb pr view ${id} --web), then merge`] : [],
    });
  }
  const w = await p.mergePullRequest(repo, pr, { strategy: f.strategy, message: f.message });
  if (await dryRunWrite(ctx, input, w)) return 0;
  const check = await p.mergeCheck(repo, pr);
  if (check && !check.canMerge) {
    const vetoes = check.vetoes.map((v) => (v.detail && v.detail !== v.summary ? `${v.summary}: ${v.detail}` : v.summary));
    if (check.conflicted && vetoes.length === 0) vetoes.push(`${pr.headRefName} conflicts with ${pr.baseRefName}`);
    throw new BbError(
      'MERGE_VETOED',
      `pull request #${id} cannot be merged: ${vetoes.length === 1 ? vetoes[0] : `${vetoes.length || 'its'} merge checks refuse it`}`,
      {
        operation: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge',
        details: { vetoes: check.vetoes, conflicted: check.conflicted, outcome: check.outcome },
        hints: [
          ...(vetoes.length > 1 ? vetoes.map((v) => `veto: ${v}`) : []),
          check.conflicted
            ? `update it: git fetch && git checkout ${pr.headRefName} && git merge origin/${pr.baseRefName}, resolve the conflicts, push, then merge again`
            : 'meet the merge checks (approvals: bb pr approve; tasks: bb pr comments list), then merge again',
        ],
      },
    );
  }
  let merged: DomainPr;
  try {
    merged = await w.send();
  } catch (e) {
    if (e instanceof BbError && e.errorName === 'API_CONFLICT' && /out-of-date|out of date|version/i.test(e.message))
      throw new BbError('API_CONFLICT', `pull request #${id} changed while merging (its version moved on): ${e.message.replace(/^POST \S+: /, '')}`, {
        operation: e.operation,
        status: e.status,
        hints: [`look at it again (bb pr view ${id}), then merge again`],
      });
    if (e instanceof BbError && e.errorName === 'API_CONFLICT')
      throw new BbError('MERGE_VETOED', `pull request #${id} cannot be merged: ${e.message.replace(/^POST \S+: /, '')}`, {
        operation: e.operation,
        status: e.status,
        hints: [`see why: bb pr view ${id}; the merge checks may have changed since bb asked`],
      });
    throw e;
  }
  await printItem(ctx, input, merged, {
    toJson: domainPrJson,
    human: () => {
      status(ctx, `✓ Merged pull request #${id} (${pr.title})${merged.mergeCommit ? ` as ${merged.mergeCommit.slice(0, 7)}` : ''}`);
      if (merged.url ?? pr.url) ctx.io.out.write(`${merged.url ?? pr.url}\n`);
    },
  });
  return 0;
}
