import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { API, ENV, fakeGit, FORBIDDEN, page } from '../pr/test-fixtures.js';

const SHA = 'c'.repeat(40);
const S = `${API}/commit/${SHA}/statuses`;

test('status list: HEAD of the clone by default; exit 8 pending, 1 failed, 0 passed', async () => {
  const git = fakeGit({ 'rev-parse HEAD': `${SHA}\n` });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: S, body: page([{ key: 'lint', name: 'Lint', state: 'INPROGRESS', url: 'https://ci/1' }]) })
    .stub({ method: 'GET', path: S, body: page([{ key: 'lint', name: 'Lint', state: 'FAILED', url: 'https://ci/1' }]) })
    .stub({ method: 'GET', path: S, body: page([{ key: 'lint', name: 'Lint', state: 'SUCCESSFUL', url: 'https://ci/1' }]) })
    .stub({ method: 'GET', path: S, body: page([]) });
  const pending = await runBb(['status', 'list'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(pending.code, 8);
  assert.equal(pending.stdout, 'INPROGRESS\tLint\tlint\t\thttps://ci/1\n');
  const failed = await runBb(['status', 'list', SHA], { fetch: reg.fetch, env: ENV });
  assert.equal(failed.code, 1);
  const ok = await runBb(['status', 'list', SHA, '--json', 'key,state,url'], { fetch: reg.fetch, env: ENV });
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.stdout), [{ key: 'lint', state: 'SUCCESSFUL', url: 'https://ci/1' }]);
  const none = await runBb(['status', 'list', SHA], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(none.code, 0);
  assert.match(none.stderr, /No checks reported on commit cccccccccccc/);
  reg.verify();
});

test('status list --watch waits with ctx.sleep until nothing is in progress', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: S, body: page([{ key: 'b', state: 'INPROGRESS' }]) })
    .stub({ method: 'GET', path: S, body: page([{ key: 'b', state: 'SUCCESSFUL' }]) });
  const r = await runBb(['status', 'list', SHA, '--watch'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /1 of 1 check in progress on commit cccccccccccc; checking again in 10s/);
  reg.verify();
});

test('status set: POSTs the status once; --state, --key and --url required; --dry-run sends nothing; 403 names the scope', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: `${S}/build`,
    status: 201,
    body: { key: 'lint', state: 'SUCCESSFUL', url: 'https://ci/9' },
    check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'commitstatus', key: 'lint', state: 'SUCCESSFUL', name: 'Lint', url: 'https://ci/9' }),
  });
  const r = await runBb(['status', 'set', SHA, '--state', 'SUCCESSFUL', '--key', 'lint', '--name', 'Lint', '--url', 'https://ci/9'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Set lint to SUCCESSFUL on cccccccccccc in acme\/web/);
  reg.verify();
  const missing = await runBb(['status', 'set', SHA, '--state', 'FAILED', '--url', 'https://ci/9'], { env: ENV });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--key is required/);
  const bad = await runBb(['status', 'set', SHA, '--state', 'GREEN', '--key', 'k'], { env: ENV });
  assert.equal(bad.code, 2);
  const empty = new FetchRegistry();
  const dry = await runBb(['status', 'set', SHA, '--state', 'FAILED', '--key', 'k', '--url', 'https://ci/9', '--dry-run'], { fetch: empty.fetch, env: ENV });
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /^would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/commit\/c+\/statuses\/build\n/);
  assert.equal(empty.requests.length, 0);
  const reg2 = new FetchRegistry().stub({ method: 'POST', path: `${S}/build`, status: 403, body: FORBIDDEN });
  const f = await runBb(['status', 'set', SHA, '--state', 'FAILED', '--key', 'k', '--url', 'https://ci/9'], {
    fetch: reg2.fetch,
    env: { ...ENV, BB_EMAIL: 'a@example.com' },
  });
  assert.equal(f.code, 4);
  assert.match(f.stderr, /^error 2003 API_FORBIDDEN/);
});

test('status set without --url: refused before any request, on Cloud and on Data Center (both require a url)', async () => {
  const none = new FetchRegistry();
  const cloud = await runBb(['status', 'set', SHA, '--state', 'SUCCESSFUL', '--key', 'lint'], { fetch: none.fetch, env: ENV });
  assert.equal(cloud.code, 2, cloud.stderr);
  assert.match(cloud.stderr, /^error 5002 INVALID_ARGUMENT: a build status needs --url, the link to the build: Bitbucket requires one\n/);
  assert.match(cloud.stderr, /--url links the status to its build: Bitbucket requires one/);
  const blank = await runBb(['status', 'set', SHA, '--state', 'SUCCESSFUL', '--key', 'lint', '--url', ' '], { fetch: none.fetch, env: ENV });
  assert.equal(blank.code, 2);
  const all = await runBb(['status', 'set', SHA], { fetch: none.fetch, env: ENV });
  assert.match(all.stderr, /^error 5002 INVALID_ARGUMENT: --state, --key and --url are required\n/);
  const dc = await runBb(['status', 'set', SHA, '--state', 'SUCCESSFUL', '--key', 'lint', '-R', 'bitbucket.example.test/PROJ/api'], {
    fetch: none.fetch,
    env: { BB_HOST: 'https://bitbucket.example.test', BB_TOKEN: 'dc-token' },
  });
  assert.equal(dc.code, 2, dc.stderr);
  assert.match(dc.stderr, /^error 5002 INVALID_ARGUMENT: a build status needs --url/);
  assert.equal(none.requests.length, 0);
  // the help says so
  const help = await runBb(['status', 'set', '--help']);
  assert.match(help.stdout.replace(/\s+/g, ' '), /--url, the link back to the build, is required on both hosts/);
});
