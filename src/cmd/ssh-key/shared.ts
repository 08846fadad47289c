/**
 * Helpers shared by `bb ssh-key`, `bb gpg-key` and `bb deploy-key`: the current user (the key
 * endpoints are under /users/{selected_user}), and key material from --key-file or standard input.
 */
import { readFileLimited } from '../../util/input.js';
import { must } from '../../api/client.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { readAll } from '../../util/input.js';
import type { CommandInput } from '../define.js';

export const USER_OP = 'GET /user';

export const KEY_FILE_FLAG = {
  name: 'key-file',
  short: 'f',
  type: 'string',
  valueName: 'FILE',
  description: 'read the public key from a file (- or omitted: standard input)',
} as const;

/** The account the key commands act on: `{uuid}` of the credential's user (GET /user). */
export async function currentUser(ctx: Context): Promise<string> {
  const api = await ctx.api();
  const me = must(await api.GET('/user')) as unknown as { uuid?: string; account_id?: string };
  const id = me.uuid ?? me.account_id;
  if (!id) throw new BbError('API_BAD_RESPONSE', 'GET /user gave no uuid');
  return id;
}

/** Key material: --key-file FILE, or standard input (`-`, or when stdin is not a terminal). */
export async function readKey(ctx: Context, input: CommandInput, what: string): Promise<string> {
  const file = input.flags.keyFile as string | undefined;
  let text: string;
  if (file !== undefined && file !== '-') {
    try {
      text = readFileLimited(file).toString('utf8');
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else if (file === '-' || !ctx.io.stdinIsTTY) {
    text = await readAll(ctx.io.in);
  } else {
    throw new BbError('INVALID_ARGUMENT', `no ${what}: pass --key-file FILE, or pipe it in`, { hints: [`for example: --key-file ~/.ssh/id_ed25519.pub`] });
  }
  text = text.trim();
  if (!text) throw new BbError('INVALID_ARGUMENT', `the ${what} is empty`);
  return text;
}

/** An SSH public key, never a private one (a common slip: id_ed25519 instead of id_ed25519.pub). */
export function checkSshPublicKey(key: string): string {
  if (/PRIVATE KEY/.test(key)) {
    throw new BbError('INVALID_ARGUMENT', 'that is a private key: give the public one (the .pub file)', {
      hints: ['for example: --key-file ~/.ssh/id_ed25519.pub'],
    });
  }
  if (!/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-\S+)\s+[A-Za-z0-9+/=]+/.test(key)) {
    throw new BbError('INVALID_ARGUMENT', 'not an OpenSSH public key (expected "ssh-ed25519 AAAA… comment")');
  }
  return key.split('\n')[0] as string;
}

export interface SshKey {
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

export const KEY_JSON_FIELDS = ['id', 'label', 'key', 'comment', 'fingerprint', 'createdAt', 'lastUsed'] as const;

export function keyJson(k: SshKey): Record<string, unknown> {
  return {
    id: k.uuid ?? (k.id !== undefined ? String(k.id) : null),
    label: k.label ?? '',
    key: k.key ?? null,
    comment: k.comment ?? null,
    fingerprint: k.fingerprint ?? null,
    createdAt: k.created_on ?? k.added_on ?? null,
    lastUsed: k.last_used ?? null,
  };
}

/** `ssh-ed25519 AAAAC3…xyz` shortened for a table cell. */
export function shortKey(key: string | undefined): string {
  if (!key) return '';
  const [type, body] = key.split(/\s+/);
  return body ? `${type} …${body.slice(-12)}` : key.slice(0, 30);
}
