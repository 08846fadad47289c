import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: the pull-request workflow on Data Center, as test/e2e/workflow.test.ts
 * runs it on Cloud — login (detects DC), clone, branch, commit, push, pr create/list/view, comments (inline too),
 * needs work and a missing approval vetoing the merge (2011, each check named), approval by a second user, a build
 * status and `pr checks`, the merge, `git pull`; and a 403 naming the DC permission and the cap.
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let config: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-pr-');
  ({ ready, dir, config } = sb);
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);
const git: DcSandbox['git'] = (args, cwd) => sb.git(args, cwd);

async function mint(body: Record<string, unknown>): Promise<string> {
  const r = await fetch(`${ready.admin}/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 201, await r.clone().text());
  return ((await r.json()) as { token: string }).token;
}

test('Data Center pull-request workflow: clone, push, create, list, view, comment, veto, approve, checks, merge, pull', async () => {
  const host = new URL(ready.url).host;
  let r = await bb(['auth', 'login', '--hostname', ready.url, '--username', 'admin', '--with-token', '--insecure-storage'], { stdin: 'admin\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Data Center 10\.0\.0/);
  assert.equal(JSON.parse(readFileSync(join(config, 'hosts.json'), 'utf8')).hosts[host].kind, 'dc');
  r = await bb(['auth', 'status']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^${host.replace(/\./g, '\\.')} \\(Bitbucket Data Center\\)\n {2}✓ Logged in as Sandbox Admin\n`, 'm'));

  r = await bb(['repo', 'clone', `${host}/ACME/api`]);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'api');
  assert.equal((await git(['remote', 'get-url', 'origin'], clone)).trim(), `${ready.url}/scm/acme/api.git`);
  assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes('admin'), 'no credential in .git/config');

  await git(['switch', '-q', '-c', 'feature/e2e'], clone);
  writeFileSync(join(clone, 'e2e.txt'), 'from the DC e2e\n');
  await git(['add', 'e2e.txt'], clone);
  await git(['commit', '-qm', 'Add e2e.txt'], clone);
  // bb gave git the credential for the clone only; `bb auth setup-git --local` makes bb git's helper for the instance
  r = await bb(['auth', 'setup-git', '--local'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /git now asks bb for credentials for http:\/\/127\.0\.0\.1:\d+ \(this repository\)/);
  assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes('admin'), 'still no credential in .git/config');
  await git(['push', '-q', '-u', 'origin', 'feature/e2e'], clone);
  const head = (await git(['rev-parse', 'HEAD'], clone)).trim();

  // from the clone: the repository and the host come from the DC remote
  r = await bb(['pr', 'create', '--title', 'Add e2e.txt', '--body', 'From the DC e2e.', '--json', 'id,state,headRefName,baseRefName,url'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  const pr = JSON.parse(r.stdout) as { id: number; state: string; headRefName: string; baseRefName: string; url: string };
  assert.deepEqual({ state: pr.state, head: pr.headRefName, base: pr.baseRefName }, { state: 'OPEN', head: 'feature/e2e', base: 'main' });
  const id = String(pr.id);

  r = await bb(['pr', 'list'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n');
  assert.ok(
    rows.some((row) => row.split('\t')[0] === id && row.includes('Add e2e.txt') && row.includes('feature/e2e')),
    `pr list rows:\n${r.stdout}`,
  );
  assert.ok(rows.some((row) => row.startsWith('1\t') && row.includes('Add login endpoint')));

  r = await bb(['pr', 'view', id], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^title:\tAdd e2e\.txt\nstate:\tOPEN\nauthor:\tadmin\n/);
  assert.match(r.stdout, /From the DC e2e\./);

  r = await bb(['pr', 'comments', 'add', id, '--body', 'Looks right'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pr', 'comments', 'add', id, '--file', 'e2e.txt', '--line', '1', '--body', 'Say more?', '--json', 'id,path,line'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((({ path, line }) => ({ path, line }))(JSON.parse(r.stdout)), { path: 'e2e.txt', line: 1 });
  r = await bb(['pr', 'comments', 'list', id, '--json', 'body,path,line'], { cwd: clone });
  assert.deepEqual(JSON.parse(r.stdout), [
    { body: 'Looks right', path: null, line: null },
    { body: 'Say more?', path: 'e2e.txt', line: 1 },
  ]);

  // dev reviews with a personal HTTP access token holding REPO_READ (reviewing needs REPO_READ; dev has REPO_WRITE)
  const devToken = await mint({ user: 'dev', permissions: ['REPO_READ'] });
  const dev = { env: { BB_HOST: ready.url, BB_TOKEN: devToken, BB_REPO: 'ACME/api', BB_CONFIG_DIR: join(dir, 'dev') } };
  r = await bb(['pr', 'reviewers', 'add', id, 'dev'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pr', 'request-changes', id], dev);
  assert.equal(r.code, 0, r.stderr);

  // the repository requires an approval (DC's pull-request settings); needs work and the missing approval both veto
  const set = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api/settings/pull-requests`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requiredApprovers: { enabled: true, count: '1' } }),
  });
  assert.equal(set.status, 200);
  r = await bb(['pr', 'merge', id], { cwd: clone });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error 2011 MERGE_VETOED: pull request #${id} cannot be merged: 2 merge checks refuse it$`, 'm'));
  assert.match(r.stderr, /^hint: veto: Not enough approvals: You need 1 approval/m);
  assert.match(r.stderr, /^hint: veto: Needs work/m);

  r = await bb(['pr', 'approve', id], dev);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pr', 'view', id, '--json', 'reviewDecision,reviewers'], { cwd: clone });
  const viewed = JSON.parse(r.stdout) as { reviewDecision: string; reviewers: Array<{ nickname: string; state: string }> };
  assert.equal(viewed.reviewDecision, 'APPROVED');
  assert.deepEqual(
    viewed.reviewers.map((x) => [x.nickname, x.state]),
    [['dev', 'approved']],
  );

  r = await bb(['status', 'set', head, '--state', 'SUCCESSFUL', '--key', 'ci', '--name', 'CI #7', '--url', 'https://ci.example.test/7'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pr', 'checks', id], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /CI #7|ci/);
  assert.match(r.stdout, /SUCCESSFUL|pass/i);
  r = await bb(['pr', 'checks', id, '--json', 'key,state'], { cwd: clone });
  assert.deepEqual(JSON.parse(r.stdout), [{ key: 'ci', state: 'SUCCESSFUL' }]);

  r = await bb(['pr', 'merge', id, '--json', 'id,state'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { id: pr.id, state: 'MERGED' });
  r = await bb(['pr', 'list', '--state', 'merged', '--json', 'id'], { cwd: clone });
  assert.deepEqual(JSON.parse(r.stdout), [{ id: pr.id }]);

  await git(['switch', '-q', 'main'], clone);
  await git(['pull', '-q', '--ff-only'], clone);
  assert.equal(readFileSync(join(clone, 'e2e.txt'), 'utf8'), 'from the DC e2e\n');
  assert.equal((await git(['log', '--format=%H%x09%s', '-1'], clone)).trim(), `${head}\tAdd e2e.txt`, 'main now ends with the merged commit');
});

test('Data Center: a token with more permission than its user is capped; the 403 names the permission and the cap', async () => {
  // dev may only read ACME/web (PROJECT_READ on ACME); a personal token with REPO_ADMIN does not lift that
  const admin = { env: { BB_HOST: ready.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin', BB_REPO: 'ACME/web', BB_CONFIG_DIR: join(dir, 'admin') } };
  let r = await bb(['repo', 'clone', 'ACME/web', 'web-cap'], admin);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'web-cap');
  await git(['switch', '-q', '-c', 'feature/cap'], clone);
  writeFileSync(join(clone, 'cap.txt'), 'cap\n');
  await git(['add', 'cap.txt'], clone);
  await git(['commit', '-qm', 'Add cap.txt'], clone);
  // --push: bb pushes the branch with its own credential (BB_USERNAME/BB_TOKEN here), given to that git process only
  r = await bb(['pr', 'create', '--head', 'feature/cap', '--base', 'main', '--title', 'Cap', '--push', '--json', 'id'], { ...admin, cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Pushing feature\/cap to origin/);
  assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes('admin'), 'no credential in .git/config');
  const id = String((JSON.parse(r.stdout) as { id: number }).id);

  const token = await mint({ user: 'dev', permissions: ['REPO_ADMIN'] });
  const dev = { env: { BB_HOST: ready.url, BB_TOKEN: token, BB_REPO: 'ACME/web', BB_CONFIG_DIR: join(dir, 'dev-cap') } };
  r = await bb(['pr', 'view', id, '--json', 'state'], dev);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pr', 'merge', id], dev);
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^error 2003 API_FORBIDDEN: POST \/api\/latest\/projects\/\{projectKey\}\/repos\/\{repositorySlug\}\/pull-requests\/\{pullRequestId\}\/merge needs REPO_WRITE permission on this repository/m,
  );
  assert.match(r.stderr, /^hint: a token's scope never exceeds your own permission/m);
  assert.match(r.stderr, /REPO_WRITE on this repository/);
  r = await bb(['pr', 'view', id, '--json', 'state'], admin);
  assert.deepEqual(JSON.parse(r.stdout), { state: 'OPEN' });
});
