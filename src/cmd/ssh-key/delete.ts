import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { YES_FLAG } from '../pr/shared.js';
import { confirmDestructive, dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { currentUser, USER_OP } from './shared.js';

const OP = 'DELETE /users/{selected_user}/ssh-keys/{key_id}';

export default defineCommand({
  path: ['ssh-key', 'delete'],
  summary: 'Remove an SSH key from your account',
  description: 'Removes the SSH key (by its UUID, from `bb ssh-key list`). On a terminal bb asks for confirmation; elsewhere --yes is required.',
  examples: ['bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a}', 'bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a} --yes'],
  args: [{ name: 'id', description: 'the key UUID', required: true }],
  flags: [YES_FLAG],
  write: true,
  operations: [USER_OP, OP],
  dcOperations: ['DELETE /ssh/latest/keys/{keyId}'],
  // Data Center needs are declared for `bb scopes --dc`; the command's DC adapter is not written yet.
  hosts: ['cloud'],
  async run(ctx, input) {
    const raw = String(input.args.id ?? '').trim();
    const m = /^\{?([0-9a-f-]{36})\}?$/i.exec(raw);
    if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${raw}" is not an SSH key id: expected its UUID`, { hints: ['list them with `bb ssh-key list`'] });
    const keyId = `{${m[1].toLowerCase()}}`;
    if (dryRun(ctx, input, { operation: OP, params: { selected_user: '{you}', key_id: keyId } })) return 0;
    await confirmDestructive(ctx, input, `remove SSH key ${keyId}`, keyId);
    const user = await currentUser(ctx);
    const api = await ctx.api();
    await api.DELETE('/users/{selected_user}/ssh-keys/{key_id}', { params: { path: { selected_user: user, key_id: keyId } } });
    status(ctx, `✓ Removed SSH key ${keyId}`);
    return 0;
  },
});
