import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { sanitize } from '../../../output/sanitize.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { readKey } from '../../ssh-key/key-material.js';
import { defineCommand } from '../../define.js';
import { checkHostname, HOST_JSON_FIELDS, hostJson, type KnownHost, OP, parseHostKey } from './ssh.js';

export const HOST_KEY_FLAG = {
  name: 'key-file',
  short: 'f',
  type: 'string',
  valueName: 'FILE',
  description: "the host's public key: a known_hosts line or `ssh-keyscan` output (- or omitted: standard input)",
} as const;

export default defineCommand({
  path: ['pipeline', 'ssh', 'known-hosts', 'add'],
  summary: 'Trust the SSH key of a host in Pipelines',
  description:
    "Adds a host to the known hosts of the repository's pipeline steps, with its public key from --key-file or standard input (a known_hosts line, `ssh-keyscan` output or a bare `ssh-ed25519 AAAA…` key; the first key found counts). Check the fingerprint bb prints against the host's. Prints the new known host's UUID.",
  examples: [
    'ssh-keyscan -t ed25519 deploy.example.com | bb pipeline ssh known-hosts add deploy.example.com',
    'bb pipeline ssh known-hosts add git.example.com:2222 --key-file host_key.pub',
  ],
  args: [{ name: 'hostname', description: 'the host name (host or host:port)', required: true }],
  flags: [HOST_KEY_FLAG],
  repo: true,
  hosts: ['cloud'],
  write: true,
  json: HOST_JSON_FIELDS,
  operations: [OP.hostCreate],
  async run(ctx, input) {
    const hostname = checkHostname(input.args.hostname);
    const publicKey = parseHostKey(await readKey(ctx, input, "host's public key"));
    const repo = await ctx.repo(input.flags.repo);
    const body = { type: 'pipeline_known_host', hostname, public_key: { type: 'pipeline_ssh_public_key', ...publicKey } };
    if (dryRun(ctx, input, { operation: OP.hostCreate, params: repoParams(repo), body })) return 0;
    const api = await ctx.api();
    const h = must(
      await api.POST('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts', { params: { path: repoParams(repo) }, body: body as never }),
    ) as unknown as KnownHost;
    status(ctx, `✓ Added known host ${hostname} (${sanitize(h.public_key?.sha256_fingerprint ?? publicKey.key_type, { singleLine: true })})`);
    await printItem(ctx, input, h, { toJson: hostJson, human: () => void ctx.io.out.write(`${h.uuid}\n`) });
    return 0;
  },
});
