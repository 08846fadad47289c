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

test('coverage: every live Cloud operation is either reached by a command or listed with a reason', async () => {
  const { coverage, cloudOperations } = await import('../scripts/lib/coverage.js');
  const { COMMANDS } = await import('../src/cmd/registry.js');
  const ops = cloudOperations();
  const c = coverage(COMMANDS, ops);
  assert.equal(c.total, ops.length);
  assert.equal(c.live, c.total - c.deprecated - c.removed);
  assert.equal(c.reached + c.unreached.length, c.live);
  assert.equal(
    c.byTag.reduce((n, t) => n + t.reached, 0),
    c.reached,
  );
  // Known facts of the spec: the issue tracker is deprecated; pr list is reached; Connect app calls are explained.
  assert.equal(c.byTag.find((t) => t.tag === 'Issue tracker')?.live, 0);
  assert.ok(!c.unreached.some((u) => u.operation === 'GET /repositories/{workspace}/{repo_slug}/pullrequests'));
  assert.match(c.unreached.find((u) => u.operation === 'PUT /addon')?.reason ?? '', /Connect app/);
  // A removed operation (today's Bitbucket) is not live even where the spec does not mark it deprecated.
  const fake = [
    { operation: 'GET /x', tag: 'T', deprecated: false },
    { operation: 'GET /y', tag: 'T', deprecated: false, removed: 'gone' },
  ];
  const f = coverage([], fake);
  assert.deepEqual([f.live, f.removed, f.reached, f.unreached.length], [1, 1, 0, 1]);
});
