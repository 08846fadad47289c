import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBb } from '../../../test/support/run.js';

const SRC = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : sources(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('testutil') ? [p] : [];
  });
}

test('bb help environment names every environment variable src/ reads', async () => {
  const read = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // reads: env.NAME / env['NAME'] not followed by an assignment; and names kept in constants ('BB_…')
    for (const m of text.matchAll(/env(?:\.([A-Z][A-Z0-9_]+)(?![A-Z0-9_])|\[['"]([A-Z][A-Z0-9_]+)['"]\])(?!\s*=[^=])/g)) read.add((m[1] ?? m[2]) as string);
    for (const m of text.matchAll(/['"`](BB_[A-Z0-9_]+)['"`]/g)) read.add(m[1] as string);
  }
  assert.ok(read.has('BB_HOST') && read.has('BB_TOKEN'), 'the scan finds the variables');
  const help = await runBb(['help', 'environment']);
  assert.equal(help.code, 0);
  const missing = [...read].filter((name) => !new RegExp(`\\b${name}\\b`).test(help.stdout)).sort();
  assert.deepEqual(missing, [], 'read in src/ but not in bb help environment');
});
