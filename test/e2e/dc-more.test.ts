import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: webhooks of a repository, the user's SSH keys (DELETE by id needs the
 * global ADMIN permission, as the DC spec states), and `pr checkout` into a fresh clone.
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let host: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-more-');
  ({ ready, dir } = sb);
  host = new URL(ready.url).host;
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);
const git: DcSandbox['git'] = (args, cwd) => sb.git(args, cwd);

/** A token minted by the sandbox's admin endpoint (never passed in argv: through BB_TOKEN). */
async function mint(req: Record<string, unknown>): Promise<string> {
  const r = await fetch(`${ready.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'e2e', ...req }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return ((await r.json()) as { token: string }).token;
}

/** An OpenSSH public key: ssh-keygen's when it is installed, else a fixed one. */
function publicKey(): string {
  const file = join(dir, 'id_e2e');
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@sandbox', '-f', file], { stdio: 'ignore' });
    if (existsSync(`${file}.pub`)) return readFileSync(`${file}.pub`, 'utf8').trim();
  } catch {
    // no ssh-keygen: the fixture below
  }
  const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOdcFixtureKeyForTheDcEndToEndTestOnly000000 e2e@sandbox';
  writeFileSync(`${file}.pub`, `${pub}\n`);
  return pub;
}

test('Data Center webhooks: create (DC event keys, secret from stdin, never printed), list, delete', async () => {
  const R = `${host}/ACME/api`;
  let r = await bb(['webhook', 'create', '-R', R, '--url', 'https://ci.example.test/hook', '--events', 'repo:push']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /repo:push is a Bitbucket Cloud event; on Data Center: repo:refs_changed/);

  r = await bb(
    [
      'webhook',
      'create',
      '-R',
      R,
      '--url',
      'https://ci.example.test/hook',
      '--events',
      'repo:refs_changed,pr:opened,pr:reviewer:needs_work',
      '--description',
      'CI',
      '--secret-file',
      '-',
      '--json',
      'id,url,events,active,secretSet,description',
    ],
    { stdin: 's3cr3t-hook\n' },
  );
  assert.equal(r.code, 0, r.stderr);
  const hook = JSON.parse(r.stdout) as { id: string; events: string[]; secretSet: boolean; description: string; active: boolean };
  assert.match(hook.id, /^\d+$/);
  assert.deepEqual(hook.events, ['pr:opened', 'pr:reviewer:needs_work', 'repo:refs_changed']);
  assert.equal(hook.secretSet, true);
  assert.equal(hook.description, 'CI');
  assert.ok(!`${r.stdout}${r.stderr}`.includes('s3cr3t-hook'), 'the secret is never printed');
  assert.match(r.stderr, new RegExp(`✓ Created webhook ${hook.id} on ACME/api`));

  r = await bb(['webhook', 'list', '-R', R]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${hook.id}\thttps://ci.example.test/hook\tpr:opened,pr:reviewer:needs_work,repo:refs_changed\tyes\tCI\n`);
  assert.ok(!r.stdout.includes('s3cr3t-hook'));

  r = await bb(['webhook', 'delete', hook.id, '-R', R]);
  assert.equal(r.code, 2, 'a delete without --yes and no terminal is refused');
  r = await bb(['webhook', 'delete', hook.id, '-R', R, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Deleted webhook ${hook.id} from ACME/api`));
  r = await bb(['webhook', 'list', '-R', R, '--json', 'id']);
  assert.deepEqual(JSON.parse(r.stdout), []);
  r = await bb(['webhook', 'delete', hook.id, '-R', R, '--yes']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error 2002 API_NOT_FOUND: no webhook ${hook.id} on ACME/api`));

  // dev has REPO_WRITE on ACME/api: webhooks need REPO_ADMIN, whatever the token holds (the cap)
  const devToken = await mint({ user: 'dev', permissions: ['REPO_ADMIN'] });
  r = await bb(['webhook', 'list', '-R', R], { env: { BB_HOST: ready.url, BB_TOKEN: devToken, BB_CONFIG_DIR: join(dir, 'dev') } });
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^error 2003 API_FORBIDDEN: GET \/api\/latest\/projects\/\{projectKey\}\/repos\/\{repositorySlug\}\/webhooks needs REPO_ADMIN permission/m,
  );
  assert.ok(!r.stderr.includes(devToken));
});

