/** Public key material for `bb ssh-key`, `bb gpg-key` and `bb deploy-key`: from --key-file or standard input, checked. */
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { readAll, readFileLimited } from '../../util/input.js';
import type { CommandInput } from '../define.js';

export const KEY_FILE_FLAG = {
  name: 'key-file',
  short: 'f',
  type: 'string',
  valueName: 'FILE',
  description: 'read the public key from a file (- or omitted: standard input)',
} as const;

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
