/** Shapes and JSON of `bb gpg-key …` (key material is read by ../ssh-key/key-material.ts). */
import { BbError } from '../../core/errors.js';

export interface GpgKey {
  fingerprint?: string;
  key_id?: string;
  name?: string;
  key?: string;
  expires_on?: string;
  created_on?: string;
  added_on?: string;
  last_used?: string;
}

export const GPG_JSON_FIELDS = ['fingerprint', 'keyId', 'name', 'expiresAt', 'createdAt', 'lastUsedAt'] as const;
/** Names these fields had before (one release: accepted with a notice, CommandMeta.jsonRenamed). */
export const GPG_JSON_RENAMED = { addedAt: 'createdAt', lastUsed: 'lastUsedAt' } as const;

export function gpgJson(k: GpgKey): Record<string, unknown> {
  return {
    fingerprint: k.fingerprint ?? null,
    keyId: k.key_id ?? null,
    name: k.name ?? null,
    expiresAt: k.expires_on ?? null,
    createdAt: k.added_on ?? k.created_on ?? null,
    lastUsedAt: k.last_used ?? null,
  };
}

export function checkGpgPublicKey(key: string): string {
  if (/PRIVATE KEY BLOCK/.test(key)) throw new BbError('INVALID_ARGUMENT', 'that is a private key: export the public one (gpg --armor --export KEYID)');
  if (!/-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(key)) {
    throw new BbError('INVALID_ARGUMENT', 'not an armored GPG public key', { hints: ['export it with: gpg --armor --export KEYID'] });
  }
  return key;
}
