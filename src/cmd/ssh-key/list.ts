import { paginate } from '../../api/paginate.js';
import { printList } from '../../output/command-output.js';
import { defineCommand } from '../define.js';
import { currentUser, KEY_JSON_FIELDS, keyJson, type SshKey, shortKey, USER_OP } from './shared.js';

const OP = 'GET /users/{selected_user}/ssh-keys';

export default defineCommand({
  path: ['ssh-key', 'list'],
  summary: 'List the SSH keys of your account',
  description: 'Lists the SSH public keys on your Bitbucket account (the user of the credential).',
  examples: ['bb ssh-key list', 'bb ssh-key list --json id,label,key'],
  list: true,
  json: KEY_JSON_FIELDS,
  operations: [USER_OP, OP],
  dcOperations: ['GET /ssh/latest/keys'],
  // Data Center needs are declared for `bb scopes --dc`; the command's DC adapter is not written yet.
  hosts: ['cloud'],
  async run(ctx, input) {
    const user = await currentUser(ctx);
    const items = await paginate<SshKey>(
      await ctx.http(),
      '/users/{selected_user}/ssh-keys',
      { selected_user: user },
      {},
      {
        limit: input.flags.limit as number | undefined,
        all: Boolean(input.flags.all),
      },
    );
    await printList(ctx, input, items, {
      columns: [
        { header: 'ID', value: (k) => k.uuid ?? '' },
        { header: 'Label', value: (k) => k.label ?? '', flexible: true },
        { header: 'Key', value: (k) => shortKey(k.key) },
        { header: 'Added', value: (k) => k.created_on ?? '' },
      ],
      toJson: keyJson,
      empty: 'No SSH keys on your account',
    });
    return 0;
  },
});
