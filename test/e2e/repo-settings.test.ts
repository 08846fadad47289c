/**
 * bb repo settings view|edit end to end (./bin/bb) against the Cloud sandbox: every setting inherited at first,
 * --override/--inherit change only the named ones (the state read first and sent back whole), --dry-run sends
 * nothing, bad settings are refused before any request; Data Center refuses both with NOT_ON_DC and a hint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode, useDemoSandbox } from '../support/e2e.js';

describe('bb repo settings (e2e, Cloud)', () => {
  const { run } = useDemoSandbox();

  test('view, edit, --dry-run, refusals', async () => {
    let r = await run(['repo', 'settings', 'view', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'branching_model\tproject (inherited)\ndefault_merge_strategy\tproject (inherited)\n');

    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web', '--override', 'default-merge-strategy', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /would send: PUT .*\/repositories\/acme\/web\/override-settings\n\{\n {2}"type": "repository_inheritance_state",\n {2}"override_settings": \{\n {4}"default_merge_strategy": true,\n {4}"branching_model": false\n {2}\}\n\}/,
    );
    assert.match(r.stdout, /required scopes: admin:repository:bitbucket/);
    r = await run(['repo', 'settings', 'view', '-R', 'acme/web', '--json', 'setting,overridden']);
    assert.deepEqual(JSON.parse(r.stdout), [
      { setting: 'branching_model', overridden: false },
      { setting: 'default_merge_strategy', overridden: false },
    ]);

    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web', '--override', 'default_merge_strategy,branching_model']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Updated the settings of acme\/web: default_merge_strategy overridden, branching_model overridden/);
    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web', '--inherit', 'branching_model']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['repo', 'settings', 'view', '-R', 'acme/web', '--json', 'setting,overridden']);
    assert.deepEqual(JSON.parse(r.stdout), [
      { setting: 'branching_model', overridden: false },
      { setting: 'default_merge_strategy', overridden: true },
    ]);

    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web']);
    assert.equal(errorCode(r.stderr), 5002, r.stderr);
    assert.match(r.stderr, /--override SETTING or --inherit SETTING/);
    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web', '--override', 'wiki']);
    assert.equal(errorCode(r.stderr), 5002, r.stderr);
    assert.match(r.stderr, /"wiki" is not a repository setting/);
    r = await run(['repo', 'settings', 'edit', '-R', 'acme/web', '--override', 'branching_model', '--inherit', 'branching-model']);
    assert.equal(errorCode(r.stderr), 5002, r.stderr);
    r = await run(['repo', 'settings', 'view', '-R', 'acme/nope']);
    assert.equal(errorCode(r.stderr), 2002, r.stderr);
  });
});

describe('bb repo settings (e2e, Data Center)', () => {
  let sb: DcSandbox;
  let host: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-settings-');
    host = new URL(sb.ready.url).host;
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('NOT_ON_DC with a hint', async () => {
    for (const args of [['view'], ['edit', '--override', 'branching_model']]) {
      const r = await sb.bb(['repo', 'settings', ...args, '-R', `${host}/ACME/api`]);
      assert.equal(errorCode(r.stderr), 6003, r.stderr);
      assert.match(r.stderr, /repository's settings pages/);
    }
  });
});
