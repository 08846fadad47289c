import { printItem } from '../shared/print.js';
import { colorize } from '../../output/iostreams.js';
import { printFields, printTable, timeAgo } from '../../output/table.js';
import { defineCommand } from '../define.js';
import { openInBrowser, webUrl } from '../shared/web.js';
import { listSteps, OP, resolvePipeline } from './operations.js';
import { PIPELINE_JSON_FIELDS, pipelineJson, pipelineName, seconds, statusOf, stepJson, styleFor, targetLabel } from './present.js';

export default defineCommand({
  path: ['pipeline', 'view'],
  summary: 'Show a pipeline and the state of its steps',
  description:
    'Shows the pipeline given by build number or UUID (default: the latest of the current branch): its status, target, trigger and duration, and each step with its state.',
  examples: [
    'bb pipeline view 42',
    '# the latest pipeline of the current branch',
    'bb pipeline view',
    'bb pipeline view 42 --json status,steps',
    'bb pipeline view 42 --web',
  ],
  args: [{ name: 'pipeline', description: 'build number, UUID or URL (default: the latest of the current branch)', accepts: 'pipeline' }],
  flags: [{ name: 'web', short: 'w', type: 'boolean', description: 'open the pipeline in the browser' }],
  repo: true,
  json: [...PIPELINE_JSON_FIELDS, 'steps'],
  operations: [OP.get, OP.list, OP.steps],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const p = await resolvePipeline(ctx, repo, input.args.pipeline);
    if (input.flags.web) {
      await openInBrowser(ctx, webUrl(p.links, `pipeline ${pipelineName(p)}`));
      return 0;
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
    return 0;
  },
});
