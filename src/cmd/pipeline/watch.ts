import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import type { Context } from '../../context/context.js';
import { sanitize } from '../../output/sanitize.js';
import { defineCommand } from '../define.js';
import { listSteps, OP, type Pipeline, resolvePipeline, type Step } from './operations.js';
import { exitFor, isCompleted, pipelineName, statusOf, targetLabel } from './present.js';

const ICON: Record<string, string> = { SUCCESSFUL: '✓', FAILED: 'X', ERROR: 'X', STOPPED: '-', NOT_RUN: '-', EXPIRED: 'X' };

function icon(status: string): string {
  return ICON[status] ?? (status.startsWith('PENDING') ? '·' : '*');
}

/**
 * On a terminal (stderr): a small view of the pipeline and its steps, redrawn in place with ANSI cursor
 * moves. Elsewhere: one plain line per change, so a CI log reads top to bottom.
 */
class Reporter {
  private drawn = 0;
  private last = new Map<string, string>();
  constructor(private readonly ctx: Context) {}

  update(p: Pipeline, steps: Step[]): void {
    if (this.ctx.io.stderrIsTTY) this.redraw(p, steps);
    else this.changes(p, steps);
  }

  private redraw(p: Pipeline, steps: Step[]): void {
    const lines = [`${icon(statusOf(p.state))} Pipeline ${pipelineName(p)} ${sanitize(targetLabel(p), { singleLine: true })}: ${statusOf(p.state)}`];
    for (const s of steps) lines.push(`  ${icon(statusOf(s.state))} ${sanitize(s.name ?? s.uuid, { singleLine: true })}: ${statusOf(s.state)}`);
    // up over the previous view, clear to the end of the screen, draw again
    const move = this.drawn > 0 ? `\u001b[${this.drawn}A\u001b[J` : '';
    this.ctx.io.err.write(`${move}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  private changes(p: Pipeline, steps: Step[]): void {
    const emit = (key: string, label: string, status: string) => {
      if (this.last.get(key) === status) return;
      this.last.set(key, status);
      this.ctx.io.err.write(`${label}: ${status}\n`);
    };
    for (const s of steps) emit(s.uuid, `step ${s.name ?? s.uuid}`, statusOf(s.state));
    emit('pipeline', `pipeline ${pipelineName(p)}`, statusOf(p.state));
  }
}

export default defineCommand({
  path: ['pipeline', 'watch'],
  summary: 'Watch a pipeline until it finishes; exit with its result',
  description:
    'Follows the pipeline (default: the latest of the current branch) and shows the status of each step as it changes: redrawn in place on a terminal, one line per change when stderr is not a terminal. Exit status: 0 when the pipeline succeeded, 1 when it failed, errored or was stopped — so a script can wait on it.',
  examples: [
    'bb pipeline watch 42',
    '# start a pipeline and wait for it',
    'bb pipeline run --branch main && bb pipeline watch',
    'bb pipeline watch 42 --interval 10',
  ],
  args: [{ name: 'pipeline', description: 'build number, UUID or URL (default: the latest of the current branch)', accepts: 'pipeline' }],
  flags: [{ name: 'interval', short: 'i', type: 'number', valueName: 'SECONDS', description: 'seconds between checks (default 3)' }],
  repo: true,
  operations: [OP.get, OP.list, OP.steps],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const interval = ((input.flags.interval as number | undefined) ?? 3) * 1000;
    let p = await resolvePipeline(ctx, repo, input.args.pipeline);
    const reporter = new Reporter(ctx);
    const api = await ctx.api();
    for (;;) {
      const steps = await listSteps(ctx, repo, p.uuid);
      reporter.update(p, steps);
      if (isCompleted(p.state)) break;
      await ctx.sleep(interval);
      p = must(
        await api.GET('/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}', { params: { path: { ...repoParams(repo), pipeline_uuid: p.uuid } } }),
      ) as unknown as Pipeline;
    }
    const code = exitFor(p.state);
    ctx.io.err.write(`${code === 0 ? '✓' : 'X'} Pipeline ${pipelineName(p)} ${statusOf(p.state).toLowerCase()}\n`);
    return code;
  },
});
