/**
 * docs/scopes.md is generated (scripts/gen-scope-docs.ts) from the command definitions and the spec: it must not
 * drift, and its comparison with the hand-written table of shared/seeds/003 must keep finding the known errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seedDifferences } from '../scripts/gen-scope-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));

test('scripts/gen-scope-docs.ts --check: no drift', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-scope-docs.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `docs/scopes.md is out of date (run \`npm run gen\`):\n${r.stderr}${r.stdout}`);
});

test('seed 003 differences: the rows a hand-written table gets wrong', () => {
  const diff = new Map(seedDifferences().map((d) => [d.command, d]));
  assert.deepEqual(diff.get('repo delete')?.missing, ['delete:repository:bitbucket']);
  assert.deepEqual(diff.get('repo default-reviewers add')?.missing, ['admin:repository:bitbucket']);
  assert.deepEqual(diff.get('status set')?.extra, ['write:repository:bitbucket']);
  assert.deepEqual(diff.get('pr comments add')?.spec, ['read:pullrequest:bitbucket']);
  assert.deepEqual(diff.get('snippet delete')?.missing, ['delete:snippet:bitbucket']);
  assert.ok(!diff.has('repo view'), 'rows that agree are not listed');
});
