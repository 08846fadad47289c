import { printList } from '../shared/print.js';
import { provider } from '../../provider/index.js';
import type { SshKey } from '../../provider/types.js';
import { defineCommand } from '../define.js';
import { USER_OP } from '../../provider/ssh-keys.js';
import { KEY_JSON_FIELDS, KEY_JSON_RENAMED, shortKey } from './present.js';

const OP = 'GET /users/{selected_user}/ssh-keys';

export default defineCommand({
  path: ['ssh-key', 'list'],
  summary: 'List the SSH keys of your account',
  description:
    'Lists the SSH public keys on your Bitbucket account (the user of the credential). On Data Center a key is named by its number, on Cloud by its UUID.',
  examples: ['bb ssh-key list', 'bb ssh-key list --json id,label,key'],
  list: true,
  json: KEY_JSON_FIELDS,
  jsonRenamed: KEY_JSON_RENAMED,
  operations: [USER_OP, OP],
  dcOperations: ['GET /ssh/latest/keys'],
  async run(ctx, input) {
    const p = await provider(ctx);
    const items = await p.listSshKeys({ limit: input.flags.limit as number | undefined, all: Boolean(input.flags.all) });
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (k) => k.id ?? '' },
        { header: 'Label', value: (k) => k.label, flexible: true },
        { header: 'Key', value: (k) => shortKey(k.key ?? undefined) },
        { header: 'Added', value: (k) => k.createdAt ?? '' },
      ],
      toJson: (k: SshKey) => ({ ...k }),
      empty: 'No SSH keys on your account',
    });
    return 0;
  },
});
