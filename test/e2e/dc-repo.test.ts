import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/** ./bin/bb against `bb sandbox --kind dc`: login detects Data Center, then the repository-side commands. */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;
let config: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-');
  ({ ready, dir, config } = sb);
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);
const git: DcSandbox['git'] = (args, cwd) => sb.git(args, cwd);

test('Data Center end to end: login, repos, clone and push, branches, statuses, projects, tokens, a 403 with the cap, NOT_ON_DC', async () => {
  let r = await bb(['auth', 'login', '--hostname', ready.url, '--username', 'admin', '--with-token', '--insecure-storage'], { stdin: 'admin\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Bitbucket Data Center 10\.0\.0/);
  const host = new URL(ready.url).host;
  assert.equal(JSON.parse(readFileSync(join(config, 'hosts.json'), 'utf8')).hosts[host].kind, 'dc');

  r = await bb(['repo', 'list', '--json', 'fullName']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ fullName: 'ACME/api' }, { fullName: 'ACME/web' }]);
  r = await bb(['repo', 'view', `${host}/ACME/api`]);
  assert.match(r.stdout, /^main branch:\tmain$/m);

  r = await bb(['repo', 'create', 'ACME/e2e', '--clone']);
  assert.equal(r.code, 0, r.stderr);
  const clone = join(dir, 'e2e');
  writeFileSync(join(clone, 'README.md'), '# e2e\n');
  await git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.test', 'add', '.'], clone);
  await git(['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.test', 'commit', '-qm', 'first'], clone);
  r = await bb(['repo', 'view', '--json', 'fullName,httpsUrl'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).fullName, 'ACME/e2e');
  // git has no credential for the instance until bb is its helper: the push is refused
  await assert.rejects(git(['push', '-q', 'origin', 'HEAD:refs/heads/main'], clone), /Authentication failed|could not read Username|terminal prompts disabled/);
  r = await bb(['auth', 'setup-git', '--local'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`git now asks bb for credentials for ${new URL(ready.url).origin.replace(/\./g, '\\.')} \\(this repository\\)`));
  const gitConfig = readFileSync(join(clone, '.git', 'config'), 'utf8');
  assert.match(
    gitConfig,
    new RegExp(`\\[credential "${new URL(ready.url).origin.replace(/\./g, '\\.')}"\\]\n\\s*helper = \n\\s*helper = .*auth git-credential`),
  );
  assert.ok(!/password|admin/.test(gitConfig), 'no credential in .git/config: only the helper command');
  // git runs `bb auth git-credential get`, which answers with the stored Data Center login (username and password)
  await git(['push', '-q', 'origin', 'HEAD:refs/heads/main'], clone);
  const head = (await git(['rev-parse', 'HEAD'], clone)).trim();

  r = await bb(['branch', 'create', 'topic'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['branch', 'list', '--json', 'name'], { cwd: clone });
  assert.deepEqual(
    JSON.parse(r.stdout)
      .map((b: { name: string }) => b.name)
      .sort(),
    ['main', 'topic'],
  );
  r = await bb(['branch', 'delete', 'topic', '--yes'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);

  r = await bb(['status', 'set', head, '--state', 'SUCCESSFUL', '--key', 'ci', '--url', 'https://ci.example.test/1'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['status', 'list', '--json', 'key,state'], { cwd: clone });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ key: 'ci', state: 'SUCCESSFUL' }]);

  r = await bb(['project', 'list', '--json', 'key']);
  assert.deepEqual(JSON.parse(r.stdout), [{ key: 'ACME' }]);

  r = await bb(['token', 'create', 'e2e', '--permission', 'REPO_READ', '--expiry-days', '1']);
  assert.equal(r.code, 0, r.stderr);
  const secret = r.stdout.trim();
  assert.match(secret, /^BBDC-/);
  r = await bb(['token', 'list', '--json', 'id,name,permissions']);
  const mine = (JSON.parse(r.stdout) as Array<{ id: string; name: string; permissions: string[] }>).find((t) => t.name === 'e2e');
  assert.deepEqual(mine?.permissions, ['REPO_READ']);
  assert.ok(!r.stdout.includes(secret), 'a listed token never shows its secret');
  r = await bb(['token', 'revoke', mine?.id as string, '--yes']);
  assert.equal(r.code, 0, r.stderr);

  // dev has REPO_WRITE on ACME/api; a token with REPO_ADMIN cannot lift that: the cap
  const minted = (await (
    await fetch(`${ready.admin}/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'dev', permissions: ['REPO_ADMIN'] }),
    })
  ).json()) as {
    token: string;
  };
  r = await bb(['repo', 'delete', 'ACME/api', '--yes'], { env: { BB_HOST: ready.url, BB_TOKEN: minted.token, BB_CONFIG_DIR: join(dir, 'none') } });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*needs REPO_ADMIN permission on this repository/m);
  assert.match(r.stderr, /^hint: a token's scope never exceeds your own permission/m);

  r = await bb(['pipeline', 'list'], { cwd: clone });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 6003 NOT_ON_DC: bb pipeline list is not available on Data Center/);
});
