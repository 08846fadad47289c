import { readFileSync } from 'node:fs';

declare const __BB_VERSION__: string | undefined;

/** bb's version: fixed into the bundle by the build; read from package.json when run from source. */
export const VERSION: string = typeof __BB_VERSION__ !== 'undefined' ? __BB_VERSION__ : sourceVersion();

function sourceVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}
