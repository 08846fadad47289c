import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

/**
 * `bb sandbox --legacy`: the APIs Bitbucket Cloud removed (issue tracker, cross-workspace listings) answer 410 Gone
 * by default, as Bitbucket does; with --legacy the sandbox serves them, for testing old scripts.
 */

const REMOVED = ['/repositories/acme/web/issues', '/repositories', '/workspaces', '/user/permissions/workspaces'];

describe('bb sandbox (today: no --legacy)', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.stop());

  test('the removed APIs answer 410 Gone, and bb says API_GONE', async () => {
    for (const path of REMOVED) assert.equal((await sb.api(path)).status, 410, path);
    assert.deepEqual(await (await fetch(`${sb.admin}/settings`)).json(), { legacy: false, rateLimitPerHour: 1_000_000 });
    const r = await bb(['issue', 'list', '-R', 'acme/web'], { env: sb.env() });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^error 2012 API_GONE/m);
  });
});

describe('bb sandbox --legacy', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox({ args: ['--legacy'] });
  });
  after(() => sb.stop());

  test('serves the removed APIs; the setting says so; bb issue list works', async () => {
    // GET /repositories was never implemented here: with --legacy it is the sandbox's 501, no longer a 410
    for (const path of REMOVED) assert.equal((await sb.api(path)).status, path === '/repositories' ? 501 : 200, path);
    assert.deepEqual(await (await fetch(`${sb.admin}/settings`)).json(), { legacy: true, rateLimitPerHour: 1_000_000 });
    const r = await bb(['issue', 'list', '-R', 'acme/web', '--json', 'id'], { env: sb.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(JSON.parse(r.stdout)));
  });
});

test('--legacy is for the Cloud sandbox: --kind dc --legacy is error 5002, exit status 2', async () => {
  const r = await bb(['sandbox', '--kind', 'dc', '--legacy', '--port', '0']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --legacy is for the Cloud sandbox/);
});

test('bb sandbox --help documents --legacy with an example', async () => {
  const r = await bb(['sandbox', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /--legacy\s+also serve the APIs Bitbucket Cloud removed/);
  assert.match(r.stdout, /^\s*\$ bb sandbox --legacy$/m);
});
