import { repoParams } from '../../../api/path.js';
import { status } from '../../shared/print.js';
import { confirmDestructive, dryRun, YES_FLAG } from '../../shared/write.js';
import { defineCommand } from '../../define.js';
import { HOST_ARG } from './hosts-view.js';
import { BY_NAME, findHost, OP } from './ssh.js';

export default defineCommand({
  path: ['pipeline', 'ssh', 'known-hosts', 'delete'],
  summary: 'Stop trusting a host in Pipelines',
  description:
    'Deletes a known host (by host name or UUID) from the repository’s Pipelines. On a terminal bb asks you to type what you named; elsewhere --yes is required.',
  examples: ['bb pipeline ssh known-hosts delete {5d1c0f2e-0000-4000-8000-000000000001} --yes', 'bb pipeline ssh known-hosts delete deploy.example.com'],
  args: [HOST_ARG],
  flags: [YES_FLAG],
  repo: true,
  hosts: ['cloud'],
  write: true,
  operations: [OP.hostDelete],
  conditional: [BY_NAME],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const text = String(input.args.host ?? '').trim();
    const found = await findHost(ctx, repo, text, !input.flags.dryRun);
    const params = { ...repoParams(repo), known_host_uuid: found.uuid };
    if (dryRun(ctx, input, { operation: OP.hostDelete, params })) return 0;
    await confirmDestructive(ctx, input, `delete the known host ${text} of ${repo.workspace}/${repo.repo}`, text);
    const api = await ctx.api();
    await api.DELETE('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}', { params: { path: params } });
    status(ctx, `✓ Deleted the known host ${text} of ${repo.workspace}/${repo.repo}`);
    return 0;
  },
});
