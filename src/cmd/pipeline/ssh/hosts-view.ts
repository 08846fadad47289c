import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { printFields } from '../../../output/table.js';
import { printItem } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { BY_NAME, findHost, HOST_JSON_FIELDS, hostJson, type KnownHost, OP } from './ssh.js';

export const HOST_ARG = { name: 'host', description: 'the host name or the known host’s UUID', required: true } as const;

export default defineCommand({
  path: ['pipeline', 'ssh', 'known-hosts', 'view'],
  summary: 'Show a Pipelines SSH known host',
  description: 'Shows a known host of the repository (by host name or UUID): its public key and fingerprints.',
  examples: ['bb pipeline ssh known-hosts view {5d1c0f2e-0000-4000-8000-000000000001} --json key', 'bb pipeline ssh known-hosts view example.com'],
  args: [HOST_ARG],
  repo: true,
  hosts: ['cloud'],
  json: HOST_JSON_FIELDS,
  operations: [OP.hostGet],
  conditional: [BY_NAME],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const { uuid } = await findHost(ctx, repo, input.args.host);
    const api = await ctx.api();
    const h = must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}', {
        params: { path: { ...repoParams(repo), known_host_uuid: uuid } },
      }),
    ) as unknown as KnownHost;
    await printItem(ctx, input, h, {
      toJson: hostJson,
      human: () =>
        printFields(ctx.io, [
          ['host', h.hostname],
          ['uuid', h.uuid],
          ['key', h.public_key?.key_type && h.public_key.key ? `${h.public_key.key_type} ${h.public_key.key}` : undefined],
          ['sha256', h.public_key?.sha256_fingerprint],
          ['md5', h.public_key?.md5_fingerprint],
        ]),
    });
    return 0;
  },
});
