import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: a repository's default reviewers (add, list, remove) and a
 * `bb pr create` that gets them from the condition.
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let host: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-default-reviewers-');
  ({ ready, dir } = sb);
  host = new URL(sb.ready.url).host;
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);
const git: DcSandbox['git'] = (args, cwd) => sb.git(args, cwd);

test('Data Center default reviewers: add, list, a pr create that gets them from the condition, remove', async () => {
  const R = `${host}/ACME/api`;
  let r = await bb(['repo', 'default-reviewers', 'list', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'piped: no rows');

  r = await bb(['repo', 'default-reviewers', 'add', 'dev', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Added Dana Developer \(dev\) as a default reviewer of ACME\/api/);

  r = await bb(['repo', 'default-reviewers', 'list', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Dana Developer\tdev\tany branch → any branch (0 required)\n');
  r = await bb(['repo', 'default-reviewers', 'list', '-R', R, '--json', 'nickname,displayName']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'dev', displayName: 'Dana Developer' }]);

  // a pull request created by bb gets the condition's reviewer
  r = await bb(['repo', 'clone', R, 'dr-clone']);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'dr-clone');
  await git(['switch', '-q', '-c', 'feature/default-reviewers'], clone);
  writeFileSync(join(clone, 'dr.txt'), 'default reviewers\n');
  await git(['add', 'dr.txt'], clone);
  await git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@sandbox.test', 'commit', '-qm', 'Default reviewers'], clone);
  r = await bb(['pr', 'create', '--title', 'Default reviewers', '--push', '--json', 'id,reviewers'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  const pr = JSON.parse(r.stdout) as { id: number; reviewers: Array<{ nickname?: string }> };
  assert.deepEqual(
    pr.reviewers.map((x) => x.nickname),
    ['dev'],
  );
  const api = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api/pull-requests/${pr.id}`, {
    headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  });
  const got = (await api.json()) as { reviewers: Array<{ user: { slug: string } }> };
  assert.deepEqual(
    got.reviewers.map((x) => x.user.slug),
    ['dev'],
  );

  r = await bb(['repo', 'default-reviewers', 'remove', 'dev', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Removed dev from the default reviewers of ACME\/api/);
  r = await bb(['repo', 'default-reviewers', 'list', '-R', R, '--json', 'nickname']);
  assert.deepEqual(JSON.parse(r.stdout), []);
  r = await bb(['repo', 'default-reviewers', 'remove', 'dev', '-R', R]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error 2002 API_NOT_FOUND: dev is not a default reviewer of ACME\/api/m);
});
