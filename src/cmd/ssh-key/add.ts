import { printItem, status } from '../shared/print.js';
import { dryRunWrite } from '../../provider/dry-run.js';
import { provider } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { USER_OP } from '../../provider/ssh-keys.js';
import { checkSshPublicKey, KEY_FILE_FLAG, readKey } from './key-material.js';
import { KEY_JSON_FIELDS, KEY_JSON_RENAMED } from './present.js';

const OP = 'POST /users/{selected_user}/ssh-keys';

export default defineCommand({
  path: ['ssh-key', 'add'],
  summary: 'Add an SSH key to your account',
  description: 'Adds an SSH public key (from --key-file, or standard input) to your Bitbucket account.',
  examples: ['bb ssh-key add --key-file ~/.ssh/id_ed25519.pub --label laptop', 'cat ~/.ssh/id_ed25519.pub | bb ssh-key add --label laptop'],
  flags: [KEY_FILE_FLAG, { name: 'label', short: 'l', type: 'string', valueName: 'LABEL', description: 'a name for the key' }],
  write: true,
  json: KEY_JSON_FIELDS,
  jsonRenamed: KEY_JSON_RENAMED,
  operations: [USER_OP, OP],
  dcOperations: ['POST /ssh/latest/keys'],
  async run(ctx, input) {
    const key = checkSshPublicKey(await readKey(ctx, input, 'SSH public key'));
    const p = await provider(ctx);
    const w = await p.addSshKey(key, input.flags.label as string | undefined);
    if (await dryRunWrite(ctx, input, w)) return 0;
    const added = await w.send();
    status(ctx, `✓ Added SSH key ${added.label || added.id || ''}`.trimEnd());
    await printItem(ctx, input, added, { toJson: (k) => ({ ...k }), human: () => void ctx.io.out.write(`${added.id ?? ''}\n`) });
    return 0;
  },
});
