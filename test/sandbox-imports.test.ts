/**
 * The sandbox enforces what the spec and Bitbucket's published rules say, never what bb's client declares
 * (ARCHITECTURE: the sandbox does not import the client's tables), and the client does not lean on the sandbox:
 * - the sandbox imports, outside src/sandbox, only data generated from the vendored specs (src/scopes/generated,
 *   src/api/generated) and generic utilities (src/util);
 * - outside src/sandbox, only the `bb sandbox` command (src/cmd/sandbox) imports the sandbox (tests may too).
 * Static and dynamic imports alike. Where the sandbox keeps its own copy of a fact the client also encodes,
 * test/sandbox-tables.test.ts compares the two.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** What the sandbox may import from outside itself, and why. */
const ALLOWED: Array<[RegExp, string]> = [
  [/^src\/scopes\/generated\//, 'generated from the vendored specs (operations, their scopes and DC permissions)'],
  [/^src\/api\/generated\//, 'generated from the vendored specs (types)'],
  [/^src\/util\//, 'generic utilities (atomic files, path-template matching), no Bitbucket table'],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of the source tree as [importer, target], both relative to the repository root. */
function edges(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^(?:import|export)\s[^;]*?from\s+|\bimport\s*\(\s*)'(\.[^']+)'/gm)) {
      out.push([relative(ROOT, file), relative(ROOT, resolve(dirname(file), m[1] as string)).replace(/\.js$/, '.ts')]);
    }
  }
  return out;
}

test('the sandbox imports only spec-generated data and generic utilities from outside itself', () => {
  const bad = edges()
    .filter(([from, to]) => from.startsWith('src/sandbox/') && !to.startsWith('src/sandbox/') && !ALLOWED.some(([re]) => re.test(to)))
    .map(([from, to]) => `${from} -> ${to}`);
  assert.deepEqual(bad, [], "the sandbox takes what it enforces from the spec and the docs, not from the client's code");
});

test('outside the sandbox, only the bb sandbox command imports it', () => {
  const bad = edges()
    .filter(([from, to]) => to.startsWith('src/sandbox/') && !from.startsWith('src/sandbox/') && !from.startsWith('src/cmd/sandbox/'))
    .map(([from, to]) => `${from} -> ${to}`);
  assert.deepEqual(bad, [], 'the client needs nothing of the sandbox');
});

test('the import scan sees static and dynamic imports (it can fail)', () => {
  const all = edges();
  assert.ok(
    all.some(([from, to]) => from === 'src/cmd/sandbox/sandbox.ts' && to === 'src/sandbox/index.ts'),
    'the dynamic import of the sandbox',
  );
  assert.ok(all.some(([from, to]) => from === 'src/sandbox/router.ts' && to === 'src/util/route-match.ts'));
});
