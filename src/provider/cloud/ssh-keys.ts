import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { CLOUD_KEY_FIELDS, type CloudKey as CloudSshKey, currentUser, keyJson } from '../ssh-keys.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { SshKey, SshKeyMethods } from '../types.js';

export const CLOUD_SSH_KEY_OPERATIONS = {
  list: 'GET /users/{selected_user}/ssh-keys',
  add: 'POST /users/{selected_user}/ssh-keys',
  delete: 'DELETE /users/{selected_user}/ssh-keys/{key_id}',
} as const;
const OP = CLOUD_SSH_KEY_OPERATIONS;

export function cloudSshKey(k: CloudSshKey): SshKey {
  return keyJson(k) as unknown as SshKey;
}

/** Cloud SSH keys: the requests `bb ssh-key …` sent before the provider boundary (GET /user, then the key call). */
export function sshKeyMethods(ctx: Context): SshKeyMethods {
  return {
    async listSshKeys(opts) {
      const user = await currentUser(ctx);
      const items = await paginate<CloudSshKey>(
        await ctx.http(),
        '/users/{selected_user}/ssh-keys',
        { selected_user: user },
        {},
        { ...opts, fields: CLOUD_KEY_FIELDS },
      );
      return items.map(cloudSshKey);
    },
    async addSshKey(key, label) {
      const body = { key, ...(label !== undefined ? { label } : {}) };
      return {
        plan: [{ operation: OP.add, params: { selected_user: '{you}' }, body }],
        async send() {
          const user = await currentUser(ctx);
          const api = await ctx.api();
          return cloudSshKey(
            must(
              await api.POST('/users/{selected_user}/ssh-keys', { params: { path: { selected_user: user } }, body: body as never }),
            ) as unknown as CloudSshKey,
          );
        },
      };
    },
    async deleteSshKey(id) {
      const raw = id.trim();
      const m = /^\{?([0-9a-f-]{36})\}?$/i.exec(raw);
      if (!m?.[1]) throw new BbError('INVALID_ARGUMENT', `"${raw}" is not an SSH key id: expected its UUID`, { hints: ['list them with `bb ssh-key list`'] });
      const keyId = `{${m[1].toLowerCase()}}`;
      return {
        id: keyId,
        plan: [{ operation: OP.delete, params: { selected_user: '{you}', key_id: keyId } }],
        async send() {
          const user = await currentUser(ctx);
          const api = await ctx.api();
          await api.DELETE('/users/{selected_user}/ssh-keys/{key_id}', { params: { path: { selected_user: user, key_id: keyId } } });
        },
      };
    },
  };
}
