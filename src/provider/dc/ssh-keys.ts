import type { components } from '../../api/generated/dc-schema.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { SshKey, SshKeyMethods } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { iso } from './shapes.js';

/** The authenticated user's own SSH keys (no `user` parameter: another user's keys need ADMIN). */
export const DC_SSH_KEY_OPERATIONS = {
  list: 'GET /ssh/latest/keys',
  add: 'POST /ssh/latest/keys',
  delete: 'DELETE /ssh/latest/keys/{keyId}',
} as const;
const OP = DC_SSH_KEY_OPERATIONS;

type DcSshKey = components['schemas']['RestSshKey'];

export function dcSshKey(k: DcSshKey): SshKey {
  const text = k.text ?? null;
  const comment = text?.split(/\s+/).slice(2).join(' ') || null;
  const last = k.lastAuthenticated;
  return {
    id: k.id === undefined ? null : String(k.id),
    label: k.label ?? '',
    key: text,
    comment,
    fingerprint: k.fingerprint ?? null,
    createdAt: iso(k.createdDate),
    lastUsedAt: last === undefined || last === '' ? null : iso(/^\d+$/.test(String(last)) ? Number(last) : last),
  };
}

export function sshKeyMethods(ctx: Context): SshKeyMethods {
  return {
    async listSshKeys(opts) {
      return (await dcPaginate<DcSshKey>(ctx, OP.list, {}, {}, opts)).map(dcSshKey);
    },
    async addSshKey(key, label) {
      const body = { text: key, ...(label !== undefined ? { label } : {}) };
      return {
        plan: [{ operation: OP.add, params: {}, body }],
        send: async () => dcSshKey(await dcSend<DcSshKey>(ctx, OP.add, {}, { body })),
      };
    },
    async deleteSshKey(id) {
      const keyId = id.trim();
      if (!/^[1-9]\d{0,17}$/.test(keyId))
        throw new BbError('INVALID_ARGUMENT', `"${keyId}" is not an SSH key id: expected its number`, { hints: ['list them with `bb ssh-key list`'] });
      return {
        id: keyId,
        plan: [{ operation: OP.delete, params: { keyId } }],
        send: async () => {
          await dcSend(ctx, OP.delete, { keyId });
        },
      };
    },
  };
}
