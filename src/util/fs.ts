import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// node:fs/promises and node:crypto are loaded only when a file is written: startup needs neither.

/** Read a JSON file; undefined when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as T;
}

/**
 * Write a file atomically (temp file in the same directory, then rename) with the given mode, creating
 * the directory with `dirMode`. A crash mid-write never leaves a half-written file behind.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600, dirMode = 0o700): Promise<void> {
  const [{ chmod, mkdir, rename, writeFile }, { randomBytes }] = await Promise.all([import('node:fs/promises'), import('node:crypto')]);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: dirMode });
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, data, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
