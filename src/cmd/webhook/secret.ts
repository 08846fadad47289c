import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { readAll, readFileLimited } from '../../util/input.js';
import type { CommandInput } from '../define.js';

/** The secret from --secret-file (`-` = standard input) or --secret; never printed. */
export async function readSecret(ctx: Context, input: CommandInput): Promise<string | undefined> {
  const { secret, secretFile } = input.flags as { secret?: string; secretFile?: string };
  if (secret !== undefined && secretFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--secret and --secret-file cannot be used together');
  let value = secret;
  if (secretFile === '-') value = await readAll(ctx.io.in);
  else if (secretFile !== undefined) {
    try {
      value = readFileLimited(secretFile).toString('utf8');
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${secretFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (value === undefined) return undefined;
  value = value.replace(/\r?\n$/, '');
  if (!value) throw new BbError('INVALID_ARGUMENT', 'the webhook secret is empty');
  return value;
}
