import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const ada = { display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u-1}', account_id: '1' };
const bob = { display_name: 'Bob Builder', nickname: 'bob', uuid: '{u-2}', account_id: '2' };

/** Two stored logins on the same host: ada (API token), then bob (access token, active). */
async function twoAccounts(): Promise<string> {
  const a = await runBb(['auth', 'login', '--email', 'ada@example.com', '--with-token'], {
    fetch: new FetchRegistry().stub({ method: 'GET', path: '/user', body: ada }).fetch,
    stdin: 'tok-ada\n',
  });
  assert.equal(a.code, 0, a.stderr);
  const b = await runBb(['auth', 'login', '--with-token'], {
    configDir: a.configDir,
    fetch: new FetchRegistry().stub({ method: 'GET', path: '/user', body: bob }).fetch,
    stdin: 'tok-bob\n',
  });
  assert.equal(b.code, 0, b.stderr);
  return a.configDir;
}

const active = (dir: string) => JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')).hosts['api.bitbucket.test'].active;

test('several accounts: the last login is active; auth token --account picks another', async () => {
  const dir = await twoAccounts();
  assert.equal(active(dir), 'bob');
  assert.equal((await runBb(['auth', 'token'], { configDir: dir })).stdout, 'tok-bob\n');
  assert.equal((await runBb(['auth', 'token', '--account', 'ada@example.com'], { configDir: dir })).stdout, 'tok-ada\n');
  const missing = await runBb(['auth', 'token', '--account', 'carol'], { configDir: dir });
  assert.equal(missing.code, 4);
});

test('auth switch: --account, toggling between two without a terminal, asking on a terminal', async () => {
  const dir = await twoAccounts();
  const s1 = await runBb(['auth', 'switch', '--account', 'ada@example.com'], { configDir: dir });
  assert.equal(s1.code, 0, s1.stderr);
  assert.match(s1.stderr, /Switched the active account on api\.bitbucket\.test to ada@example\.com/);
  assert.equal((await runBb(['auth', 'token'], { configDir: dir })).stdout, 'tok-ada\n');

  const s2 = await runBb(['auth', 'switch'], { configDir: dir });
  assert.equal(s2.code, 0, s2.stderr);
  assert.equal(active(dir), 'bob');

  const prompts: string[] = [];
  const s3 = await runBb(['auth', 'switch'], {
    configDir: dir,
    tty: true,
    prompter: {
      input: async (m) => {
        prompts.push(m);
        return '1';
      },
    },
  });
  assert.equal(s3.code, 0, s3.stderr);
  assert.match(s3.stderr, /1\. ada@example\.com\n {2}2\. bob \(active\)/);
  assert.equal(active(dir), 'ada@example.com');

  const bad = await runBb(['auth', 'switch', '--account', 'carol'], { configDir: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no account "carol"/);
});

test('auth status --account checks one account; without it every account, the inactive ones marked', async () => {
  const dir = await twoAccounts();
  const all = await runBb(['auth', 'status', '--json', 'account,active,valid'], {
    configDir: dir,
    fetch: new FetchRegistry().stub({ method: 'GET', path: '/user', body: ada }).stub({ method: 'GET', path: '/user', body: bob }).fetch,
  });
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout), [
    { account: 'ada@example.com', active: false, valid: true },
    { account: 'bob', active: true, valid: true },
  ]);
  const one = await runBb(['auth', 'status', '--account', 'ada@example.com', '--json', 'account'], {
    configDir: dir,
    fetch: new FetchRegistry().stub({ method: 'GET', path: '/user', body: ada }).fetch,
  });
  assert.deepEqual(JSON.parse(one.stdout), [{ account: 'ada@example.com' }]);
});

test('auth logout --account forgets one; the other stays (and becomes active)', async () => {
  const dir = await twoAccounts();
  const out = await runBb(['auth', 'logout', '--account', 'bob'], { configDir: dir });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /active account now: ada@example\.com/);
  assert.equal((await runBb(['auth', 'token'], { configDir: dir })).stdout, 'tok-ada\n');
});

test('BB_TOKEN overrides every stored account', async () => {
  const dir = await twoAccounts();
  const t = await runBb(['auth', 'token'], { configDir: dir, env: { BB_TOKEN: 'env-tok' } });
  assert.equal(t.stdout, 'env-tok\n');
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/user',
    body: ada,
    check: ({ headers }) => assert.equal(headers.get('authorization'), 'Bearer env-tok'),
  });
  const api = await runBb(['api', '/user'], { configDir: dir, env: { BB_TOKEN: 'env-tok' }, fetch: reg.fetch });
  assert.equal(api.code, 0, api.stderr);
  reg.verify();
  const sw = await runBb(['auth', 'switch', '--account', 'ada@example.com'], { configDir: dir, env: { BB_TOKEN: 'env-tok' } });
  assert.match(sw.stderr, /BB_TOKEN is set: it takes precedence/);
});
