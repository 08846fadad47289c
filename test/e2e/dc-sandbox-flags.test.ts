import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { BB, ROOT } from '../support/sandbox.js';

/** ./bin/bb against `bb sandbox --kind dc` started with --faults/--latency/--fault-seed, and with --state across a restart. */

interface Logged {
  path: string;
  status: number;
}

const admin = async (sb: DcSandbox, path: string, init: RequestInit = {}) => (await fetch(`${sb.ready.admin}${path}`, init)).json();

test('--faults, --latency and --fault-seed reach the DC sandbox: bb retries a 429, and a stalled answer is 7002 TIMEOUT', async () => {
  // seed 1 draws 200, 429, 200 for the three requests of `bb repo view`
  const sb = await startDcSandbox('bb-e2e-dc-faults-', ['--faults', '429=0.5', '--fault-seed', '1', '--latency', '20']);
  try {
    assert.deepEqual(await admin(sb, '/faults'), { latency: 20, faults: '429=0.5', seed: 1 });
    const env = { BB_HOST: sb.ready.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin' };
    let r = await sb.bb(['repo', 'view', 'ACME/api'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^main branch:\tmain$/m);
    const log = (await admin(sb, '/requests')) as Logged[];
    assert.ok(
      log.some((e) => e.status === 429),
      `a 429 was injected: ${JSON.stringify(log)}`,
    );
    assert.equal(log.at(-1)?.status, 200);

    await admin(sb, '/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ faults: 'stall=1', latency: 0 }) });
    const started = Date.now();
    r = await sb.bb(['repo', 'view', 'ACME/api'], { env: { ...env, BB_HTTP_TIMEOUT: '0.3' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error 7002 TIMEOUT: http:\/\/127\.0\.0\.1:\d+ sent nothing for 0\.3 s while bb was reading its answer$/m);
    assert.ok(Date.now() - started < 10_000, 'BB_HTTP_TIMEOUT shortened the wait');
  } finally {
    sb.stop();
  }
});

test("--state keeps a DC sandbox: a repository and the first run's token survive a restart", async () => {
  const state = mkdtempSync(join(tmpdir(), 'bb-e2e-dc-state-'));
  try {
    const first = await startDcSandbox('bb-e2e-dc-state-', ['--state', state]);
    let firstToken: string;
    try {
      firstToken = first.ready.token;
      const r = await first.bb(['repo', 'create', 'ACME/kept'], { env: { BB_HOST: first.ready.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin' } });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      first.stop();
    }
    await first.exited;
    assert.equal(statSync(join(state, 'state.json')).mode & 0o777, 0o600);

    const second = await startDcSandbox('bb-e2e-dc-state-', ['--state', state]);
    try {
      assert.notEqual(second.ready.token, firstToken);
      // the first run's ready-line token, as a Bearer HTTP access token
      const r = await second.bb(['repo', 'view', 'ACME/kept', '--json', 'fullName'], { env: { BB_HOST: second.ready.url, BB_TOKEN: firstToken } });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { fullName: 'ACME/kept' });
    } finally {
      second.stop();
    }
    await second.exited;
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

/** `bb sandbox ARGS` that is expected to refuse, and exit. */
function refused(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [BB, 'sandbox', '--port', '0', ...args], { cwd: ROOT }, (e, stdout, stderr) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

test("each kind refuses the other's state directory, --kind dc refuses --oauth-expiry, an unknown kind is refused: error 5002, exit status 2", async () => {
  const state = mkdtempSync(join(tmpdir(), 'bb-e2e-dc-state-'));
  try {
    writeFileSync(join(state, 'state.json'), JSON.stringify({ version: 1, users: {}, primaryUser: '{u}' }));
    let r = await refused(['--kind', 'dc', '--state', state]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --state: .*state\.json is not a Bitbucket Data Center sandbox state/);

    writeFileSync(join(state, 'state.json'), JSON.stringify({ kind: 'dc', version: 1 }));
    r = await refused(['--state', state]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --state: .*state\.json is a Bitbucket Data Center sandbox's state: start it with --kind dc\nhint: /);

    writeFileSync(join(state, 'state.json'), '{ not json');
    r = await refused(['--state', state]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --state: cannot read .*state\.json/);

    r = await refused(['--kind', 'dc', '--oauth-expiry', '60']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --oauth-expiry is for the Cloud sandbox/);

    // a kind bb does not know is refused, not served as Cloud
    r = await refused(['--kind', 'datacenter']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: option '--kind <KIND>' argument 'datacenter' is invalid\. Allowed choices are cloud, dc\./);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
