/**
 * OAuth 2.0 login end to end: ./bin/bb against `bb sandbox`, whose /site/oauth2/authorize auto-approves and
 * /site/oauth2/access_token mints expiring legacy-scope tokens. The "browser" is test/support/fake-browser.mjs
 * (BROWSER=…), which follows the authorize redirect to bb's loopback listener; the paste fallback is played by the
 * test reading the URL bb prints and writing the redirect back to its stdin.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BB, bb, ROOT, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

let sb: SandboxProcess;
const BROWSER = `${process.execPath} ${join(ROOT, 'test', 'support', 'fake-browser.mjs')}`;

before(async () => {
  sb = await startSandbox({ seed: 'demo' });
});
after(async () => {
  await sb.stop();
});

interface Consumer {
  key: string;
  secret: string;
}

async function consumer(scopes: string[], expiresIn?: number): Promise<Consumer> {
  const r = await fetch(`${sb.admin}/oauth/consumers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scopes, expiresIn }),
  });
  assert.equal(r.status, 201);
  return (await r.json()) as Consumer;
}

async function stats(): Promise<{ authorizations: number; codeExchanges: number; refreshes: number }> {
  return (await (await fetch(`${sb.admin}/oauth`)).json()) as { authorizations: number; codeExchanges: number; refreshes: number };
}

/** Environment for bb: the sandbox URL, a fresh config dir, no BB_TOKEN, the consumer secret in a file. */
function setup(c: Consumer): { env: Record<string, string | undefined>; dir: string; secretFile: string } {
  const dir = tempDir('bb-oauth-');
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, `${c.secret}\n`, { mode: 0o600 });
  return { env: { BB_API_URL: sb.url, BB_CONFIG_DIR: dir, BROWSER }, dir, secretFile };
}

function hosts(dir: string): { hosts: Record<string, { active?: string; accounts: Record<string, { token: unknown; oauth?: { refreshToken: unknown } }> }> } {
  return JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8'));
}

function storedToken(dir: string): string {
  const entry = Object.values(hosts(dir).hosts)[0];
  return String(entry?.accounts.dev?.token);
}

async function login(c: Consumer, extra: string[] = []) {
  const s = setup(c);
  const r = await bb(['auth', 'login', '--oauth', '--client-id', c.key, '--client-secret-file', s.secretFile, '--insecure-storage', ...extra], { env: s.env });
  return { ...s, r };
}

test('OAuth login over the loopback redirect: checkboxes, grant check, stored login, no secret in output', async () => {
  const c = await consumer(['account', 'pullrequest']);
  const { r, dir, env } = await login(c, ['--profile', 'reviewer']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /needs these permissions ticked: Account: Read; Pull requests: Write/);
  assert.match(r.stderr, /Opening http:\/\/127\.0\.0\.1:\d+\/site\/oauth2\/authorize\?client_id=/);
  assert.doesNotMatch(r.stderr, /code_challenge/, 'no PKCE: Bitbucket Cloud does not support it');
  assert.match(r.stderr, /Logged in to 127\.0\.0\.1:\d+ as Sandbox Developer with an OAuth 2\.0 access token/);
  // the consumer has pullrequest (read) but the reviewer profile needs pullrequest:write
  assert.match(r.stderr, /lacks scopes bb asked for: pullrequest:write/);
  assert.match(r.stderr, /Pull requests: Write/);
  const token = storedToken(dir);
  for (const secret of [token, c.secret]) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'no secret printed');

  const st = await bb(['auth', 'status', '--json', 'method,storage,valid,scopes'], { env });
  assert.equal(st.code, 0, st.stderr);
  assert.deepEqual(JSON.parse(st.stdout), [{ method: 'oauth', storage: 'file', valid: true, scopes: ['account', 'pullrequest'] }]);
  // the token works as Bearer within the consumer's scopes
  const pr = await bb(['api', '/user', '--jq', '.nickname'], { env });
  assert.equal(pr.code, 0, pr.stderr);
  assert.equal(pr.stdout.trim(), 'dev');
});

