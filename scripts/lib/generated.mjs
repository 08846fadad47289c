// Shared by the generators: write a generated file, or with --check compare it and fail on drift.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const check = process.argv.includes('--check');

/** Returns true when the file is up to date (check mode) or was written. */
export function emit(path, content) {
  let current;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (check) {
    if (current !== content) {
      console.error(`${path} is out of date: run \`npm run gen\` and commit the result`);
      process.exitCode = 1;
      return false;
    }
    return true;
  }
  if (current !== content) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.error(`wrote ${path}`);
  }
  return true;
}
