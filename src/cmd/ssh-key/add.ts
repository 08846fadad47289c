import { must } from '../../api/client.js';
import { printItem, status } from '../../output/command-output.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { checkSshPublicKey, currentUser, KEY_FILE_FLAG, KEY_JSON_FIELDS, keyJson, readKey, type SshKey, USER_OP } from './shared.js';

const OP = 'POST /users/{selected_user}/ssh-keys';

export default defineCommand({
  path: ['ssh-key', 'add'],
  summary: 'Add an SSH key to your account',
  description: 'Adds an SSH public key (from --key-file, or standard input) to your Bitbucket account.',
  examples: ['bb ssh-key add --key-file ~/.ssh/id_ed25519.pub --label laptop', 'cat ~/.ssh/id_ed25519.pub | bb ssh-key add --label laptop'],
  flags: [KEY_FILE_FLAG, { name: 'label', short: 'l', type: 'string', valueName: 'LABEL', description: 'a name for the key' }],
  write: true,
  json: KEY_JSON_FIELDS,
  operations: [USER_OP, OP],
  dcOperations: ['POST /ssh/latest/keys'],
  // Data Center needs are declared for `bb scopes --dc`; the command's DC adapter is not written yet.
  hosts: ['cloud'],
  async run(ctx, input) {
    const key = checkSshPublicKey(await readKey(ctx, input, 'SSH public key'));
    const body = { key, ...(input.flags.label !== undefined ? { label: input.flags.label as string } : {}) };
    if (dryRun(ctx, input, { operation: OP, params: { selected_user: '{you}' }, body })) return 0;
    const user = await currentUser(ctx);
    const api = await ctx.api();
    const added = must(
      await api.POST('/users/{selected_user}/ssh-keys', { params: { path: { selected_user: user } }, body: body as never }),
    ) as unknown as SshKey;
    status(ctx, `✓ Added SSH key ${added.label || added.uuid || ''}`.trimEnd());
    await printItem(ctx, input, added, { toJson: keyJson, human: () => void ctx.io.out.write(`${added.uuid ?? ''}\n`) });
    return 0;
  },
});
