import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { RepoRef } from '../../git/remote.js';
import { sanitize } from '../../output/sanitize.js';
import { printItem } from '../shared/print.js';
import { colorize } from '../../output/iostreams.js';
import { printFields, printTable, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../shared/web.js';
import { listSteps, OP, type Pipeline, resolvePipeline } from './operations.js';
import { exitFor, isCompleted, PIPELINE_JSON_FIELDS, pipelineJson, pipelineName, seconds, statusOf, stepJson, styleFor, targetLabel } from './present.js';

/** `--wait` polls at 2 s, then 1.5× longer each time, never more than 30 s apart. */
export const WAIT_FIRST_MS = 2_000;
export const WAIT_MAX_MS = 30_000;
export const WAIT_DEFAULT_TIMEOUT_S = 3_600;

export function nextWaitInterval(previousMs: number | undefined): number {
  return previousMs === undefined ? WAIT_FIRST_MS : Math.min(WAIT_MAX_MS, Math.round(previousMs * 1.5));
}

/**
 * Polls the pipeline until it completes (backoff: nextWaitInterval), one stderr line per change of its status;
 * past the deadline, PENDING (exit 8) so a script can tell "still running" from "failed".
 */
async function waitFor(ctx: Context, repo: RepoRef, first: Pipeline, timeoutS: number): Promise<Pipeline> {
  const api = await ctx.api();
  const deadline = ctx.now().getTime() + timeoutS * 1000;
  let p = first;
  let last = '';
  let interval: number | undefined;
  for (;;) {
    const status = statusOf(p.state);
    if (status !== last) {
      ctx.io.err.write(`pipeline ${pipelineName(p)}: ${sanitize(status, { singleLine: true })}\n`);
      last = status;
    }
    if (isCompleted(p.state)) return p;
    const left = deadline - ctx.now().getTime();
    if (left <= 0) {
      throw new BbError('PENDING', `pipeline ${pipelineName(p)} is still ${status} after ${timeoutS}s`, {
        hints: [`wait longer with --timeout, or follow it with \`bb pipeline watch ${p.build_number ?? p.uuid}\``],
      });
    }
    interval = nextWaitInterval(interval);
    await ctx.sleep(Math.min(interval, left));
    p = must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}', { params: { path: { ...repoParams(repo), pipeline_uuid: p.uuid } } }),
    ) as unknown as Pipeline;
  }
}

export default defineCommand({
  path: ['pipeline', 'view'],
  summary: 'Show a pipeline and the state of its steps',
  description:
    'Shows the pipeline given by build number or UUID (default: the latest of the current branch): its status, target, trigger and duration, and each step with its state.\n\nWith --wait, bb first polls the pipeline until it completes (every 2 seconds at first, backing off to every 30 seconds), printing each change of its status on stderr, then shows it; the exit status is the result: 0 when it succeeded, 1 when it failed, errored or was stopped, 8 (error PENDING) when it is still running after --timeout seconds (default 3600). Made for scripts and agents: the output is the same as without --wait, once, at the end.',
  examples: [
    'bb pipeline view 42',
    '# the latest pipeline of the current branch',
    'bb pipeline view',
    'bb pipeline view 42 --json status,steps',
    'bb pipeline view 42 --web',
    '# wait for it to finish (at most 10 minutes); the exit status is its result',
    'bb pipeline view 42 --wait --timeout 600 --json status,result',
  ],
  args: [{ name: 'pipeline', description: 'build number, UUID or URL (default: the latest of the current branch)', accepts: 'pipeline' }],
  flags: [
    { name: 'web', short: 'w', type: 'boolean', description: 'open the pipeline in the browser' },
    { name: 'wait', type: 'boolean', description: 'poll until the pipeline completes; exit 0 only when it succeeded' },
    { name: 'timeout', type: 'number', valueName: 'SECONDS', description: 'with --wait: give up after this many seconds, exit 8 (default 3600)' },
  ],
  repo: true,
  json: [...PIPELINE_JSON_FIELDS, 'steps'],
  operations: [OP.get, OP.list, OP.steps],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const wait = Boolean(input.flags.wait);
    if (input.flags.timeout !== undefined && !wait)
      throw new BbError('USAGE', '--timeout needs --wait', { hints: ['bb pipeline view 42 --wait --timeout 600'] });
    // the parser refuses a timeout that is not a positive whole number
    const timeoutS = (input.flags.timeout as number | undefined) ?? WAIT_DEFAULT_TIMEOUT_S;
    let p = await resolvePipeline(ctx, repo, input.args.pipeline);
    if (wait) p = await waitFor(ctx, repo, p, timeoutS);
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(p.links, `pipeline ${pipelineName(p)}`));
      return wait ? exitFor(p.state) : 0;
    }
    const steps = await listSteps(ctx, repo, p.uuid);
    await printItem(ctx, input, p, {
      toJson: (x) => ({ ...pipelineJson(x), steps: steps.map(stepJson) }),
      human: () => {
        const status = statusOf(p.state);
        const style = styleFor(status);
        printFields(ctx.io, [
          ['pipeline', `${pipelineName(p)} ${p.uuid}`],
          ['status', style ? colorize(ctx.io, style, status) : status],
          ['target', targetLabel(p)],
          ['commit', p.target?.commit?.hash],
          ['trigger', p.trigger?.name],
          ['creator', p.creator?.display_name ?? p.creator?.nickname],
          ['created', ctx.io.stdoutIsTTY ? timeAgo(p.created_on, ctx.now()) : p.created_on],
          ['duration', seconds(p.duration_in_seconds ?? p.build_seconds_used)],
          ['web', p.links?.html?.href],
        ]);
        if (steps.length === 0) return;
        ctx.io.out.write(ctx.io.stdoutIsTTY ? '\nSTEPS\n' : '\n');
        printTable(ctx.io, steps, [
          { header: 'Step', value: (s) => s.name ?? s.uuid, flexible: true },
          { header: 'Status', value: (s) => statusOf(s.state), style: (s) => styleFor(statusOf(s.state)) },
          { header: 'Duration', value: (s) => seconds(s.duration_in_seconds) },
          { header: 'UUID', value: (s) => s.uuid },
        ]);
      },
    });
    return wait ? exitFor(p.state) : 0;
  },
});
