/**
 * The README's first Quick start command ends in `node scripts/demo.mjs`: the tour must run from start
 * to end against a fresh sandbox, with bb's real output. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('the demo tour runs end to end: clone, push, pull request to merge, pipeline logs, scopes', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  const out = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.doesNotMatch(out, /demo stopped/);
  assert.match(out, /✓ Logged in to 127\.0\.0\.1:\d+ as Sandbox Developer/);
  assert.match(out, /^acme\/web\tThe Acme web front end\tprivate/m);
  assert.match(out, /✓ Created pull request #\d+ in acme\/web: feature\/faster-search → main/);
  assert.match(out, /✓ Merged pull request #\d+ \(Make search faster\)/);
  assert.match(out, /Make search faster/);
  assert.match(out, /Step "Build" finished \(exit code 0\)/);
  assert.match(out, /\$ bb scopes record -- .*review\.sh\nread:pullrequest:bitbucket\nwrite:pullrequest:bitbucket\n/);
  assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
});
