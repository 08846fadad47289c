/**
 * ./bin/bb against `bb sandbox --kind dc`: branch permissions enforced on the REST API's writes, as Data Center does —
 * a branch delete (branch-utils) under no-deletes or read-only, a file edit (PUT …/browse/{path}) on a read-only or
 * pull-request-only branch (both 401 AuthorisationException: the spec's "lack of branch permission"), and a pull
 * request merge into a read-only branch (409 PullRequestMergeVetoedException) — each with its exempt user still
 * allowed. bb prints the server's message (a 401 that is a permission, not a login). The git side:
 * test/e2e/dc-branch-protection.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';

let sb: DcSandbox;
let R: string;
let devEnv: Record<string, string>;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-protect-api-');
  R = `${new URL(sb.ready.url).host}/ACME/api`;
  await sb.loginAsAdmin();
  const token = await sb.mintToken({ user: 'dev', permissions: ['REPO_WRITE'] });
  devEnv = { BB_HOST: sb.ready.url, BB_TOKEN: token, BB_CONFIG_DIR: join(sb.dir, 'dev') };
});
after(() => sb?.stop());

const bb = (...args: string[]) => sb.bb([...args, '-R', R]);
const asDev = (...args: string[]) => sb.bb([...args, '-R', 'ACME/api'], { env: devEnv });

async function protect(...args: string[]): Promise<number> {
  const r = await bb('branch', 'protection', 'create', ...args, '--json', 'id');
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { id: number }).id;
}
async function unprotect(id: number): Promise<void> {
  const r = await bb('branch', 'protection', 'delete', String(id), '--yes');
  assert.equal(r.code, 0, r.stderr);
}
async function branches(): Promise<string[]> {
  const r = await bb('branch', 'list', '--json', 'name');
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as Array<{ name: string }>).map((b) => b.name);
}

test('no-deletes (exempting dev) refuses bb branch delete by admin with the server naming the permission; dev deletes', async () => {
  for (const name of ['release/9', 'release/10']) {
    const made = await bb('branch', 'create', name, '--from', 'main');
    assert.equal(made.code, 0, made.stderr);
  }
  const id = await protect('release/*', '--kind', 'delete', '--allow', 'dev');
  const refused = await bb('branch', 'delete', 'release/9', '--yes');
  assert.equal(refused.code, 4, refused.stderr); // API_FORBIDDEN: a permission, not a login problem
  assert.match(refused.stderr, /Branch refs\/heads\/release\/9 cannot be deleted \(no-deletes branch permission on release\/\*\)\./);
  assert.doesNotMatch(refused.stderr, /bb auth login|exceptionName|:bitbucket/); // no login advice, no Cloud scope
  assert.match(refused.stderr, /signing in again will not help/);
  assert.ok((await branches()).includes('release/9'));

  const byDev = await asDev('branch', 'delete', 'release/9', '--yes');
  assert.equal(byDev.code, 0, byDev.stderr);
  assert.ok(!(await branches()).includes('release/9'));
  await unprotect(id);

  // read-only also forbids deleting
  const ro = await protect('release/10', '--kind', 'push');
  const refusedRo = await bb('branch', 'delete', 'release/10', '--yes');
  assert.equal(refusedRo.code, 4, refusedRo.stderr);
  assert.match(refusedRo.stderr, /Branch refs\/heads\/release\/10 is read-only: you may not delete it \(read-only branch permission on release\/10\)/);
  await unprotect(ro);
  const now = await bb('branch', 'delete', 'release/10', '--yes');
  assert.equal(now.code, 0, now.stderr);
});

test('no-creates (exempting dev) refuses bb branch create by admin; dev creates', async () => {
  const id = await protect('spike/*', '--kind', 'create', '--allow', 'dev');
  const refused = await bb('branch', 'create', 'spike/a', '--from', 'main');
  assert.equal(refused.code, 4, refused.stderr);
  assert.match(refused.stderr, /Branch refs\/heads\/spike\/a cannot be created \(no-creates branch permission on spike\/\*\)\./);
  assert.ok(!(await branches()).includes('spike/a'));
  const byDev = await asDev('branch', 'create', 'spike/a', '--from', 'main');
  assert.equal(byDev.code, 0, byDev.stderr);
  assert.ok((await branches()).includes('spike/a'));
  await unprotect(id);
});

test('pull-request-only and read-only refuse bb file commit on the branch; the exempt user commits', async () => {
  const made = await bb('branch', 'create', 'develop', '--from', 'main');
  assert.equal(made.code, 0, made.stderr);
  const pro = await protect('develop', '--kind', 'pull-request-only');
  const refused = await bb('file', 'commit', 'NOTES.md', '--content', 'notes\n', '-m', 'notes', '--branch', 'develop');
  assert.equal(refused.code, 4, refused.stderr);
  assert.match(refused.stderr, /Branch refs\/heads\/develop can only be modified through pull requests \(pull-request-only branch permission on develop\)\./);
  await unprotect(pro);

  const ro = await protect('develop', '--kind', 'push', '--allow', 'dev');
  const refusedRo = await bb('file', 'commit', 'NOTES.md', '--content', 'notes\n', '-m', 'notes', '--branch', 'develop');
  assert.equal(refusedRo.code, 4, refusedRo.stderr);
  assert.match(refusedRo.stderr, /Branch refs\/heads\/develop is read-only: you may not change it/);
  const byDev = await asDev('file', 'commit', 'NOTES.md', '--content', 'notes\n', '-m', 'notes', '--branch', 'develop', '--json', 'branch');
  assert.equal(byDev.code, 0, byDev.stderr);
  // fast-forward-only does not stop an edit (a file commit is a fast-forward)
  await unprotect(ro);
  const ff = await protect('develop', '--kind', 'force');
  const edit = await bb('file', 'commit', 'MORE.md', '--content', 'more\n', '-m', 'more', '--branch', 'develop');
  assert.equal(edit.code, 0, edit.stderr);
  await unprotect(ff);
});

test('read-only vetoes bb pr merge into the branch (409, the veto naming it); the exempt user merges', async () => {
  const ro = await protect('main', '--kind', 'push', '--allow', 'dev');
  const refused = await bb('pr', 'merge', '1', '--json', 'state');
  assert.notEqual(refused.code, 0, refused.stdout);
  assert.match(refused.stderr, /Branch refs\/heads\/main is read-only/);
  const view = await bb('pr', 'view', '1', '--json', 'state');
  assert.deepEqual(JSON.parse(view.stdout), { state: 'OPEN' });
  // pull-request-only does not stop a merge: that is how such a branch changes
  await unprotect(ro);
  const pro = await protect('main', '--kind', 'pull-request-only');
  const ro2 = await protect('main', '--kind', 'push', '--allow', 'dev');
  const merged = await asDev('pr', 'merge', '1', '--json', 'state');
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(JSON.parse(merged.stdout), { state: 'MERGED' });
  await unprotect(ro2);
  await unprotect(pro);
});
