import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb, tempDir } from '../../../test/support/run.js';

const user = { display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u-1}', account_id: '1' };

test('auth login --with-token verifies with GET /user and stores the token 0600', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/user',
    body: user,
    check: ({ headers }) => assert.equal(headers.get('authorization'), `Basic ${Buffer.from('ada@example.com:tok123').toString('base64')}`),
  });
  const r = await runBb(['auth', 'login', '--email', 'ada@example.com', '--with-token'], { fetch: reg.fetch, stdin: 'tok123\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Logged in to api\.bitbucket\.test as Ada Lovelace/);
  assert.ok(!r.stderr.includes('tok123'), 'token never printed');
  const file = join(r.configDir, 'hosts.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(r.configDir).mode & 0o777, 0o700);
  reg.verify();

  // auth token prints it back; auth status reports it
  const t = await runBb(['auth', 'token'], { configDir: r.configDir });
  assert.equal(t.stdout, 'tok123\n');
  const reg2 = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user });
  const s = await runBb(['auth', 'status'], { configDir: r.configDir, fetch: reg2.fetch });
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, /Logged in as Ada Lovelace/);
  assert.match(s.stderr, /API token \(Basic/);
  assert.ok(!s.stderr.includes('tok123'));
});

test('auth login names the missing scope when verification is forbidden', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/user',
    status: 403,
    body: {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['read:user:bitbucket'], granted: ['read:repository:bitbucket'] },
      },
    },
  });
  const r = await runBb(['auth', 'login', '--email', 'ada@example.com', '--with-token'], { fetch: reg.fetch, stdin: 'tok' });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 1003 AUTH_VERIFY_FAILED: .*read:user:bitbucket/m);
});

test('auth login refuses to prompt without a terminal', async () => {
  const r = await runBb(['auth', 'login']);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 1004 AUTH_INPUT/m);
});

test('auth status exits 4 when not logged in; errors are JSON with --json', async () => {
  const r = await runBb(['auth', 'status', '--json', 'host'], { configDir: tempDir() });
  assert.equal(r.code, 4);
  const parsed = JSON.parse(r.stderr);
  assert.equal(parsed.error.code, 1001);
  assert.equal(parsed.error.name, 'AUTH_REQUIRED');
});

test('unknown command and unknown flag are usage errors with exit 2 and no stack', async () => {
  const a = await runBb(['frobnicate']);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /^error 5001 USAGE: unknown command 'frobnicate'/);
  const b = await runBb(['auth', 'status', '--bogus']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /^error 5001 USAGE: unknown option '--bogus'/);
  assert.doesNotMatch(a.stderr + b.stderr, /\n\s+at /);
});

test('auth git-credential answers git for the Bitbucket host only, with the right username per token kind', async () => {
  const env = { BB_TOKEN: 'secret-tok', BB_EMAIL: 'ada@example.com' };
  const ok = await runBb(['auth', 'git-credential', 'get'], { env, stdin: 'protocol=https\nhost=bitbucket.test\n\n' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'protocol=https\nhost=bitbucket.test\nusername=x-bitbucket-api-token-auth\npassword=secret-tok\n');
  const bearer = await runBb(['auth', 'git-credential', 'get'], { env: { BB_TOKEN: 'acc-tok' }, stdin: 'protocol=https\nhost=bitbucket.test\n' });
  assert.match(bearer.stdout, /^username=x-token-auth$/m);
  const other = await runBb(['auth', 'git-credential', 'get'], { env, stdin: 'protocol=https\nhost=evil.example\n' });
  assert.equal(other.code, 0);
  assert.equal(other.stdout, '', 'no credential for another host');
  const plain = await runBb(['auth', 'git-credential', 'get'], { env, stdin: 'protocol=http\nhost=bitbucket.test\n' });
  assert.equal(plain.stdout, '', 'no credential over plain http to a non-loopback host');
  const store = await runBb(['auth', 'git-credential', 'store'], { env, stdin: 'protocol=https\nhost=bitbucket.test\nusername=x\npassword=y\n' });
  assert.equal(store.code, 0);
  assert.equal(store.stdout, '');
});
