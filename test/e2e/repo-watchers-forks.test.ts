/**
 * bb repo watchers and bb repo forks end to end (./bin/bb) against both sandboxes: Cloud lists acme/web's watchers
 * (the seed's dev and alex) and forks (dev/web-fork, then one made with bb repo fork); Data Center lists the forks of
 * ACME/api (none, then ~ADMIN/api) and refuses watchers with NOT_ON_DC and a hint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode, useDemoSandbox } from '../support/e2e.js';

describe('bb repo watchers|forks (e2e, Cloud)', () => {
  const { run } = useDemoSandbox();

  test('watchers: the users watching the repository, as rows and as --json', async () => {
    let r = await run(['repo', 'watchers', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 2));
    assert.deepEqual(rows, [
      ['Sandbox Developer', 'dev'],
      ['Alex Reviewer', 'alex'],
    ]);
    r = await run(['repo', 'watchers', '-R', 'acme/web', '--json', 'nickname,displayName']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { nickname: 'dev', displayName: 'Sandbox Developer' },
      { nickname: 'alex', displayName: 'Alex Reviewer' },
    ]);
    r = await run(['repo', 'watchers', '-R', 'acme/web', '--limit', '1', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'dev' }]);
    r = await run(['repo', 'watchers', '-R', 'acme/nope']);
    assert.equal(errorCode(r.stderr), 2002, r.stderr);
  });

  test('forks: the seed fork, then a new one (whose creator watches it)', async () => {
    let r = await run(['repo', 'forks', '-R', 'acme/web', '--json', 'fullName,parent']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ fullName: 'dev/web-fork', parent: 'acme/web' }]);
    r = await run(['repo', 'fork', 'acme/web', '--workspace', 'acme', '--fork-name', 'web-two']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['repo', 'forks', '-R', 'acme/web']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
      ['dev/web-fork', 'acme/web-two'],
    );
    r = await run(['repo', 'watchers', '-R', 'acme/web-two', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'dev' }]);
    r = await run(['repo', 'forks', '-R', 'acme/api']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });
});

describe('bb repo watchers|forks (e2e, Data Center)', () => {
  let sb: DcSandbox;
  let host: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-forks-');
    host = new URL(sb.ready.url).host;
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('forks of ACME/api: none, then the personal fork; watchers: NOT_ON_DC with a hint', async () => {
    let r = await sb.bb(['repo', 'forks', '-R', `${host}/ACME/api`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    r = await sb.bb(['repo', 'fork', `${host}/ACME/api`]);
    assert.equal(r.code, 0, r.stderr);
    r = await sb.bb(['repo', 'forks', '-R', `${host}/ACME/api`, '--json', 'fullName,parent']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ fullName: '~ADMIN/api', parent: 'ACME/api' }]);
    r = await sb.bb(['repo', 'watchers', '-R', `${host}/ACME/api`]);
    assert.equal(errorCode(r.stderr), 6003, r.stderr);
    assert.match(r.stderr, /bb repo watchers is not available on Data Center/);
    assert.match(r.stderr, /no list of a repository's watchers/);
  });
});
