import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../test/support/fake-fetch.js';
import { runBb } from '../../test/support/run.js';
import { KeychainStore, KeychainUnavailable, MemorySecretStore } from './secrets.js';

const user = { display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u-1}', account_id: '1' };
const userStub = () => new FetchRegistry().stub({ method: 'GET', path: '/user', body: user });
const hostsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8'));

test('with a keychain, hosts.json keeps a reference and the secret lives in the keychain', async () => {
  const keychain = new MemorySecretStore();
  const r = await runBb(['auth', 'login', '--email', 'ada@example.com', '--with-token'], { fetch: userStub().fetch, stdin: 'tok-kc\n', secrets: keychain });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /stored in the OS keychain/);
  const account = hostsOf(r.configDir).hosts['api.bitbucket.test'].accounts['ada@example.com'];
  assert.deepEqual(account.token, { keychain: 'bb:api.bitbucket.test:ada@example.com' });
  assert.ok(!readFileSync(join(r.configDir, 'hosts.json'), 'utf8').includes('tok-kc'));
  assert.equal(keychain.secrets.get('bb:api.bitbucket.test:ada@example.com'), 'tok-kc');

  const t = await runBb(['auth', 'token'], { configDir: r.configDir, secrets: keychain });
  assert.equal(t.stdout, 'tok-kc\n');
  const s = await runBb(['auth', 'status', '--json', 'account,storage,source'], { configDir: r.configDir, secrets: keychain, fetch: userStub().fetch });
  assert.deepEqual(JSON.parse(s.stdout), [{ account: 'ada@example.com', storage: 'keychain', source: 'OS keychain' }]);

  const out = await runBb(['auth', 'logout'], { configDir: r.configDir, secrets: keychain });
  assert.equal(out.code, 0, out.stderr);
  assert.equal(keychain.secrets.size, 0, 'logout deletes the keychain entry');
});

test('without a reachable keychain: one-line notice, secret in the 0600 file', async () => {
  const keychain = new MemorySecretStore('no D-Bus session bus for the Secret Service');
  const r = await runBb(['auth', 'login', '--with-token'], { fetch: userStub().fetch, stdin: 'acc-tok\n', secrets: keychain });
  assert.equal(r.code, 0, r.stderr);
  const notices = r.stderr.split('\n').filter((l) => l.startsWith('! no OS keychain reachable'));
  assert.equal(notices.length, 1, r.stderr);
  assert.match(notices[0] as string, /no D-Bus session bus.*storing the credentials in .*hosts\.json \(mode 0600\)/);
  assert.equal(hostsOf(r.configDir).hosts['api.bitbucket.test'].accounts.ada.token, 'acc-tok');
  // reading a file-stored token never touches the keychain
  const calls = keychain.calls;
  const t = await runBb(['auth', 'token'], { configDir: r.configDir, secrets: keychain });
  assert.equal(t.stdout, 'acc-tok\n');
  assert.equal(keychain.calls, calls);
});

test('--insecure-storage keeps the secret in the file without asking the keychain', async () => {
  const keychain = new MemorySecretStore();
  const r = await runBb(['auth', 'login', '--with-token', '--insecure-storage'], { fetch: userStub().fetch, stdin: 'acc-tok\n', secrets: keychain });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(keychain.calls, 0);
  assert.doesNotMatch(r.stderr, /no OS keychain/);
  assert.equal(hostsOf(r.configDir).hosts['api.bitbucket.test'].accounts.ada.token, 'acc-tok');
});

test('a keychain reference whose keychain is unreachable is an auth error with a way out', async () => {
  const keychain = new MemorySecretStore();
  const r = await runBb(['auth', 'login', '--with-token'], { fetch: userStub().fetch, stdin: 'acc-tok\n', secrets: keychain });
  assert.equal(r.code, 0, r.stderr);
  keychain.unavailable = 'locked';
  const t = await runBb(['auth', 'token'], { configDir: r.configDir, secrets: keychain });
  assert.equal(t.code, 4);
  assert.match(t.stderr, /^error 1001 AUTH_REQUIRED: .*keychain, which is not reachable: locked/m);
  assert.match(t.stderr, /--insecure-storage/);
});

test('KeychainStore on Linux without a D-Bus session bus gives up at once, without loading the native module', async () => {
  const store = new KeychainStore({}, 3000, 'linux');
  const started = Date.now();
  await assert.rejects(store.set('bb:test:x', 'v'), (e: unknown) => e instanceof KeychainUnavailable && /D-Bus/.test((e as Error).message));
  assert.ok(Date.now() - started < 200, 'fast fallback');
  assert.equal(KeychainStore.unreachableReason({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, 'linux'), undefined);
  assert.equal(KeychainStore.unreachableReason({}, 'darwin'), undefined);
});

// test/e2e/keychain.test.ts starts a Secret Service of its own for bb; this one uses the session's, when it has one
test('the real OS keychain stores, reads and deletes a secret (skipped where there is none)', async (t) => {
  const store = new KeychainStore(process.env, 3000);
  const ref = `bb-test:keychain-probe:${process.pid}-${Date.now()}`;
  try {
    await store.set(ref, 'probe-secret');
  } catch (e) {
    if (e instanceof KeychainUnavailable) {
      t.skip(`no keychain in this session: ${e.message} (test/e2e/keychain.test.ts runs its own)`);
      return;
    }
    throw e;
  }
  try {
    assert.equal(await store.get(ref), 'probe-secret');
  } finally {
    await store.delete(ref);
  }
  assert.equal(await store.get(ref), undefined);
});
