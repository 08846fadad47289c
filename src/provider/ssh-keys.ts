/**
 * Keys of Bitbucket Cloud accounts, as the Cloud adapter (src/provider/cloud/ssh-keys.ts) and the Cloud-only key
 * commands (`bb deploy-key`, `bb gpg-key`) read them: the current user (the key endpoints are under
 * /users/{selected_user}) and the key shape Cloud sends for SSH and deploy keys.
 */
import { must } from '../api/client.js';
import type { Context } from '../context/context.js';
import { BbError } from '../core/errors.js';

/** The operation currentUser calls. */
export const USER_OP = 'GET /user';

/** The account the key commands act on: `{uuid}` of the credential's user (GET /user). */
export async function currentUser(ctx: Context): Promise<string> {
  const api = await ctx.api();
  const me = must(await api.GET('/user')) as unknown as { uuid?: string; account_id?: string };
  const id = me.uuid ?? me.account_id;
  if (!id) throw new BbError('API_BAD_RESPONSE', 'GET /user gave no uuid');
  return id;
}

/** An SSH or deploy key as Cloud sends it. */
export interface CloudKey {
  uuid?: string;
  id?: number;
  key?: string;
  label?: string;
  comment?: string;
  fingerprint?: string;
  created_on?: string;
  added_on?: string;
  last_used?: string;
  expires_on?: string;
}

/** The Cloud key fields keyJson and the key tables read: the lists' `fields=`. */
export const CLOUD_KEY_FIELDS = ['uuid', 'id', 'label', 'key', 'comment', 'fingerprint', 'created_on', 'added_on', 'last_used'];

export function keyJson(k: CloudKey): Record<string, unknown> {
  return {
    id: k.uuid ?? (k.id !== undefined ? String(k.id) : null),
    label: k.label ?? '',
    key: k.key ?? null,
    comment: k.comment ?? null,
    fingerprint: k.fingerprint ?? null,
    createdAt: k.created_on ?? k.added_on ?? null,
    lastUsedAt: k.last_used ?? null,
  };
}
