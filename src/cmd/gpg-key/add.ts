import { must } from '../../api/client.js';
import { printItem, status } from '../shared/print.js';
import { dryRun } from '../shared/write.js';
import { defineCommand } from '../define.js';
import { currentUser, USER_OP } from '../../provider/ssh-keys.js';
import { KEY_FILE_FLAG, readKey } from '../ssh-key/key-material.js';
import { checkGpgPublicKey, type GpgKey, GPG_JSON_FIELDS, GPG_JSON_RENAMED, gpgJson } from './gpg-key.js';

const OP = 'POST /users/{selected_user}/gpg-keys';

export default defineCommand({
  path: ['gpg-key', 'add'],
  summary: 'Add a GPG key to your account',
  description: 'Adds an armored GPG public key (from --key-file, or standard input) to your account, so Bitbucket can verify your signed commits.',
  examples: ['gpg --armor --export 3AA5C34371567BD2 | bb gpg-key add', 'bb gpg-key add --key-file key.asc --name work'],
  flags: [KEY_FILE_FLAG, { name: 'name', type: 'string', valueName: 'NAME', description: 'a name for the key' }],
  write: true,
  json: GPG_JSON_FIELDS,
  jsonRenamed: GPG_JSON_RENAMED,
  operations: [USER_OP, OP],
  async run(ctx, input) {
    const key = checkGpgPublicKey(await readKey(ctx, input, 'GPG public key'));
    const body = { key, ...(input.flags.name !== undefined ? { name: input.flags.name as string } : {}) };
    if (dryRun(ctx, input, { operation: OP, params: { selected_user: '{you}' }, body })) return 0;
    const user = await currentUser(ctx);
    const api = await ctx.api();
    const added = must(
      await api.POST('/users/{selected_user}/gpg-keys', { params: { path: { selected_user: user } }, body: body as never }),
    ) as unknown as GpgKey;
    status(ctx, `✓ Added GPG key ${added.fingerprint ?? ''}`.trimEnd());
    await printItem(ctx, input, added, { toJson: gpgJson, human: () => void ctx.io.out.write(`${added.fingerprint ?? ''}\n`) });
    return 0;
  },
});
