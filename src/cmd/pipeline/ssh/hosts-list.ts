import { printList } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { HOST_JSON_FIELDS, hostJson, listHosts, OP } from './ssh.js';

export default defineCommand({
  path: ['pipeline', 'ssh', 'known-hosts', 'list'],
  summary: 'List the SSH known hosts of Pipelines',
  description: "Lists the hosts whose SSH keys the repository's pipeline steps trust: host name, key type and SHA-256 fingerprint.",
  examples: ['bb pipeline ssh known-hosts list', 'bb pipeline ssh known-hosts list -R myteam/website --json hostname,sha256Fingerprint'],
  repo: true,
  hosts: ['cloud'],
  list: true,
  json: HOST_JSON_FIELDS,
  operations: [OP.hostList],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const items = await listHosts(ctx, repo, { limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, items, {
      columns: [
        { header: 'Host', value: (h) => h.hostname ?? '', flexible: true, style: () => 'bold' },
        { header: 'Type', value: (h) => h.public_key?.key_type ?? '' },
        { header: 'Fingerprint', value: (h) => h.public_key?.sha256_fingerprint ?? '' },
        { header: 'UUID', value: (h) => h.uuid },
      ],
      toJson: hostJson,
      empty: `No Pipelines known hosts in ${repo.workspace}/${repo.repo}`,
    });
    return 0;
  },
});
