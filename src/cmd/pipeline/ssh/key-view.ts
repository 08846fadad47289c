import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { printFields } from '../../../output/table.js';
import { printItem } from '../../shared/print.js';
import { defineCommand } from '../../define.js';
import { KEY_JSON_FIELDS, type KeyPair, keyPairJson, OP } from './ssh.js';

export default defineCommand({
  path: ['pipeline', 'ssh', 'key', 'view'],
  summary: 'Show the public SSH key of Pipelines',
  description:
    "Shows the public half of the SSH key pair the repository's pipeline steps use (add it to the servers the steps reach over SSH). Bitbucket never returns the private key.",
  examples: ['bb pipeline ssh key view', 'bb pipeline ssh key view -R myteam/website --json publicKey'],
  repo: true,
  hosts: ['cloud'],
  json: KEY_JSON_FIELDS,
  operations: [OP.keyGet],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const api = await ctx.api();
    const k = must(
      await api.GET('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair', { params: { path: repoParams(repo) } }),
    ) as unknown as KeyPair;
    await printItem(ctx, input, k, { toJson: keyPairJson, human: () => printFields(ctx.io, [['public key', k.public_key]]) });
    return 0;
  },
});
