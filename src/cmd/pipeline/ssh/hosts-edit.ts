import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { readKey } from '../../ssh-key/key-material.js';
import { defineCommand } from '../../define.js';
import { HOST_KEY_FLAG } from './hosts-add.js';
import { HOST_ARG } from './hosts-view.js';
import { BY_NAME, checkHostname, findHost, HOST_JSON_FIELDS, hostJson, type KnownHost, OP, parseHostKey } from './ssh.js';

export default defineCommand({
  path: ['pipeline', 'ssh', 'known-hosts', 'edit'],
  summary: 'Change the host name or key of a Pipelines known host',
  description: 'Changes the host name (--hostname) or replaces the public key (--key-file FILE, or - for standard input) of a known host.',
  examples: [
    'bb pipeline ssh known-hosts edit {5d1c0f2e-0000-4000-8000-000000000001} --hostname deploy.example.com:2222',
    'ssh-keyscan -t ed25519 deploy.example.com | bb pipeline ssh known-hosts edit deploy.example.com --key-file -',
  ],
  args: [HOST_ARG],
  flags: [{ name: 'hostname', type: 'string', valueName: 'HOST', description: 'the new host name' }, HOST_KEY_FLAG],
  repo: true,
  hosts: ['cloud'],
  write: true,
  json: HOST_JSON_FIELDS,
  operations: [OP.hostUpdate],
  conditional: [BY_NAME],
  async run(ctx, input) {
    const body: Record<string, unknown> = { type: 'pipeline_known_host' };
    if (input.flags.hostname !== undefined) body.hostname = checkHostname(input.flags.hostname);
    if (input.flags.keyFile !== undefined)
      body.public_key = { type: 'pipeline_ssh_public_key', ...parseHostKey(await readKey(ctx, input, "host's public key")) };
    if (Object.keys(body).length === 1) {
      throw new BbError('USAGE', 'nothing to change: pass --hostname or --key-file', { hints: ['bb pipeline ssh known-hosts edit HOST --key-file -'] });
    }
    const repo = await ctx.repo(input.flags.repo);
    const found = await findHost(ctx, repo, input.args.host, !input.flags.dryRun);
    const params = { ...repoParams(repo), known_host_uuid: found.uuid };
    if (dryRun(ctx, input, { operation: OP.hostUpdate, params, body })) return 0;
    const api = await ctx.api();
    const h = must(
      await api.PUT('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}', {
        params: { path: params },
        body: body as never,
      }),
    ) as unknown as KnownHost;
    status(ctx, `✓ Updated known host ${checkHostname(h.hostname ?? found.hostname ?? '?')}`);
    await printItem(ctx, input, h, { toJson: hostJson, human: () => {} });
    return 0;
  },
});
