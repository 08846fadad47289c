import { status } from '../../output/command-output.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { YES_FLAG } from '../pr/shared.js';
import { confirmDestructive } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { USER_OP } from './shared.js';

const OP = 'DELETE /users/{selected_user}/ssh-keys/{key_id}';

export default defineCommand({
  path: ['ssh-key', 'delete'],
  summary: 'Remove an SSH key from your account',
  description:
    'Removes the SSH key (by its UUID on Cloud, its number on Data Center: see `bb ssh-key list`). On a terminal bb asks for confirmation; elsewhere --yes is required.',
  examples: ['bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a}', 'bb ssh-key delete {b15b6026-9c02-4626-b4ad-b905f99f763a} --yes'],
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
