/**
 * Repository, project and workspace permissions end to end against the Cloud sandbox (./bin/bb): list, grant (a
 * nickname looked up among the members, a {uuid}, a group), change (grant again), revoke (asks; --yes), --dry-run
 * sends nothing, --json; what the sandbox enforces: alex (a member, not an owner) reads acme/api through his write
 * permission on project PLAT, loses it when that is revoked, and gets it back through a group; bad input is refused
 * before any request (a bad level, no subject), the API's refusals (unknown user, unknown group) keep their codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCode, Recorder, rows } from '../support/e2e.js';
import { type SandboxProcess, startSandbox } from '../support/sandbox.js';

describe('bb repo|project|workspace permissions (e2e, Cloud)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let alex: Record<string, string | undefined>;
  let alexUuid: string;
  const rec = new Recorder();
  const run = (args: string[], extra: Record<string, string | undefined> = {}) => rec.bb(args, { env: { ...env, ...extra } });
  const requests = async () => (await sb.requests()).filter((r) => r.operation);
  const clearLog = () => fetch(`${sb.admin}/requests`, { method: 'DELETE' });

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    rec.secret(sb.token);
    const a = await sb.mintToken({ scopes: ['read:repository:bitbucket'], user: 'alex' });
    rec.secret(a.token);
    alex = { BB_TOKEN: a.token, BB_EMAIL: a.email };
    const u = (await (await sb.api('/users/alex')).json()) as { uuid: string };
    alexUuid = u.uuid;
  });
  after(async () => {
    await sb.stop();
  });

  test('repo permissions: grant by nickname, list, change, revoke; --dry-run sends nothing', async () => {
    let r = await run(['repo', 'permissions', 'list', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'no explicit permissions yet');

    await clearLog();
    r = await run(['repo', 'permissions', 'grant', 'read', '--user', 'alex', '-R', 'acme/web', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`would send: PUT .*/repositories/acme/web/permissions-config/users/${encodeURIComponent(alexUuid).replace(/[{}]/g, '\\$&')}`),
    );
    assert.match(r.stdout, /"permission": "read"/);
    assert.match(r.stdout, /required scopes: admin:repository:bitbucket, write:permission:bitbucket/);
    assert.deepEqual(
      (await requests()).map((x) => x.operation),
      ['GET /workspaces/{workspace}/members'],
      'the dry run looks the nickname up, and sends no write',
    );

    r = await run(['repo', 'permissions', 'grant', 'read', '--user', 'alex', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Granted read on acme\/web to user Alex Reviewer/);

    r = await run(['repo', 'permissions', 'grant', 'admin', '--user', alexUuid, '-R', 'acme/web', '--json', 'kind,name,permission']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { kind: 'user', name: 'alex', permission: 'admin' });

    r = await run(['repo', 'permissions', 'grant', 'write', '--group', 'developers', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);

    r = await run(['repo', 'permissions', 'list', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['user', 'alex', 'Alex Reviewer', 'admin'],
      ['group', 'developers', 'Developers', 'write'],
    ]);
    r = await run(['repo', 'permissions', 'list', '-R', 'acme/web', '--groups', '--json', 'kind,name,displayName,permission']);
    assert.deepEqual(JSON.parse(r.stdout), [{ kind: 'group', name: 'developers', displayName: 'Developers', permission: 'write' }]);
    r = await run(['repo', 'permissions', 'list', '-R', 'acme/web', '--users', '--json', 'uuid,accountId']);
    const [row] = JSON.parse(r.stdout) as Array<{ uuid: string; accountId: string }>;
    assert.equal(row?.uuid, alexUuid);
    assert.match(row?.accountId ?? '', /^712020:/);

    // revoke: refuses without --yes where it cannot ask; then revokes
    r = await run(['repo', 'permissions', 'revoke', '--user', 'alex', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5005);
    assert.match(r.stderr, /refusing to revoke the permissions of user alex without confirmation/);
    r = await run(['repo', 'permissions', 'revoke', '--user', 'alex', '-R', 'acme/web', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Revoked the permissions of user alex on acme\/web/);
    r = await run(['repo', 'permissions', 'revoke', '--group', 'developers', '-R', 'acme/web', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['repo', 'permissions', 'list', '-R', 'acme/web', '--json', 'name']);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('a revoked user loses access; a group gives it back', async () => {
    let r = await run(['repo', 'view', 'acme/api', '--json', 'name'], alex);
    assert.equal(r.code, 0, `alex reads acme/api through project PLAT: ${r.stderr}`);

    r = await run(['project', 'permissions', 'list', 'PLAT', '--workspace', 'acme']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [['user', 'alex', 'Alex Reviewer', 'write']]);

    r = await run(['project', 'permissions', 'revoke', 'acme/PLAT', '--user', 'alex', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Revoked the permissions of user alex on project PLAT/);

    r = await run(['repo', 'view', 'acme/api'], alex);
    assert.notEqual(r.code, 0, 'alex no longer sees acme/api');
    assert.equal(errorCode(r.stderr), 2002);

    r = await run(['repo', 'permissions', 'grant', 'read', '--group', 'developers', '-R', 'acme/api']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['repo', 'view', 'acme/api', '--json', 'name'], alex);
    assert.equal(r.code, 0, `alex reads acme/api through the developers group: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'api' });

    // and gets his project permission back (create-repo is a project level)
    r = await run(['project', 'permissions', 'grant', 'PLAT', 'create-repo', '--user', 'alex', '--workspace', 'acme', '--json', 'name,permission']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'alex', permission: 'create-repo' });
    r = await run(['project', 'permissions', 'grant', 'PLAT', 'write', '--user', 'alex', '--workspace', 'acme']);
    assert.equal(r.code, 0, r.stderr);
  });

  test("workspace permissions: members, every repository; a repository's effective permissions", async () => {
    let r = await run(['workspace', 'permissions', 'list', 'acme']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout), [
      ['Sandbox Developer', 'dev', 'owner'],
      ['Alex Reviewer', 'alex', 'collaborator'],
    ]);
    r = await run(['repo', 'permissions', 'effective', '-R', 'acme/api', '--json', 'repository,nickname,permission']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { repository: 'acme/api', nickname: 'dev', permission: 'admin' },
      { repository: 'acme/api', nickname: 'alex', permission: 'write' },
    ]);
    r = await run(['workspace', 'permissions', 'repos', 'acme', '--all']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      rows(r.stdout).filter((x) => x[0] === 'acme/web'),
      [
        ['acme/web', 'Sandbox Developer', 'dev', 'admin'],
        ['acme/web', 'Alex Reviewer', 'alex', 'write'],
      ],
    );
    r = await run(['workspace', 'permissions', 'repos', 'acme'], alex);
    assert.equal(errorCode(r.stderr), 2003, "only the workspace's owners list them (alex holds the scope)");
  });

  test('bad input is refused before any request; the API refusals keep their codes', async () => {
    await clearLog();
    let r = await run(['repo', 'permissions', 'grant', 'owner', '--user', 'alex', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002);
    assert.match(r.stderr, /"owner" is not a repository permission: use read, write, admin/);
    r = await run(['repo', 'permissions', 'grant', 'create-repo', '--user', 'alex', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002, 'create-repo is a project level only');
    r = await run(['repo', 'permissions', 'grant', 'read', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002);
    assert.match(r.stderr, /pass --user NAME or --group NAME/);
    r = await run(['repo', 'permissions', 'grant', 'read', '--user', 'alex', '--group', 'developers', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002);
    r = await run(['repo', 'permissions', 'revoke', '--user', 'a/../b', '-R', 'acme/web', '--yes']);
    assert.equal(errorCode(r.stderr), 5002);
    assert.deepEqual(await requests(), [], 'nothing was sent');

    r = await run(['repo', 'permissions', 'grant', 'read', '--user', 'nobody', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002, 'an unknown nickname: not a member');
    assert.match(r.stderr, /no member of workspace acme is called "nobody"/);
    r = await run(['repo', 'permissions', 'grant', 'read', '--user', '{00000000-0000-4000-8000-999999999999}', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 2002, 'an unknown uuid: 404');
    r = await run(['repo', 'permissions', 'grant', 'read', '--group', 'no-such-group', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 2002);
    r = await run(['repo', 'permissions', 'revoke', '--group', 'contractors', '-R', 'acme/web', '--yes']);
    assert.equal(errorCode(r.stderr), 2002, 'no permission to revoke: 404');
  });

  test('the sandbox answers like Bitbucket: a bad permission value and an empty JSON body are 400s', async () => {
    const path = `/repositories/acme/web/permissions-config/users/${encodeURIComponent(alexUuid)}`;
    let res = await sb.api(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ permission: 'owner' }) });
    assert.equal(res.status, 400);
    res = await sb.api(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '' });
    assert.equal(res.status, 400);
    res = await sb.api(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({}) });
    assert.equal(res.status, 400);
    res = await sb.api('/repositories/acme/web/permissions-config/users/alex', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ permission: 'read' }),
    });
    assert.equal(res.status, 404, 'the path takes a {uuid} or an account id, not a nickname');
    // alex (write through PLAT, not an admin of acme/web) may not read its permissions
    res = await sb.api('/repositories/acme/web/permissions-config/users', { token: alex.BB_TOKEN, headers: {} });
    assert.ok(res.status === 403 || res.status === 401, `status ${res.status}`);
  });
});
