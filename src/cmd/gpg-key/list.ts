import { paginate } from '../../api/paginate.js';
import { printList } from '../shared/print.js';
import { defineCommand } from '../define.js';
import { currentUser, USER_OP } from '../../provider/ssh-keys.js';
import { type GpgKey, GPG_JSON_FIELDS, GPG_JSON_RENAMED, gpgJson } from './gpg-key.js';

const OP = 'GET /users/{selected_user}/gpg-keys';

export default defineCommand({
  path: ['gpg-key', 'list'],
  summary: 'List the GPG keys of your account',
  description: 'Lists the GPG public keys on your Bitbucket account, used to verify signed commits.',
  examples: ['bb gpg-key list', 'bb gpg-key list --json fingerprint,name,expiresAt'],
  list: true,
  json: GPG_JSON_FIELDS,
  jsonRenamed: GPG_JSON_RENAMED,
  operations: [USER_OP, OP],
  async run(ctx, input) {
    const user = await currentUser(ctx);
    const items = await paginate<GpgKey>(
      await ctx.http(),
      '/users/{selected_user}/gpg-keys',
      { selected_user: user },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
        // what the table and the --json fields read (gpgJson)
        fields: ['fingerprint', 'key_id', 'name', 'expires_on', 'added_on', 'created_on', 'last_used'],
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'Fingerprint', value: (k) => k.fingerprint ?? '' },
        { header: 'Name', value: (k) => k.name ?? '', flexible: true },
        { header: 'Key ID', value: (k) => k.key_id ?? '' },
        { header: 'Expires', value: (k) => k.expires_on ?? 'never' },
      ],
      toJson: gpgJson,
      empty: 'No GPG keys on your account',
    });
    return 0;
  },
});
