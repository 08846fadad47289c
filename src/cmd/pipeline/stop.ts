import { repoParams } from '../../api/path.js';
import { status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { OP, parsePipelineId, resolvePipeline } from './operations.js';
import { isCompleted, pipelineName, statusOf } from './present.js';

export default defineCommand({
  path: ['pipeline', 'stop'],
  summary: 'Stop a running pipeline',
  description: 'Stops the pipeline given by build number or UUID (default: the latest of the current branch). A pipeline that already finished is left alone.',
  examples: ['bb pipeline stop 42', '# the latest pipeline of the current branch', 'bb pipeline stop', 'bb pipeline stop 42 --dry-run'],
  args: [{ name: 'pipeline', description: 'build number, UUID or URL (default: the latest of the current branch)', accepts: 'pipeline' }],
  repo: true,
  write: true,
  operations: [OP.get, OP.list, OP.stop],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    if (input.flags.dryRun) {
      // no lookup (nothing is sent): the pipeline as given, or a placeholder for the latest one
      const arg = input.args.pipeline;
      const id = typeof arg === 'string' && arg !== '' ? parsePipelineId(arg) : '{latest-pipeline-uuid}';
      dryRun(ctx, input, { operation: OP.stop, params: { ...repoParams(repo), pipeline_uuid: id } });
      return 0;
    }
    const p = await resolvePipeline(ctx, repo, input.args.pipeline);
    if (isCompleted(p.state)) {
      status(ctx, `! Pipeline ${pipelineName(p)} already finished (${statusOf(p.state)}); nothing to stop`);
      return 0;
    }
    const api = await ctx.api();
    await api.POST('/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/stopPipeline', {
      params: { path: { ...repoParams(repo), pipeline_uuid: p.uuid } },
    });
    status(ctx, `✓ Stopping pipeline ${pipelineName(p)}`);
    return 0;
  },
});
