import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { YES_FLAG } from '../shared/write.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { currentUser, USER_OP } from '../../provider/ssh-keys.js';

const OP = 'DELETE /users/{selected_user}/gpg-keys/{fingerprint}';

export default defineCommand({
  path: ['gpg-key', 'delete'],
  summary: 'Remove a GPG key from your account',
  description: 'Removes the GPG key with this fingerprint. On a terminal bb asks for confirmation; elsewhere --yes is required.',
  examples: ['bb gpg-key delete 4A1B2C3D4E5F60718293A4B5C6D7E8F901234567 --yes'],
  args: [{ name: 'fingerprint', description: 'the key fingerprint (from `bb gpg-key list`)', required: true }],
  flags: [YES_FLAG],
  write: true,
  operations: [USER_OP, OP],
  async run(ctx, input) {
    const fingerprint = String(input.args.fingerprint ?? '')
      .replace(/\s+/g, '')
      .toUpperCase();
    if (!/^[0-9A-F]{16,64}$/.test(fingerprint)) throw new BbError('INVALID_ARGUMENT', `"${input.args.fingerprint}" is not a GPG fingerprint`);
    if (dryRun(ctx, input, { operation: OP, params: { selected_user: '{you}', fingerprint } })) return 0;
    await confirmDestructive(ctx, input, `remove GPG key ${fingerprint}`, fingerprint);
    const user = await currentUser(ctx);
    const api = await ctx.api();
    await api.DELETE('/users/{selected_user}/gpg-keys/{fingerprint}', { params: { path: { selected_user: user, fingerprint } } });
    status(ctx, `✓ Removed GPG key ${fingerprint}`);
    return 0;
  },
});
