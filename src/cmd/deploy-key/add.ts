import { must } from '../../api/client.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { keyJson, type CloudKey as SshKey } from '../../provider/ssh-keys.js';
import { checkSshPublicKey, KEY_FILE_FLAG, readKey } from '../ssh-key/key-material.js';
import { KEY_JSON_FIELDS, KEY_JSON_RENAMED } from '../ssh-key/present.js';

const OP = 'POST /repositories/{workspace}/{repo_slug}/deploy-keys';

export default defineCommand({
  path: ['deploy-key', 'add'],
  summary: 'Add a deploy key to a repository',
  description: 'Adds a read-only SSH public key (from --key-file, or standard input) that can clone the repository, e.g. for a build server.',
  examples: ['bb deploy-key add --key-file deploy.pub --label ci', 'cat deploy.pub | bb deploy-key add -R myteam/website --label ci'],
  flags: [KEY_FILE_FLAG, { name: 'label', short: 'l', type: 'string', valueName: 'LABEL', description: 'a name for the key' }],
  repo: true,
  write: true,
  json: KEY_JSON_FIELDS,
  jsonRenamed: KEY_JSON_RENAMED,
  operations: [OP],
  async run(ctx, input) {
    const repo = await ctx.repo(input.flags.repo);
    const key = checkSshPublicKey(await readKey(ctx, input, 'SSH public key'));
    const params = { workspace: repo.workspace, repo_slug: repo.repo };
    const body = { key, ...(input.flags.label !== undefined ? { label: input.flags.label as string } : {}) };
    if (dryRun(ctx, input, { operation: OP, params, body })) return 0;
    const api = await ctx.api();
    const added = must(await api.POST('/repositories/{workspace}/{repo_slug}/deploy-keys', { params: { path: params }, body })) as unknown as SshKey;
    status(ctx, `✓ Added deploy key ${added.id ?? ''} to ${repo.workspace}/${repo.repo}`);
    await printItem(ctx, input, added, { toJson: keyJson, human: () => void ctx.io.out.write(`${added.id ?? ''}\n`) });
    return 0;
  },
});
