import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { errorCode } from '../support/e2e.js';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: repository and project permissions of users and groups (list, grant —
 * bb's read/write/admin sent as REPO_* / PROJECT_* —, change, revoke, --dry-run), and what the sandbox enforces: dev
 * reads ACME/web through PROJECT_READ on ACME, loses it when that is revoked, and gets it back through a group.
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let host: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-permissions-');
  ({ ready, dir } = sb);
  host = new URL(sb.ready.url).host;
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);

test('Data Center repository permissions: list, grant (change), revoke, --dry-run', async () => {
  const R = `${host}/ACME/api`;
  let r = await bb(['repo', 'permissions', 'list', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'user\tdev\tDana Developer\twrite\n', "dev's REPO_WRITE, as bb's write");

  r = await bb(['repo', 'permissions', 'grant', 'admin', '--user', 'dev', '-R', R, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /PUT .*\/rest\/api\/latest\/projects\/ACME\/repos\/api\/permissions\/users\?name=dev&permission=REPO_ADMIN/);
  r = await bb(['repo', 'permissions', 'list', '-R', R, '--json', 'name,permission']);
  assert.deepEqual(JSON.parse(r.stdout), [{ name: 'dev', permission: 'write' }], 'the dry run changed nothing');

  r = await bb(['repo', 'permissions', 'grant', 'admin', '--user', 'dev', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Granted admin on ACME\/api to user dev/);
  r = await bb(['repo', 'permissions', 'grant', 'read', '--group', 'developers', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'permissions', 'list', '-R', R, '--json', 'kind,name,permission']);
  assert.deepEqual(JSON.parse(r.stdout), [
    { kind: 'user', name: 'dev', permission: 'admin' },
    { kind: 'group', name: 'developers', permission: 'read' },
  ]);
  const api = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api/permissions/users`, {
    headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  });
  const page = (await api.json()) as { values: Array<{ user: { name: string }; permission: string }> };
  assert.deepEqual(
    page.values.map((v) => [v.user.name, v.permission]),
    [['dev', 'REPO_ADMIN']],
    'sent as DC permission',
  );

  r = await bb(['repo', 'permissions', 'revoke', '--group', 'developers', '-R', R, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'permissions', 'grant', 'write', '--user', 'dev', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'permissions', 'list', '-R', R, '--groups']);
  assert.equal(r.stdout, '');

  // what the instance refuses keeps its code
  r = await bb(['repo', 'permissions', 'grant', 'read', '--user', 'nobody', '-R', R]);
  assert.equal(errorCode(r.stderr), 2002);
  r = await bb(['repo', 'permissions', 'grant', 'read', '--group', 'no-such-group', '-R', R]);
  assert.equal(errorCode(r.stderr), 2002);
  r = await bb(['repo', 'permissions', 'grant', 'create-repo', '--user', 'dev', '-R', R]);
  assert.equal(errorCode(r.stderr), 5002);
});

test('Data Center project permissions: a revoked user loses access, a group gives it back', async () => {
  const devToken = await sb.mintToken({ user: 'dev', permissions: ['PROJECT_ADMIN'] });
  const asDev = { env: { BB_HOST: ready.url, BB_TOKEN: devToken, BB_CONFIG_DIR: join(dir, 'dev') } };
  let r = await bb(['repo', 'view', `${host}/ACME/web`, '--json', 'name'], asDev);
  assert.equal(r.code, 0, `dev reads ACME/web through PROJECT_READ: ${r.stderr}`);

  r = await bb(['project', 'permissions', 'list', 'ACME']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'user\tdev\tDana Developer\tread\n');

  r = await bb(['project', 'permissions', 'revoke', 'ACME', '--user', 'dev']);
  assert.equal(errorCode(r.stderr), 5005, 'asks first: --yes where it cannot');
  r = await bb(['project', 'permissions', 'revoke', 'ACME', '--user', 'dev', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'view', `${host}/ACME/web`], asDev);
  assert.notEqual(r.code, 0, 'dev no longer sees ACME/web');

  r = await bb(['project', 'permissions', 'grant', 'ACME', 'read', '--group', 'developers']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'view', `${host}/ACME/web`, '--json', 'name'], asDev);
  assert.equal(r.code, 0, `dev reads ACME/web through the developers group: ${r.stderr}`);
  assert.deepEqual(JSON.parse(r.stdout), { name: 'web' });

  r = await bb(['project', 'permissions', 'grant', 'ACME', 'create-repo', '--user', 'dev', '--json', 'name,permission']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { name: 'dev', permission: 'create-repo' });
  r = await bb(['project', 'permissions', 'list', 'ACME', '--json', 'kind,name,permission']);
  assert.deepEqual(JSON.parse(r.stdout), [
    { kind: 'user', name: 'dev', permission: 'create-repo' },
    { kind: 'group', name: 'developers', permission: 'read' },
  ]);

  r = await bb(['workspace', 'permissions', 'list']);
  assert.equal(errorCode(r.stderr), 6003, 'workspaces are Cloud only');
});
