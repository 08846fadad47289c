/**
 * README, "From the sandbox to your Bitbucket": the walk from zero to a real login, run as written (through bash,
 * with `bb` on the PATH), on a free port instead of 7990. Checks that the env file points bb at the sandbox, that
 * `git push` in a `bb repo clone` works only once a login set git up, that a restart with the same --port and
 * --state keeps the login, that `unset` goes back to Cloud while `bb auth status` still names the sandbox login,
 * and that the README's own text holds the commands run here.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { BB, ROOT } from '../support/sandbox.js';

const dir = mkdtempSync(join(tmpdir(), 'bb-readme-walk-'));
const bin = join(dir, 'bin');
const state = join(dir, 'bb-sandbox');
const envFile = join(dir, 'bb-sandbox.env');
const home = join(dir, 'home');
const gitConfig = join(dir, 'gitconfig');
let sandbox: ChildProcess | undefined;

after(() => {
  sandbox?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `bb sandbox …` as the README writes it; resolves with its ready line once it serves. */
function startSandbox(port: number): Promise<{ url: string; token: string }> {
  const child = spawn(process.execPath, [BB, 'sandbox', '--port', String(port), '--state', state, '--env-out', envFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sandbox = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox did not start')), 30_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { url: string; token: string });
    });
  });
}

function stopSandbox(): Promise<void> {
  const child = sandbox;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A bash script in a clean environment: no BB_* from outside, `bb` on the PATH, its own HOME and git config. */
function sh(script: string, cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('BB_') && !k.startsWith('GIT_')) env[k] = v;
  Object.assign(env, {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    BB_CONFIG_DIR: join(home, '.config', 'bb'),
    BB_NO_INPUT: '1',
    NO_COLOR: '1',
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_TERMINAL_PROMPT: '0',
  });
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-c', script], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('README: from the sandbox to a real login', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## From the sandbox to your Bitbucket'));
  for (const line of [
    'bb sandbox --port 7990 --state ~/.bb-sandbox --env-out ~/.bb-sandbox.env',
    '. ~/.bb-sandbox.env',
    'bb repo clone acme/web && cd web',
    'bb pr list',
    'export BB_API_URL=http://127.0.0.1:7990/2.0',
    'bb auth login --email dev@sandbox.test',
    'unset BB_API_URL BB_EMAIL BB_TOKEN',
    'bb scopes profile contributor',
    'bb scopes "pr create" "pr merge"',
  ]) {
    assert.ok(section.includes(line), `the README section shows: ${line}`);
  }

  // 1. bb on the PATH (the README's symlink form)
  mkdirSync(bin);
  mkdirSync(home);
  symlinkSync(BB, join(bin, 'bb'));
  copyFileSync(process.env.GIT_CONFIG_GLOBAL ?? '/dev/null', gitConfig);
  writeFileSync(gitConfig, `${readFileSync(gitConfig, 'utf8')}[user]\n\tname = Walk\n\temail = walk@example.test\n`);

  // 2. the sandbox, with an env file; another shell sources it
  const port = await freePort();
  const ready = await startSandbox(port);
  assert.ok(existsSync(envFile));
  assert.equal(statSync(envFile).mode & 0o777, 0o600, 'the env file holds a token: 0600');
  let r = await sh(`. ${envFile}\nbb repo clone acme/web && cd web\nbb pr list`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Add a login form/);
  const clone = join(dir, 'web');
  assert.ok(!readFileSync(join(clone, '.git', 'config'), 'utf8').includes(ready.token), 'no token in the clone');

  // without a login that set git up, git has no credential for the sandbox
  r = await sh('git commit -q --allow-empty -m walk && git push -q origin HEAD:refs/heads/walk-1', clone);
  assert.notEqual(r.code, 0, 'git push without a login fails');

  // log in as the README says (the token on stdin; --setup-git is the answer "yes" without a terminal)
  r = await sh(
    `export BB_API_URL=http://127.0.0.1:${port}/2.0\nprintf '%s\\n' '${ready.token}' | bb auth login --email dev@sandbox.test --with-token --insecure-storage --setup-git`,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ git now asks bb for credentials for http:\/\/127\.0\.0\.1:\d+ \(global config\)/);
  r = await sh(`export BB_API_URL=http://127.0.0.1:${port}/2.0\ngit push -q origin HEAD:refs/heads/walk-1`, clone);
  assert.equal(r.code, 0, `git push after bb auth login: ${r.stderr}`);

  // a restart with the same --port and --state keeps the data and the login
  await stopSandbox();
  await startSandbox(port);
  r = await sh(`export BB_API_URL=http://127.0.0.1:${port}/2.0\nbb branch list --json name`, clone);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"walk-1"/);

  // 3. back to Bitbucket: auth status still lists the sandbox login, with the BB_API_URL that uses it
  r = await sh(`. ${envFile}\nunset BB_API_URL BB_EMAIL BB_TOKEN\nbb auth status || true`);
  assert.match(
    r.stderr,
    new RegExp(`dev@sandbox\\.test: not checked: bb talks to api\\.bitbucket\\.org now; to use this login: BB_API_URL=http://127\\.0\\.0\\.1:${port}/2\\.0`),
  );
  assert.match(r.stderr, /Commands here use api\.bitbucket\.org/);

  // 4. which scopes to give a token
  r = await sh('bb scopes profile contributor && bb scopes "pr create" "pr merge"');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /write:pullrequest:bitbucket/);
  await stopSandbox();
});
