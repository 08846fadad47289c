import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: `bb pr checkout` into a fresh clone (then a fast-forward to a newer
 * commit), and of a pull request from a personal fork (the fork's branch is fetched).
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let host: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-pr-checkout-');
  ({ ready, dir } = sb);
  host = new URL(sb.ready.url).host;
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);
const git: DcSandbox['git'] = (args, cwd) => sb.git(args, cwd);

test('Data Center pr checkout: a fresh clone checks out the pull request, then fast-forwards it', async () => {
  let r = await bb(['repo', 'clone', `${host}/ACME/api`, 'checkout-clone']);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'checkout-clone');
  assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes('admin'), 'no credential in .git/config');

  r = await bb(['pr', 'checkout', '1'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Checked out pull request #1 on branch feature\/login/);
  assert.equal((await git(['rev-parse', '--abbrev-ref', 'HEAD'], clone)).trim(), 'feature/login');
  assert.equal(readFileSync(join(clone, 'src', 'login.js'), 'utf8'), 'export const login = () => "ok";\n');
  assert.equal((await git(['rev-parse', '--abbrev-ref', '@{upstream}'], clone)).trim(), 'origin/feature/login');

  // a new commit on the source branch (pushed from another clone) reaches the checked-out branch
  r = await bb(['repo', 'clone', `${host}/ACME/api`, 'pusher']);
  assert.equal(r.code, 0, r.stderr);
  const pusher = join(dir, 'pusher');
  r = await bb(['auth', 'setup-git', '--hostname', host, '--local'], { cwd: pusher });
  assert.equal(r.code, 0, r.stderr);
  await git(['switch', '-q', 'feature/login'], pusher);
  writeFileSync(join(pusher, 'more.txt'), 'more\n');
  await git(['add', 'more.txt'], pusher);
  await git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@sandbox.test', 'commit', '-qm', 'More'], pusher);
  await git(['push', '-q', 'origin', 'feature/login'], pusher);
  const head = (await git(['rev-parse', 'HEAD'], pusher)).trim();

  r = await bb(['pr', 'checkout', '1', '--branch', 'review/1'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await git(['rev-parse', 'HEAD'], clone)).trim(), head);
  r = await bb(['pr', 'checkout', '1'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await git(['rev-parse', 'HEAD'], clone)).trim(), head, 'the existing branch is fast-forwarded');
});

test('Data Center pr checkout of a fork pull request: the fork (~ADMIN/api) is fetched, the branch has its commit', async () => {
  const admin = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Content-Type': 'application/json' };
  let res = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api`, { method: 'POST', headers: admin, body: '{}' });
  assert.equal(res.status, 201, await res.clone().text());
  const fork = (await res.json()) as { slug: string; project: { key: string } };
  assert.deepEqual({ slug: fork.slug, key: fork.project.key }, { slug: 'api', key: '~ADMIN' });

  // a branch pushed to the fork with the real git, through `bb auth setup-git --local`
  let r = await bb(['repo', 'clone', `${host}/~ADMIN/api`, 'fork-clone']);
  assert.equal(r.code, 0, r.stderr);
  const forkClone = join(dir, 'fork-clone');
  assert.equal((await git(['remote', 'get-url', 'origin'], forkClone)).trim(), `${ready.url}/scm/~admin/api.git`);
  r = await bb(['auth', 'setup-git', '--local'], { cwd: forkClone });
  assert.equal(r.code, 0, r.stderr);
  await git(['switch', '-q', '-c', 'fork/change'], forkClone);
  writeFileSync(join(forkClone, 'fork.txt'), 'from the fork\n');
  await git(['add', 'fork.txt'], forkClone);
  await git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@sandbox.test', 'commit', '-qm', 'Fork change'], forkClone);
  await git(['push', '-q', 'origin', 'fork/change'], forkClone);
  const head = (await git(['rev-parse', 'HEAD'], forkClone)).trim();

  res = await fetch(`${ready.url}/rest/api/latest/projects/ACME/repos/api/pull-requests`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      title: 'From the fork',
      fromRef: { id: 'refs/heads/fork/change', repository: { slug: 'api', project: { key: '~ADMIN' } } },
      toRef: { id: 'refs/heads/main', repository: { slug: 'api', project: { key: 'ACME' } } },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const id = String(((await res.json()) as { id: number }).id);

  r = await bb(['repo', 'clone', `${host}/ACME/api`, 'fork-target']);
  assert.equal(r.code, 0, r.stderr);
  const target = join(dir, 'fork-target');
  r = await bb(['pr', 'checkout', id], { cwd: target });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Fetching fork\/change from the fork ~ADMIN\/api/);
  assert.match(r.stderr, new RegExp(`✓ Checked out pull request #${id} on branch fork/change \\(from ~ADMIN/api\\)`));
  assert.equal((await git(['rev-parse', '--abbrev-ref', 'HEAD'], target)).trim(), 'fork/change');
  assert.equal((await git(['rev-parse', 'HEAD'], target)).trim(), head);
  assert.equal(readFileSync(join(target, 'fork.txt'), 'utf8'), 'from the fork\n');
  assert.ok(!readFileSync(join(target, '.git', 'config'), 'utf8').includes('admin:'), 'no credential in .git/config');
});
