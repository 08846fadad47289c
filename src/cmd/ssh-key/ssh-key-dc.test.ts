import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runBb, tempDir } from '../../../test/support/run.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';

/** `bb ssh-key …` on Data Center, against the DC sandbox: the credential's own keys (`/ssh/latest/keys`), numeric ids. */
let h: DcSandboxHandle;
let config: string;
before(async () => {
  h = (await startSandbox({ kind: 'dc' })) as DcSandboxHandle;
  config = tempDir();
  const r = await runBb(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], {
    fetch: globalThis.fetch,
    configDir: config,
    stdin: 'admin\n',
  });
  assert.equal(r.code, 0, r.stderr);
});
after(() => h?.close());

const bb = (argv: string[], extra: Parameters<typeof runBb>[1] = {}) =>
  runBb(argv, { fetch: globalThis.fetch, configDir: config, ...extra, env: { BB_HOST: h.url, ...extra.env } });
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDcExampleKeyMaterialForTheSandbox ada@laptop';

test('ssh-key add/list/delete on Data Center (the login user): DC body {text,label}, ids are numbers', async () => {
  let r = await bb(['ssh-key', 'list'], { tty: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No SSH keys on your account/);

  h.server.requests.clear();
  r = await bb(['ssh-key', 'add', '--label', 'laptop'], { stdin: `${PUB}\n` });
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  assert.match(id, /^\d+$/);
  assert.match(r.stderr, /✓ Added SSH key laptop/);
  assert.deepEqual(
    h.server.requests.entries().map((e) => `${e.status} ${e.operation}`),
    ['201 POST /ssh/latest/keys'],
  );

  r = await bb(['ssh-key', 'list', '--json', 'id,label,key,comment']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ id, label: 'laptop', key: PUB, comment: 'ada@laptop' }]);
  r = await bb(['ssh-key', 'list']);
  assert.equal(r.stdout, `${id}\tlaptop\tssh-ed25519 …orTheSandbox\t\n`);

  r = await bb(['ssh-key', 'delete', id, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`would send: DELETE http://127\\.0\\.0\\.1:\\d+/rest/ssh/latest/keys/${id}\\n`));
  r = await bb(['ssh-key', 'delete', id, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Removed SSH key ${id}`));
  r = await bb(['ssh-key', 'list', '--json', 'id']);
  assert.deepEqual(JSON.parse(r.stdout), []);

  r = await bb(['ssh-key', 'delete', '{b15b6026-9c02-4626-b4ad-b905f99f763a}', '--yes']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not an SSH key id: expected its number/);
});

test('ssh-key add on Data Center with an HTTP access token: 2003, tokens cannot change the account', async () => {
  const r = await bb(['ssh-key', 'add'], { stdin: PUB, env: { BB_TOKEN: h.token } });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: POST \/ssh\/latest\/keys needs LICENSED_USER permission/m);
  assert.match(r.stderr, /HTTP access tokens cannot change the account/);
});
