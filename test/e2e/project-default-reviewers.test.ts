/**
 * bb project default-reviewers list|add|remove end to end (./bin/bb) against the Cloud sandbox: add (a workspace
 * member; an unknown user is 404, an outsider 400), list (rows, --json), remove (--yes, refused without it when it
 * cannot ask; a user who is not one is 400), --dry-run; on Data Center the project's reviewer conditions: add (to an
 * "any branch → any branch" condition, created when missing), list (also in the repository's list, from the project),
 * a new pull request in one of the project's repositories gets the reviewer, remove; a user without PROJECT_ADMIN is refused.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode, useDemoSandbox } from '../support/e2e.js';

describe('bb project default-reviewers (e2e, Cloud)', () => {
  const { run } = useDemoSandbox();

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

  test("the project's reviewer conditions: add, list, a new pull request gets them, remove; PROJECT_ADMIN", async () => {
    const DR = ['project', 'default-reviewers'];
    const bb = (args: string[], opts: Parameters<DcSandbox['bb']>[1] = {}) => sb.bb(args, { ...opts, env: { BB_HOST: host, ...opts.env } });
    let r = await bb([...DR, 'list', 'ACME']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'piped: no rows');

    r = await bb([...DR, 'add', 'ACME', 'dev', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would send: POST .*\/rest\/default-reviewers\/latest\/projects\/ACME\/condition\n/);
    assert.match(r.stdout, /PROJECT_ADMIN/);
    r = await bb([...DR, 'list', 'ACME', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [], 'the dry run added nobody');

    r = await bb([...DR, 'add', 'ACME', 'dev']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Added Dana Developer \(dev\) as a default reviewer of project ACME/);
    // a second user joins the same condition (a PUT, not a second condition)
    r = await bb([...DR, 'add', 'ACME', 'admin', '--dry-run']);
    assert.match(r.stdout, /would send: PUT .*\/rest\/default-reviewers\/latest\/projects\/ACME\/condition\/\d+\n/);
    r = await bb([...DR, 'add', 'ACME', 'admin']);
    assert.equal(r.code, 0, r.stderr);
    r = await bb([...DR, 'list', 'ACME']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Dana Developer\tdev\tany branch → any branch (0 required)\nSandbox Admin\tadmin\tany branch → any branch (0 required)\n');
    r = await bb([...DR, 'list', 'ACME', '--json', 'nickname,displayName,accountId,uuid']);
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      listed.map((x) => [x.nickname, x.displayName, x.uuid]),
      [
        ['dev', 'Dana Developer', null],
        ['admin', 'Sandbox Admin', null],
      ],
    );
    assert.match(String(listed[0]?.accountId), /^\d+$/);
    // the repository's conditions show the project's, which the repository command does not change
    r = await bb(['repo', 'default-reviewers', 'list', '-R', `${host}/ACME/api`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Dana Developer\tdev\tany branch → any branch \(0 required, from the project\)$/m);
    r = await bb(['repo', 'default-reviewers', 'remove', 'dev', '-R', `${host}/ACME/api`]);
    assert.equal(errorCode(r.stderr), 2002, `not the repository's own: ${r.stderr}`);
    assert.match(r.stderr, /they are one of the project's: bb project default-reviewers remove/);

    // a pull request created in one of the project's repositories gets the project's reviewers (but not its author)
    r = await bb(['repo', 'clone', `${host}/ACME/api`, 'project-dr']);
    assert.equal(r.code, 0, r.stderr);
    const clone = join(sb.dir, 'project-dr');
    await sb.git(['switch', '-q', '-c', 'feature/project-reviewers'], clone);
    writeFileSync(join(clone, 'project-dr.txt'), 'project default reviewers\n');
    await sb.git(['add', 'project-dr.txt'], clone);
    await sb.git(['commit', '-qm', 'Project default reviewers'], clone);
    r = await bb(['pr', 'create', '--title', 'Project default reviewers', '--push', '--json', 'id,reviewers'], { cwd: clone });
    assert.equal(r.code, 0, r.stderr);
    const pr = JSON.parse(r.stdout) as { id: number; reviewers: Array<{ nickname?: string }> };
    assert.deepEqual(
      pr.reviewers.map((x) => x.nickname),
      ['dev'],
    );

    // dev reads ACME (PROJECT_READ) but is no project admin: refused, whatever the token holds
    const devToken = await sb.mintToken({ user: 'dev', permissions: ['PROJECT_ADMIN'] });
    const asDev = { env: { BB_TOKEN: devToken, BB_HOST: sb.ready.url, BB_CONFIG_DIR: join(sb.dir, 'dev') } };
    r = await bb([...DR, 'list', 'ACME'], asDev);
    assert.equal(errorCode(r.stderr), 2003, r.stderr);
    r = await bb([...DR, 'remove', 'ACME', 'admin', '--yes'], asDev);
    assert.equal(errorCode(r.stderr), 2003, r.stderr);

    r = await bb([...DR, 'remove', 'ACME', 'dev']);
    assert.notEqual(r.code, 0, 'refused without --yes when it cannot ask');
    assert.match(r.stderr, /--yes/);
    r = await bb([...DR, 'remove', 'ACME', 'dev', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would send: PUT .*\/rest\/default-reviewers\/latest\/projects\/ACME\/condition\/\d+\n/);
    r = await bb([...DR, 'remove', 'ACME', 'dev', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Removed dev from the default reviewers of project ACME/);
    r = await bb([...DR, 'list', 'ACME', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'admin' }]);
    // the last reviewer out: the condition goes
    r = await bb([...DR, 'remove', 'ACME', 'admin', '--dry-run']);
    assert.match(r.stdout, /would send: DELETE .*\/rest\/default-reviewers\/latest\/projects\/ACME\/condition\/\d+\n/);
    r = await bb([...DR, 'remove', 'ACME', 'admin', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await bb([...DR, 'list', 'ACME', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(r.stdout), []);
    r = await bb([...DR, 'remove', 'ACME', 'dev', '--yes']);
    assert.equal(errorCode(r.stderr), 2002, r.stderr);
    assert.match(r.stderr, /dev is not a default reviewer of project ACME/);
  });
});
