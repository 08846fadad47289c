import { status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { USER_OP } from '../../provider/ssh-keys.js';

const OP = 'DELETE /users/{selected_user}/ssh-keys/{key_id}';

export default defineCommand({
  path: ['ssh-key', 'delete'],
  summary: 'Remove an SSH key from your account',
  description:
    'Removes the SSH key (by its UUID on Cloud, its number on Data Center: see `bb ssh-key list`). On a terminal bb asks for confirmation; elsewhere --yes is required. On Data Center the REST operation (DELETE /ssh/latest/keys/{keyId}) needs the global ADMIN permission, as the Data Center REST API states: with an OAuth 2.0 token that is the ADMIN_WRITE scope, an HTTP access token cannot do it, and without ADMIN remove the key from your account\'s SSH keys page in Bitbucket\'s web interface. `bb scopes --dc "ssh-key delete"` says the same.',
  examples: [
    'bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a}',
    'bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a} --yes',
    '# Data Center: the key number (needs the global ADMIN permission)',
    'bb ssh-key delete 12 --yes',
  ],
  args: [{ name: 'id', description: 'the key UUID (Data Center: its number)', required: true }],
  flags: [YES_FLAG],
  write: true,
  operations: [USER_OP, OP],
  dcOperations: ['DELETE /ssh/latest/keys/{keyId}'],
  async run(ctx, input) {
    const p = await provider(ctx);
    const w = await p.deleteSshKey(String(input.args.id ?? ''));
    const keyId = w.id;
    if (await dryRunWrite(ctx, input, w)) return 0;
    await confirmDestructive(ctx, input, `remove SSH key ${keyId}`, keyId);
    await w.send();
    status(ctx, `✓ Removed SSH key ${keyId}`);
    return 0;
  },
});
