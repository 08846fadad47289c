/**
 * The OS keychain for real, on Linux: ./bin/bb in a D-Bus session of its own with a gnome-keyring daemon (the
 * Secret Service), against `bb sandbox`. `bb auth login` puts the token in the keyring (secret-tool, not bb, finds
 * it there), the credentials file keeps only a reference, later commands read the token back, and `bb auth logout`
 * removes it. Skipped, saying why, where dbus-run-session, gnome-keyring-daemon or secret-tool is missing (CI
 * installs them: .ci/run).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BB, ROOT, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

const TOOLS = ['dbus-run-session', 'gnome-keyring-daemon', 'secret-tool'];
const missing = process.platform !== 'linux' ? ['Linux'] : TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);

let sb: SandboxProcess | undefined;
before(async () => {
  if (missing.length === 0) sb = await startSandbox();
});
after(async () => {
  await sb?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

test('bb keeps its token in the Secret Service (gnome-keyring), reads it back, and deletes it at logout', {
  skip: missing.length > 0 && `needs ${missing.join(', ')}`,
}, async () => {
  const box = sb as SandboxProcess;
  const home = tempDir('bb-e2e-keychain-');
  try {
    // a keyring unlocked with an empty password, for this session only; then the driver, inside the session
    const session = `eval "$(printf '\\n' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"; exec "$0" "$@"`;
    const args = [join(ROOT, 'test', 'support', 'keychain-session.mjs'), BB, join(home, 'config'), box.url, box.email];
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'dbus-run-session',
        ['--', 'sh', '-c', session, process.execPath, ...args],
        { env: { PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: join(home, 'data'), BB_E2E_TOKEN: box.token }, timeout: 60_000 },
        (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const r = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, Run | string>;
    const run = (k: string) => r[k] as Run;

    assert.equal(run('login').code, 0, run('login').stderr);
    assert.doesNotMatch(run('login').stderr, /no OS keychain/, 'the keychain was reachable');
    assert.ok(!String(r.fileAfterLogin).includes(box.token), 'the credentials file holds no token');
    assert.match(String(r.fileAfterLogin), /"keychain": "bb:127\.0\.0\.1:\d+:/, 'only a reference to the keychain entry');
    assert.equal(run('keyringAfterLogin').code, 0, run('keyringAfterLogin').stderr);
    assert.match(
      run('keyringAfterLogin').stdout + run('keyringAfterLogin').stderr,
      new RegExp(`^secret = ${box.token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      'secret-tool finds the token',
    );

    assert.equal(run('status').code, 0, run('status').stderr);
    assert.match(run('status').stdout + run('status').stderr, /Stored in: OS keychain/);
    assert.equal(run('view').code, 0, run('view').stderr);
    assert.deepEqual(JSON.parse(run('view').stdout), { name: 'web' });

    assert.equal(run('logout').code, 0, run('logout').stderr);
    assert.doesNotMatch(run('keyringAfterLogout').stdout + run('keyringAfterLogout').stderr, new RegExp(box.token), 'the keyring entry is gone');
    for (const k of ['login', 'status', 'view', 'logout']) {
      assert.ok(!(run(k).stdout + run(k).stderr).includes(box.token), `bb auth/${k} printed no token`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
