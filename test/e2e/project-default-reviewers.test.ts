/**
 * bb project default-reviewers list|add|remove end to end (./bin/bb) against the Cloud sandbox: add (a workspace
 * member; an unknown user is 404, an outsider 400), list (rows, --json), remove (--yes, refused without it when it
 * cannot ask; a user who is not one is 400), --dry-run; Data Center refuses with NOT_ON_DC from the provider.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode, Recorder } from '../support/e2e.js';
import { type SandboxProcess, startSandbox } from '../support/sandbox.js';

describe('bb project default-reviewers (e2e, Cloud)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  const rec = new Recorder();
  const run = (args: string[]) => rec.bb(args, { env });

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
  });

  test('add, list, remove, --dry-run, refusals', async () => {
    const DR = ['project', 'default-reviewers'];
    let r = await run([...DR, 'list', 'acme/PLAT']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');

    r = await run([...DR, 'add', 'acme/PLAT', 'alex', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would send: PUT .*\/workspaces\/acme\/projects\/PLAT\/default-reviewers\/alex\n/);
    assert.match(r.stdout, /required scopes: admin:project:bitbucket/);
    r = await run([...DR, 'list', 'PLAT', '--workspace', 'acme', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [], 'the dry run added nobody');

    r = await run([...DR, 'add', 'PLAT', 'alex', '--workspace', 'acme']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Added Alex Reviewer \(alex\) as a default reviewer of project PLAT/);
    r = await run([...DR, 'add', 'acme/PLAT', 'dev']);
    assert.equal(r.code, 0, r.stderr);
    r = await run([...DR, 'list', 'acme/PLAT']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2)),
      [
        ['Alex Reviewer', 'alex'],
        ['Sandbox Developer', 'dev'],
      ],
    );
    r = await run([...DR, 'list', 'acme/PLAT', '--json', 'displayName,nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [
      { displayName: 'Alex Reviewer', nickname: 'alex' },
      { displayName: 'Sandbox Developer', nickname: 'dev' },
    ]);

    r = await run([...DR, 'add', 'acme/PLAT', 'nobody-here']);
    assert.equal(errorCode(r.stderr), 2002, `an unknown user is 404: ${r.stderr}`);
    r = await run([...DR, 'add', 'acme/PLAT', 'a b']);
    assert.equal(errorCode(r.stderr), 5002, r.stderr);

    r = await run([...DR, 'remove', 'acme/PLAT', 'alex']);
    assert.notEqual(r.code, 0, 'refused without --yes when it cannot ask');
    assert.match(r.stderr, /pass --yes/);
    r = await run([...DR, 'remove', 'acme/PLAT', 'alex', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would send: DELETE .*\/workspaces\/acme\/projects\/PLAT\/default-reviewers\/alex\n/);
    r = await run([...DR, 'remove', 'acme/PLAT', 'alex', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Removed alex from the default reviewers of project PLAT/);
    r = await run([...DR, 'list', 'acme/PLAT', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'dev' }]);
    r = await run([...DR, 'remove', 'acme/PLAT', 'alex', '--yes']);
    assert.equal(errorCode(r.stderr), 2007, `no longer one: 400 (${r.stderr})`);
    r = await run([...DR, 'list', 'acme/NOPE']);
    assert.equal(errorCode(r.stderr), 2002, r.stderr);
  });
});

describe('bb project default-reviewers (e2e, Data Center)', () => {
  let sb: DcSandbox;
  let host: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-project-dr-');
    host = new URL(sb.ready.url).host;
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('NOT_ON_DC from the provider, with a hint to the settings page', async () => {
    for (const args of [
      ['list', 'ACME'],
      ['add', 'ACME', 'dev'],
      ['remove', 'ACME', 'dev', '--yes'],
    ]) {
      const r = await sb.bb(['project', 'default-reviewers', ...args], { env: { BB_HOST: host } });
      assert.equal(errorCode(r.stderr), 6003, r.stderr);
      assert.match(r.stderr, /project's settings page/);
    }
  });
});
