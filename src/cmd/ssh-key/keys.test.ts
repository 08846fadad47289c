import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const me = { uuid: '{u-1}', nickname: 'ada' };
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyMaterial ada@laptop';
const K = '{b15b6026-9c02-4626-b4ad-b905f99f763a}';

test('ssh-key list/add/delete act on the current user (GET /user first)', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: me })
    .stub({ method: 'GET', path: '/users/%7Bu-1%7D/ssh-keys', body: { values: [{ uuid: K, label: 'laptop', key: PUB, created_on: '2024-01-01' }] } })
    .stub({ method: 'GET', path: '/user', body: me })
    .stub({
      method: 'POST',
      path: '/users/%7Bu-1%7D/ssh-keys',
      status: 201,
      body: { uuid: K, label: 'laptop' },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { key: PUB, label: 'laptop' }),
    })
    .stub({ method: 'GET', path: '/user', body: me })
    .stub({ method: 'DELETE', path: `/users/%7Bu-1%7D/ssh-keys/${encodeURIComponent(K)}`, status: 204 });
  const l = await runBb(['ssh-key', 'list'], { fetch: reg.fetch, env });
  assert.equal(l.code, 0, l.stderr);
  assert.equal(l.stdout, `${K}\tlaptop\tssh-ed25519 …eKeyMaterial\t2024-01-01\n`);
  const a = await runBb(['ssh-key', 'add', '--label', 'laptop'], { fetch: reg.fetch, env, stdin: `${PUB}\n` });
  assert.equal(a.code, 0, a.stderr);
  const d = await runBb(['ssh-key', 'delete', K, '--yes'], { fetch: reg.fetch, env });
  assert.equal(d.code, 0, d.stderr);
  reg.verify();
  const priv = await runBb(['ssh-key', 'add'], { env, stdin: '-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n' });
  assert.equal(priv.code, 2);
  assert.match(priv.stderr, /that is a private key/);
});

test('gpg-key and deploy-key: add from --key-file/stdin, list JSON, delete; dry runs send nothing', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: me })
    .stub({
      method: 'GET',
      path: '/users/%7Bu-1%7D/gpg-keys',
      body: { values: [{ fingerprint: 'ABCDEF0123456789ABCD', key_id: '0123456789ABCDEF', name: 'work' }] },
    })
    .stub({
      method: 'POST',
      path: '/repositories/myteam/website/deploy-keys',
      status: 200,
      body: { id: 7, label: 'ci', key: PUB },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { key: PUB, label: 'ci' }),
    })
    .stub({ method: 'GET', path: '/repositories/myteam/website/deploy-keys', body: { values: [{ id: 7, label: 'ci', key: PUB }] } });
  const g = await runBb(['gpg-key', 'list', '--json', 'fingerprint,name'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(g.stdout), [{ fingerprint: 'ABCDEF0123456789ABCD', name: 'work' }]);
  const a = await runBb(['deploy-key', 'add', '-R', 'myteam/website', '--label', 'ci'], { fetch: reg.fetch, env, stdin: PUB });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, '7\n');
  const l = await runBb(['deploy-key', 'list', '-R', 'myteam/website', '--json', 'id,label'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(l.stdout), [{ id: '7', label: 'ci' }]);
  reg.verify();
  const dry = await runBb(['deploy-key', 'delete', '7', '-R', 'myteam/website', '--dry-run'], { env: {} });
  assert.match(dry.stdout, /would send: DELETE .*\/deploy-keys\/7\nrequired scopes: admin:repository:bitbucket, delete:ssh-key:bitbucket/);
  const notArmored = await runBb(['gpg-key', 'add'], { env, stdin: 'hello' });
  assert.match(notArmored.stderr, /not an armored GPG public key/);
});