test('Data Center SSH keys: add (a key from ssh-keygen), list, delete (global ADMIN), and the cap for a user without it', async () => {
  const pub = publicKey();
  const env = { BB_HOST: ready.url };
  let r = await bb(['ssh-key', 'add', '--key-file', join(dir, 'id_e2e.pub'), '--label', 'e2e laptop', '--json', 'id,label,key'], { env });
  assert.equal(r.code, 0, r.stderr);
  const key = JSON.parse(r.stdout) as { id: string; label: string; key: string };
  assert.match(key.id, /^\d+$/);
  assert.equal(key.label, 'e2e laptop');
  assert.equal(key.key, pub);

  // a private key is refused before any request
  r = await bb(['ssh-key', 'add', '--key-file', join(dir, 'id_e2e')], { env });
  if (existsSync(join(dir, 'id_e2e'))) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /that is a private key/);
  }

  r = await bb(['ssh-key', 'list', '--json', 'id,label'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ id: key.id, label: 'e2e laptop' }]);

  // dev: adds a key of their own with ACCOUNT_WRITE, but DELETE /ssh/latest/keys/{keyId} needs ADMIN, which dev lacks:
  // an OAuth 2.0 token with ADMIN_WRITE is capped at dev's own permission
  const devEnv = (token: string) => ({ BB_HOST: ready.url, BB_TOKEN: token, BB_CONFIG_DIR: join(dir, 'dev-ssh') });
  const devAdd = await mint({ user: 'dev', scope: 'ACCOUNT_WRITE' });
  r = await bb(['ssh-key', 'add', '--label', 'dev'], { env: devEnv(devAdd), stdin: pub.replace('e2e@sandbox', 'dev@sandbox') });
  assert.equal(r.code, 0, r.stderr);
  const devKey = r.stdout.trim();
  const devAdmin = await mint({ user: 'dev', scope: 'ADMIN_WRITE' });
  r = await bb(['ssh-key', 'delete', devKey, '--yes'], { env: devEnv(devAdmin) });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: DELETE \/ssh\/latest\/keys\/\{keyId\} needs ADMIN permission/m);
  assert.match(r.stderr, /OAuth 2\.0 scope ADMIN_WRITE/);
  assert.match(r.stderr, /never exceeds your own permission/);
  assert.ok(!r.stderr.includes(devAdmin));

  // bb scopes --dc says the same
  r = await bb(['scopes', '--dc', '--json', 'ssh-key delete']);
  const needs = JSON.parse(r.stdout) as {
    oauthScopes: string[];
    accessToken: { usable: boolean };
    commands: Array<{ operations: Array<{ permission: string }> }>;
  };
  assert.deepEqual(needs.oauthScopes, ['ADMIN_WRITE']);
  assert.equal(needs.accessToken.usable, false);
  assert.equal(needs.commands[0]?.operations[0]?.permission, 'ADMIN');

  // admin (SYS_ADMIN, password) deletes
  r = await bb(['ssh-key', 'delete', key.id], { env });
  assert.equal(r.code, 2, 'no --yes, no terminal');
  r = await bb(['ssh-key', 'delete', key.id, '--yes'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Removed SSH key ${key.id}`));
  r = await bb(['ssh-key', 'list', '--json', 'id'], { env });
  assert.deepEqual(JSON.parse(r.stdout), []);
});

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
  r = await bb(['repo', 'default-reviewers', 'list', '-R', R, '--json', 'nickname,display_name']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ nickname: 'dev', display_name: 'Dana Developer' }]);

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
