/**
 * The layering of src/ (CONTRIBUTING.md, "Layout"): each layer imports only those below it, commands never reach a
 * host's implementation nor test the host kind, the provider never imports a command, and the fake server shares
 * nothing with the client. The rules live in scripts/lib/layers.mjs; the last tests prove the checker can fail.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { edgesOf, folderCycles, hostKindTests, importEdges, MAY_IMPORT, violations } from '../scripts/lib/layers.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const edges = importEdges(ROOT);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') && !e.name.includes('.test.') ? [`${dir}/${e.name}`] : [],
  );
}

test('every folder of src/ is a layer with its allowed imports', () => {
  const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  assert.deepEqual(
    folders.filter((f) => !(f in MAY_IMPORT)),
    [],
  );
  assert.ok(edges.length > 1000, `the import graph was read (${edges.length} edges)`);
});

test('imports go downward only: no import breaks a layer rule', () => {
  assert.deepEqual(violations(edges), []);
});

test('no cycle between the folders of src/', () => {
  assert.deepEqual(folderCycles(edges, 1), []);
});

test('commands never test which kind of host they run on', () => {
  const found = sourceFiles('src/cmd').flatMap((f) => hostKindTests(f, readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(found, [], 'what differs between Cloud and Data Center is decided in src/provider');
});

// The checker itself: each rule fails on the import it forbids.
const edge = (from: string, text: string) => edgesOf(from, text);

test('the checker refuses a command importing a host implementation', () => {
  const v = violations(edge('src/cmd/pr/merge.ts', "import { dcMerge } from '../../provider/dc/pullrequests.js';"));
  assert.match(v.join('\n'), /src\/cmd\/pr\/merge\.ts imports src\/provider\/dc\/pullrequests\.ts: commands call the provider/);
});

test('the checker refuses the provider importing a command, also through a dynamic import or a type', () => {
  assert.match(
    violations(edge('src/provider/cloud/refs.ts', "const m = await import('../../cmd/branch/list.js');")).join('\n'),
    /the provider knows Bitbucket, not the commands/,
  );
  assert.match(violations(edge('src/provider/types.ts', "import type { CommandDef } from '../cmd/define.js';")).join('\n'), /the provider knows Bitbucket/);
});

test('the checker refuses the client importing the sandbox, and the sandbox importing client tables', () => {
  assert.match(violations(edge('src/api/dc-errors.ts', "import { matchRoute } from '../sandbox/router.js';")).join('\n'), /only `bb sandbox`/);
  assert.match(violations(edge('src/sandbox/auth.ts', "import { expandLegacy } from '../scopes/legacy.js';")).join('\n'), /never the client's code or tables/);
  assert.deepEqual(violations(edge('src/sandbox/auth.ts', "import { OPERATIONS } from '../scopes/generated/operations.js';")), []);
  assert.deepEqual(violations(edge('src/cmd/sandbox/sandbox.ts', "import { startSandbox } from '../../sandbox/index.js';")), []);
});

test('the checker refuses an upward import between core layers, and finds a folder cycle', () => {
  assert.match(violations(edge('src/util/fs.ts', "import type { Context } from '../context/context.js';")).join('\n'), /layer util may not import context/);
  const cycle = [...edge('src/api/http.ts', "import { x } from '../auth/oauth.js';"), ...edge('src/auth/oauth.ts', "import { y } from '../api/http.js';")];
  assert.deepEqual(folderCycles(cycle, 1), [['src/api', 'src/auth']]);
});

test('the checker finds a host-kind test in a command', () => {
  assert.equal(hostKindTests('src/cmd/x.ts', "if (host.kind === 'dc') return;").length, 1);
  assert.equal(hostKindTests('src/cmd/x.ts', "const label = p.kind !== 'cloud' ? 'ID' : 'UUID';").length, 1);
  assert.equal(hostKindTests('src/cmd/x.ts', "if (credential.kind === 'api-token') return;").length, 0);
});