test('OAuth paste fallback (--no-browser): the URL is printed, the pasted redirect is checked for state', async () => {
  const c = await consumer(['account']);
  const s = setup(c);
  const before = await stats();
  const run = (mangle: (redirect: string) => string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_') && k !== 'BROWSER' && k !== 'DISPLAY') env[k] = v;
      Object.assign(env, { BB_API_URL: sb.url, BB_CONFIG_DIR: s.dir, BB_NO_INPUT: '1', NO_COLOR: '1' });
      const child = spawn(
        process.execPath,
        [BB, 'auth', 'login', '--oauth', '--no-browser', '--client-id', c.key, '--client-secret-file', s.secretFile, '--insecure-storage'],
        { env, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stderr = '';
      let answered = false;
      child.stderr.on('data', async (d) => {
        stderr += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/site\/oauth2\/authorize\?\S+)/.exec(stderr);
        if (m && !answered) {
          answered = true;
          // play the browser: the sandbox auto-approves and redirects to http://127.0.0.1/callback?code=…&state=…
          const res = await fetch(m[1] as string, { redirect: 'manual' });
          const location = res.headers.get('location') ?? '';
          child.stdin.end(`${mangle(location)}\n`);
        }
      });
      child.once('close', (code) => resolve({ code, stderr }));
    });

  const forged = await run((l) => l.replace(/state=[^&]+/, 'state=forged'));
  assert.equal(forged.code, 4, forged.stderr);
  assert.match(forged.stderr, /does not carry the state bb sent/);

  const ok = await run((l) => l);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /Open this URL in a browser/);
  assert.match(ok.stderr, /redirect_uri=http%3A%2F%2F127\.0\.0\.1%2Fcallback/);
  assert.match(ok.stderr, /Logged in to .* as Sandbox Developer/);
  const after = await stats();
  assert.equal(after.codeExchanges - before.codeExchanges, 1, 'the forged redirect never reached the token endpoint');
});

test('an expired access token is refreshed before use, and the new pair is persisted', async () => {
  const c = await consumer(['account'], 1); // expires_in 1 s: always within bb's refresh margin
  const { r, dir, env } = await login(c);
  assert.equal(r.code, 0, r.stderr);
  const first = storedToken(dir);
  const firstRefresh = String(Object.values(hosts(dir).hosts)[0]?.accounts.dev?.oauth?.refreshToken);
  const before = await stats();
  const t = await bb(['auth', 'token'], { env });
  assert.equal(t.code, 0, t.stderr);
  const second = storedToken(dir);
  assert.notEqual(second, first);
  assert.equal(t.stdout.trim(), second);
  assert.notEqual(String(Object.values(hosts(dir).hosts)[0]?.accounts.dev?.oauth?.refreshToken), firstRefresh, 'rotated refresh token kept');
  assert.equal((await stats()).refreshes - before.refreshes, 1);
});

test('a 401 refreshes once, even for two bb processes at the same time (lock beside the credentials)', async () => {
  const c = await consumer(['account']);
  const { r, dir, env } = await login(c);
  assert.equal(r.code, 0, r.stderr);
  const first = storedToken(dir);
  // the server expires every OAuth token now; bb still believes its token is good for an hour
  assert.equal((await fetch(`${sb.admin}/oauth/expire`, { method: 'POST', headers: { 'Content-Type': 'application/json' } })).status, 200);
  const before = await stats();
  const [a, b] = await Promise.all([bb(['api', '/user', '--jq', '.nickname'], { env }), bb(['api', '/user', '--jq', '.nickname'], { env })]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout.trim(), 'dev');
  assert.equal(b.stdout.trim(), 'dev');
  assert.equal((await stats()).refreshes - before.refreshes, 1, 'one refresh for both processes');
  assert.notEqual(storedToken(dir), first);
  const log = await sb.requests();
  assert.ok(
    log.some((e) => e.path === '/2.0/user' && e.status === 401),
    'the old token was refused first',
  );
});

test('auth refresh re-consents with the stored consumer; auth logout forgets locally and says no revocation exists', async () => {
  const c = await consumer(['account', 'repository']);
  const { r, dir, env } = await login(c);
  assert.equal(r.code, 0, r.stderr);
  const before = await stats();
  const re = await bb(['auth', 'refresh', '--scopes', 'repository:write'], { env });
  assert.equal(re.code, 0, re.stderr);
  assert.match(re.stderr, /Repositories: Write/);
  assert.match(re.stderr, /lacks scopes bb asked for: repository:write/);
  assert.equal((await stats()).authorizations - before.authorizations, 1, 'a new authorization, not a token refresh');

  const out = await bb(['auth', 'logout'], { env });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /Logged out of .* \(dev\)/);
  assert.match(out.stderr, /not revoked \(Bitbucket has no API for it\)/);
  assert.deepEqual(hosts(dir).hosts, {});
  const st = await bb(['auth', 'status'], { env });
  assert.equal(st.code, 4);
});

test('OAuth login refuses a wrong consumer secret without storing anything', async () => {
  const c = await consumer(['account']);
  const { r, dir } = await login({ key: c.key, secret: 'wrong-secret' });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /exchanging the authorization code failed: invalid_client/);
  assert.ok(!r.stderr.includes('wrong-secret'));
  assert.throws(() => hosts(dir));
});
