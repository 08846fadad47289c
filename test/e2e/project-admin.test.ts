/**
 * bb project edit and bb project delete end to end (./bin/bb) against both sandboxes: only what is given changes,
 * --dry-run sends nothing, a project with repositories is refused by the host (its code kept), delete asks for the
 * key (--yes), a missing project is 2002 (Cloud's edit reads it first: its PUT would create one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode, useDemoSandbox } from '../support/e2e.js';

describe('bb project edit|delete (e2e, Cloud)', () => {
  const { run } = useDemoSandbox();

  test('edit changes only what is given; --dry-run sends nothing', async () => {
    let r = await run(['project', 'edit', 'PLAT', '--workspace', 'acme', '--visibility', 'public', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /would send: PUT .*\/workspaces\/acme\/projects\/PLAT\n\{\n {2}"type": "project",\n {2}"name": "Platform",\n {2}"is_private": false\n\}/,
    );
    assert.match(r.stdout, /required scopes: admin:project:bitbucket/);
    r = await run(['project', 'view', 'acme/PLAT', '--json', 'isPrivate']);
    assert.deepEqual(JSON.parse(r.stdout), { isPrivate: true });

    r = await run(['project', 'edit', 'acme/PLAT', '--description', 'Edited', '--json', 'key,name,description,isPrivate']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { key: 'PLAT', name: 'Platform', description: 'Edited', isPrivate: true });
    r = await run(['project', 'edit', 'acme/PLAT', '--name', 'Platform 2', '--visibility', 'public']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Updated project PLAT/);
    r = await run(['project', 'view', 'acme/PLAT', '--json', 'name,description,isPrivate']);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'Platform 2', description: 'Edited', isPrivate: false });

    r = await run(['project', 'edit', 'acme/PLAT']);
    assert.equal(errorCode(r.stderr), 5002, 'nothing to change');
    r = await run(['project', 'edit', 'acme/NOPE', '--description', 'x']);
    assert.equal(errorCode(r.stderr), 2002, 'a missing project is not created');
    r = await run(['project', 'view', 'acme/NOPE']);
    assert.equal(errorCode(r.stderr), 2002);
  });

  test('delete asks for the key; a project with repositories is refused', async () => {
    let r = await run(['project', 'create', 'Old', '--key', 'OLD', '--workspace', 'acme']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['project', 'delete', 'acme/OLD']);
    assert.equal(errorCode(r.stderr), 5005);
    r = await run(['project', 'delete', 'acme/OLD', '--dry-run']);
    assert.match(r.stdout, /would send: DELETE .*\/workspaces\/acme\/projects\/OLD/);
    r = await run(['project', 'delete', 'acme/OLD', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Deleted project OLD/);
    r = await run(['project', 'view', 'acme/OLD']);
    assert.equal(errorCode(r.stderr), 2002);
    r = await run(['project', 'delete', 'acme/PLAT', '--yes']);
    assert.equal(errorCode(r.stderr), 2007, 'PLAT holds repositories: 400');
  });
});

describe('bb project edit|delete (e2e, Data Center)', () => {
  let sb: DcSandbox;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-project-admin-');
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('edit, delete (asks; refused while it holds repositories)', async () => {
    let r = await sb.bb(['project', 'edit', 'ACME', '--name', 'Acme Corp', '--visibility', 'public', '--json', 'key,name,description,isPrivate']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { key: 'ACME', name: 'Acme Corp', description: 'The demo project', isPrivate: false });
    r = await sb.bb(['project', 'edit', 'ACME', '--description', 'x', '--dry-run']);
    assert.match(r.stdout, /PUT .*\/rest\/api\/latest\/projects\/ACME/);

    r = await sb.bb(['project', 'create', 'Old', '--key', 'OLD']);
    assert.equal(r.code, 0, r.stderr);
    r = await sb.bb(['project', 'delete', 'OLD']);
    assert.equal(errorCode(r.stderr), 5005);
    r = await sb.bb(['project', 'delete', 'OLD', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await sb.bb(['project', 'view', 'OLD']);
    assert.equal(errorCode(r.stderr), 2002);
    r = await sb.bb(['project', 'delete', 'ACME', '--yes']);
    assert.notEqual(r.code, 0, 'ACME holds repositories: 409');
    r = await sb.bb(['project', 'view', 'ACME', '--json', 'key']);
    assert.deepEqual(JSON.parse(r.stdout), { key: 'ACME' });
  });
});
