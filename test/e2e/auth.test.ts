/**
 * `bb auth …` end to end: ./bin/bb against `bb sandbox --seed demo`. Logins go to a fresh
 * BB_CONFIG_DIR per test; tokens reach bb only through stdin or the environment.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { errorCode, git, gitVars, Recorder } from '../support/e2e.js';
import { type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

describe('bb auth (e2e)', () => {
  let sb: SandboxProcess;
  let host: string;
  let origin: string;
  const rec = new Recorder();

  /** No credential in the environment: only what `auth login` stores in `configDir`. */
  const loginEnv = (configDir: string, extra: Record<string, string | undefined> = {}) => ({
    BB_API_URL: sb.url,
    BB_CONFIG_DIR: configDir,
    ...extra,
  });

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    host = new URL(sb.url).host;
    origin = new URL(sb.url).origin;
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
  });

  test('not logged in: auth status and auth token exit 4 with 1001', async () => {
    const env = loginEnv(join(tempDir(), 'cfg'));
    const status = await rec.bb(['auth', 'status'], { env });
    assert.equal(status.code, 4, status.stderr);
    assert.equal(errorCode(status.stderr), 1001);
    assert.match(status.stderr, new RegExp(`not logged in to ${host.replace(/\./g, '\\.')}`));
    assert.equal(status.stdout, '');
    const token = await rec.bb(['auth', 'token'], { env });
    assert.equal(token.code, 4);
    assert.equal(errorCode(token.stderr), 1001);
    assert.equal(token.stdout, '');
    const cmd = await rec.bb(['repo', 'list', 'acme'], { env });
    assert.equal(cmd.code, 4);
    assert.equal(errorCode(cmd.stderr), 1001);
  });

  test('auth login --email --with-token (API token, Basic): stored 0600 in a 0700 dir; status, token, logout', async () => {
    const configDir = join(tempDir(), 'cfg'); // does not exist yet: bb creates it
    const env = loginEnv(configDir);
    const login = await rec.bb(['auth', 'login', '--email', sb.email, '--with-token'], { env, input: `${sb.token}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /Logged in to 127\.0\.0\.1:\d+ as Sandbox Developer with an API token/);
    assert.equal(login.stdout, '');

    const file = join(configDir, 'hosts.json');
    assert.equal(statSync(configDir).mode & 0o777, 0o700, 'the config dir is 0700');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the credentials file is 0600');
    assert.ok(readFileSync(file, 'utf8').includes(sb.email));

    const status = await rec.bb(['auth', 'status'], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stderr, /Logged in as Sandbox Developer/);
    assert.match(status.stderr, /API token \(Basic, email \+ token\)/);
    assert.ok(status.stderr.includes(file), 'says where the token is stored');

    const json = await rec.bb(['auth', 'status', '--json', 'host,user,kind,valid,source'], { env });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [{ host, user: 'Sandbox Developer', kind: 'api-token', valid: true, source: file }]);

    const token = await rec.bb(['auth', 'token'], { env, printsToken: true });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(token.stdout.trim(), sb.token);

    // the stored login is used by other commands
    const list = await rec.bb(['repo', 'list', 'acme', '--json', 'name'], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.equal((JSON.parse(list.stdout) as unknown[]).length, 3);

    const logout = await rec.bb(['auth', 'logout'], { env });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stderr, /Logged out of 127\.0\.0\.1:\d+/);
    assert.ok(!readFileSync(file, 'utf8').includes(sb.token), 'the token is gone from the file');
    const after = await rec.bb(['auth', 'status'], { env });
    assert.equal(after.code, 4);
    assert.equal(errorCode(after.stderr), 1001);
  });

  test('auth login --with-token without --email: an access token, sent as Bearer', async () => {
    const { token } = await sb.mintToken({ legacyScopes: ['account', 'repository'] });
    rec.secret(token);
    const configDir = join(tempDir(), 'cfg');
    const env = loginEnv(configDir);
    const login = await rec.bb(['auth', 'login', '--with-token'], { env, input: `${token}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /with an access token \(Bearer\)/);

    const status = await rec.bb(['auth', 'status', '--json', 'kind,valid,user'], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout), [{ kind: 'access-token', valid: true, user: 'Sandbox Developer' }]);

    const view = await rec.bb(['repo', 'view', 'acme/web', '--json', 'fullName'], { env });
    assert.equal(view.code, 0, view.stderr);
    assert.deepEqual(JSON.parse(view.stdout), { fullName: 'acme/web' });

    // too narrow for repo create: the hint speaks legacy scope names
    const create = await rec.bb(['repo', 'create', 'dev/from-legacy'], { env });
    assert.equal(create.code, 4, create.stderr);
    assert.equal(errorCode(create.stderr), 2003);
    assert.match(create.stderr, /^error 2003 API_FORBIDDEN: POST \/repositories\/\{workspace\}\/\{repo_slug\} needs scope repository:admin/);
    assert.doesNotMatch(create.stderr, /admin:repository:bitbucket/);
    assert.equal((await sb.api('/repositories/dev/from-legacy')).status, 404);
  });

  test('auth status with a too-narrow token: exit 4, the problem and the granted scopes', async () => {
    const { token } = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
    rec.secret(token);
    const env = loginEnv(join(tempDir(), 'cfg'), { BB_TOKEN: token, BB_EMAIL: sb.email });
    const status = await rec.bb(['auth', 'status'], { env });
    assert.equal(status.code, 4, status.stderr);
    assert.match(status.stderr, /GET \/user needs read:user:bitbucket/);
    assert.match(status.stderr, /Token scopes: read:repository:bitbucket/);
    assert.match(status.stderr, /Stored in: BB_TOKEN/);
    const json = await rec.bb(['auth', 'status', '--json', 'kind,valid,scopes,source'], { env });
    assert.equal(json.code, 4);
    assert.deepEqual(JSON.parse(json.stdout), [{ kind: 'api-token', valid: false, scopes: ['read:repository:bitbucket'], source: 'BB_TOKEN' }]);
    // BB_TOKEN is what `auth token` prints
    const printed = await rec.bb(['auth', 'token'], { env, printsToken: true });
    assert.equal(printed.code, 0);
    assert.equal(printed.stdout.trim(), token);
  });

  test('auth login with a bad token: exit 4, 1003, nothing stored', async () => {
    const configDir = join(tempDir(), 'cfg');
    const bad = 'ATATTnot-a-real-token-0000000000';
    rec.secret(bad);
    const login = await rec.bb(['auth', 'login', '--email', sb.email, '--with-token'], { env: loginEnv(configDir), input: bad });
    assert.equal(login.code, 4);
    assert.equal(errorCode(login.stderr), 1003);
    assert.ok(!existsSync(join(configDir, 'hosts.json')) || !readFileSync(join(configDir, 'hosts.json'), 'utf8').includes(bad));
  });

  test('setup-git --local + git-credential: clone, branch, commit, git push with the stored login; the branch shows in bb api', async () => {
    const configDir = join(tempDir(), 'cfg');
    const env = loginEnv(configDir, gitVars());
    const login = await rec.bb(['auth', 'login', '--email', sb.email, '--with-token'], { env, input: sb.token });
    assert.equal(login.code, 0, login.stderr);

    const work = tempDir();
    const clone = await rec.bb(['repo', 'clone', 'acme/web'], { env, cwd: work });
    assert.equal(clone.code, 0, clone.stderr);
    const dir = join(work, 'web');
    await git(['checkout', '-q', '-b', 'e2e/auth-push'], dir);
    writeFileSync(join(dir, 'pushed.txt'), 'pushed through bb auth git-credential\n');
    await git(['add', 'pushed.txt'], dir);
    await git(['commit', '-q', '-m', 'Add pushed.txt'], dir);
    const head = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();

    // git has no credential yet (bb gave it one only for the clone)
    const gitCred = { BB_API_URL: sb.url, BB_CONFIG_DIR: configDir };
    await assert.rejects(git(['push', '-q', 'origin', 'e2e/auth-push'], dir, gitCred));

    const setup = await rec.bb(['auth', 'setup-git', '--local'], { env, cwd: dir });
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stderr, /git now asks bb for credentials for http:\/\/127\.0\.0\.1:\d+/);
    const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
    assert.match(config, new RegExp(`\\[credential "${origin.replace(/[.]/g, '\\.')}"\\]`));
    assert.match(config, /helper = .*auth git-credential/);
    assert.ok(!config.includes(sb.token), 'no token in .git/config');

    // git runs `bb auth git-credential get`, which finds the stored login (no BB_TOKEN anywhere)
    await git(['push', '-q', 'origin', 'e2e/auth-push'], dir, gitCred);
    const branch = await rec.bb(['api', '/repositories/{workspace}/{repo_slug}/refs/branches/e2e%2Fauth-push', '--jq', '.target.hash'], { env, cwd: dir });
    assert.equal(branch.code, 0, branch.stderr);
    assert.equal(branch.stdout.trim(), head);

    // the helper protocol itself: it answers for the sandbox host only
    const get = await rec.bb(['auth', 'git-credential', 'get'], { env, input: `protocol=http\nhost=${host}\n\n`, printsToken: true });
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^username=.+$/m);
    assert.ok(get.stdout.includes(`password=${sb.token}\n`));
    const other = await rec.bb(['auth', 'git-credential', 'get'], { env, input: 'protocol=https\nhost=example.com\n\n' });
    assert.equal(other.code, 0, other.stderr);
    assert.doesNotMatch(other.stdout, /password=/);
  });

  test('no token in any output (except auth token / git-credential get), no stack trace', () => {
    rec.assertClean();
  });
});
