/**
 * The sandbox enforces what the spec and Bitbucket's published rules say, never what bb's client declares
 * (ARCHITECTURE: the sandbox does not import the client's tables). It must not import src/cmd or src/provider at
 * all; each import from src/api or src/scopes is listed here with what it is, so a new one is a decision.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
const SANDBOX = join(ROOT, 'src', 'sandbox');

const KNOWN: Record<string, string> = {
  'src/scopes/generated/operations.ts': "generated from the vendored Cloud spec: each operation's own scopes",
  'src/scopes/generated/dc-operations.ts': 'generated from the vendored Data Center spec',
  'src/api/match.ts': 'matching a request path to a spec path template (no table)',
  // Not yet the sandbox's own (the client's tables, used for enforcement): to be given sources of their own.
  'src/api/paginate.ts': "the client's page-size limits (maxPagelen), used to cap pagelen",
  'src/scopes/legacy.ts': "the client's legacy implications (expandLegacy), used to check legacy-scoped tokens",
  'src/scopes/dc-permissions.ts': "the client's Data Center permission ranks, used to check DC tokens",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

test('the sandbox imports nothing from src/cmd or src/provider, and only the listed modules of src/api and src/scopes', () => {
  const found = new Map<string, string[]>();
  for (const file of files(SANDBOX)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)) {
      const target = relative(ROOT, resolve(dirname(file), m[1] as string)).replace(/\.js$/, '.ts');
      if (target.startsWith('src/sandbox/')) continue;
      found.set(target, [...(found.get(target) ?? []), relative(ROOT, file)]);
    }
  }
  const forbidden = [...found].filter(([t]) => /^src\/(cmd|provider)\//.test(t)).map(([t, by]) => `${t} (imported by ${by.join(', ')})`);
  assert.deepEqual(forbidden, [], 'the sandbox takes what it enforces from the spec and the docs, not from the client');
  const unlisted = [...found].filter(([t]) => /^src\/(api|scopes)\//.test(t) && !(t in KNOWN)).map(([t, by]) => `${t} (imported by ${by.join(', ')})`);
  assert.deepEqual(unlisted, [], "a new import of the client's api/scopes modules: give the sandbox its own source, or list it with a reason");
  assert.deepEqual(
    Object.keys(KNOWN).filter((t) => !found.has(t)),
    [],
    'stale entries',
  );
});
