import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BbError } from '../core/errors.js';

/**
 * The one place bb reads what a user hands it (`--body-file`, `--input`, `-F key=@file`, key and secret
 * files, standard input): never more than MAX_INPUT_BYTES. `--body-file /dev/zero` or an endless pipe
 * stops with INPUT_READ_FAILED (5007) at the limit instead of growing until the machine runs out of memory.
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function tooLarge(what: string, limit: number): BbError {
  return new BbError('INPUT_READ_FAILED', `${what} is larger than ${Math.round(limit / 1024 / 1024)} MiB: bb reads no more of it`, {
    hints: ['pass a smaller file; a request body, comment or description is never this large'],
  });
}

/** A whole stream (standard input), at most `limit` bytes. */
export async function readStreamLimited(stream: NodeJS.ReadableStream, what = 'standard input', limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += b.length;
    if (total > limit) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLarge(what, limit);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** A whole stream as text (standard input for `--with-token`, `--body-file -`…), at most MAX_INPUT_BYTES. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return (await readStreamLimited(stream)).toString('utf8');
}

/**
 * A whole file, at most `limit` bytes: a regular file's size is checked first, and anything else (a device,
 * a FIFO) is read only up to the limit. Errors are INPUT_READ_FAILED naming the file.
 */
export function readFileLimited(path: string, limit = MAX_INPUT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new BbError('INPUT_READ_FAILED', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new BbError('INPUT_READ_FAILED', `cannot read ${path}: EISDIR`);
    if (st.isFile() && st.size > limit) throw tooLarge(path, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge(path, limit);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof BbError) throw e;
    throw new BbError('INPUT_READ_FAILED', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** A file's text, or standard input's for `-`, bounded. */
export async function readInputText(stdin: NodeJS.ReadableStream, file: string, limit = MAX_INPUT_BYTES): Promise<string> {
  return (file === '-' ? await readStreamLimited(stdin, 'standard input', limit) : readFileLimited(file, limit)).toString('utf8');
}
