import { readAll, readFileLimited } from '../../util/input.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { CommandInput } from '../define.js';
import type { Variable } from './levels.js';

export const MASK = '••••••••';

export function variableJson(v: Variable): Record<string, unknown> {
  return { uuid: v.uuid, key: v.key, value: v.secured ? null : (v.value ?? ''), secured: Boolean(v.secured) };
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkKey(key: unknown): string {
  const k = typeof key === 'string' ? key.trim() : '';
  if (!KEY.test(k)) throw new BbError('INVALID_ARGUMENT', `"${k}" is not a variable name (letters, digits and _, not starting with a digit)`);
  return k;
}

/** --value, --value-file (- = stdin), or standard input when it is not a terminal. */
export async function readValue(ctx: Context, input: CommandInput): Promise<string> {
  const { value, valueFile } = input.flags as { value?: string; valueFile?: string };
  if (value !== undefined && valueFile !== undefined) throw new BbError('INVALID_ARGUMENT', '--value and --value-file cannot be used together');
  if (value !== undefined) return value;
  if (valueFile !== undefined && valueFile !== '-') {
    try {
      return readFileLimited(valueFile)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    } catch (e) {
      throw new BbError('INPUT_READ_FAILED', `cannot read ${valueFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (valueFile === '-' || !ctx.io.stdinIsTTY) {
    const piped = (await readAll(ctx.io.in)).replace(/\r?\n$/, '');
    // an empty stdin is a script that forgot the value, not a request for an empty variable
    if (piped === '')
      throw new BbError('INVALID_ARGUMENT', 'no value: stdin was empty', {
        hints: ['pipe the value in, or pass --value or --value-file (--value "" sets an empty value)'],
      });
    return piped;
  }
  if (ctx.io.canPrompt) return ctx.prompter.password('Value:');
  throw new BbError('INVALID_ARGUMENT', 'no value: pass --value, --value-file, or pipe it in');
}
