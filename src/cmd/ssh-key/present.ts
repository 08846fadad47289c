export const KEY_JSON_FIELDS = ['id', 'label', 'key', 'comment', 'fingerprint', 'createdAt', 'lastUsedAt'] as const;
/** Names these fields had before (one release: accepted with a notice, CommandMeta.jsonRenamed). */
export const KEY_JSON_RENAMED = { lastUsed: 'lastUsedAt' } as const;

/** `ssh-ed25519 AAAAC3…xyz` shortened for a table cell. */
export function shortKey(key: string | undefined): string {
  if (!key) return '';
  const [type, body] = key.split(/\s+/);
  return body ? `${type} …${body.slice(-12)}` : key.slice(0, 30);
}
