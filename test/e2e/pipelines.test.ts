/**
 * `bb pipeline …`, `bb variable …`, `bb deployment list` and `bb environment list`: the built CLI
 * (`./bin/bb`, child processes) against one `bb sandbox` (demo seed). Pipelines run on the sandbox's
 * real clock, shaped by trigger variables (README: SANDBOX_STEP_SECONDS — each step also queues 2 s —,
 * SANDBOX_RESULT=FAILED, SANDBOX_LOG_BYTES), so the runs here are a few seconds long and overlap.
 * Covers: run with --var/--secure-var (the secured value never printed), list/view, watch ending with
 * the pipeline's result (exit 0 / 1), stop, logs (all steps, --step, --follow, through the 307 to the
 * log storage origin without Authorization), a 200 MB log streamed with bounded memory, variables at
 * the repository, workspace and environment levels.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BB, type BbResult, bb, ROOT, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const SECRET = 'pipeline-secret-hunter2';
const W = '/repositories/acme/web';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pipelines, variables, deployments, environments (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  const run = (args: string[], o: { input?: string; extra?: Record<string, string | undefined> } = {}): Promise<BbResult> =>
    bb(args, { env: { ...env, ...o.extra }, ...(o.input !== undefined ? { input: o.input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const noSecret = (...rs: BbResult[]) => {
    for (const r of rs) assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'the secured value is never printed');
  };
  const api = async (path: string): Promise<Json> => {
    const r = await sb.api(path);
    assert.equal(r.status, 200, path);
    return (await r.json()) as Json;
  };
  /** Start a pipeline on main with these trigger variables (through bb), return its build number. */
  async function start(vars: Record<string, string>): Promise<number> {
    const r = await run(['pipeline', 'run', '--branch', 'main', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}=${v}`])]);
    ok(r, 'pipeline run');
    return Number(r.stdout.trim());
  }
  async function steps(n: number): Promise<Json[]> {
    return (await api(`${W}/pipelines/${n}/steps`)).values;
  }
  async function waitCompleted(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await api(`${W}/pipelines/${n}`)).state.name !== 'COMPLETED') {
      assert.ok(Date.now() < deadline, `pipeline #${n} did not complete`);
      await sleep(250);
    }
  }
  /** A step's whole log straight from the API (no redirect), for comparison. */
  async function apiLog(n: number, stepUuid: string): Promise<string> {
    const r = await sb.api(`${W}/pipelines/${n}/steps/${encodeURIComponent(stepUuid)}/log`, { redirect: 'manual' });
    assert.equal(r.status, 200);
    return r.text();
  }

  before(async () => {
    sb = await startSandbox();
    env = sb.env({ BB_REPO: 'acme/web', MY_SECRET: SECRET });
  });
  after(async () => {
    await sb?.stop();
  });

  test('pipeline run --branch main with --var and --secure-var: started, variables sent, the secured value never printed', async () => {
    const dry = await run(['pipeline', 'run', '--branch', 'main', '--var', 'TARGET=eu', '--secure-var', 'MY_SECRET', '--dry-run']);
    ok(dry, 'pipeline run --dry-run');
    assert.match(dry.stdout, /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines\n/);
    assert.match(dry.stdout, /"key": ?"TARGET"/);
    assert.match(dry.stdout, /"key": ?"MY_SECRET"/);
    noSecret(dry);

    const r = await run([
      'pipeline',
      'run',
      '--branch',
      'main',
      '--var',
      'TARGET=eu',
      '--var',
      'SANDBOX_STEP_SECONDS=1',
      '--secure-var',
      'MY_SECRET',
      '--json',
      'buildNumber,state,status,refName,refType,trigger',
    ]);
    ok(r, 'pipeline run');
    noSecret(r);
    const p = JSON.parse(r.stdout);
    assert.deepEqual(p, { buildNumber: 3, state: 'PENDING', status: 'PENDING', refName: 'main', refType: 'branch', trigger: 'MANUAL' });
    assert.match(
      r.stderr,
      /^✓ Started pipeline #3 \(main\)\n {2}http:\/\/127\.0\.0\.1:\d+\/acme\/web\/pipelines\/results\/3\n {2}follow it with: bb pipeline watch 3\n$/,
    );
    // what the sandbox stored: the plain variable's value, the secured one without its value
    const stored = await api(`${W}/pipelines/3`);
    const vars = Object.fromEntries(stored.variables.map((v: Json) => [v.key, v]));
    assert.equal(vars.TARGET.value, 'eu');
    assert.deepEqual(vars.MY_SECRET, { type: 'pipeline_variable', key: 'MY_SECRET', secured: true });
    const view = await run(['pipeline', 'view', '3', '--json', 'buildNumber,steps']);
    noSecret(view);

    const none = await run(['pipeline', 'run', '--branch', 'no-such-branch']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^error 2007 API_BAD_REQUEST: .*no-such-branch/);
    const bad = await run(['pipeline', 'run', '--branch', 'main', '--var', 'NOEQUALS']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: /);
    const unset = await run(['pipeline', 'run', '--branch', 'main', '--secure-var', 'NOT_IN_ENV']);
    assert.equal(unset.code, 2, unset.stderr);
    assert.match(unset.stderr, /NOT_IN_ENV/);
  });

  test('pipeline list (piped rows, --json, --status) and view', async () => {
    const l = await run(['pipeline', 'list']);
    ok(l, 'pipeline list');
    const rows = l.stdout
      .trimEnd()
      .split('\n')
      .map((x) => x.split('\t'));
    assert.deepEqual(
      rows.map((x) => x.slice(0, 4)),
      [
        ['#3', rows[0]?.[1] ?? '', 'main', 'MANUAL'],
        ['#2', 'FAILED', 'feature/login', 'PUSH'],
        ['#1', 'SUCCESSFUL', 'main', 'PUSH'],
      ],
    );
    assert.match(rows[0]?.[1] ?? '', /^(PENDING|IN_PROGRESS\/RUNNING|SUCCESSFUL)$/, 'pipeline #3 (1 s steps) is under way or done');
    const j = await run(['pipeline', 'list', '--status', 'FAILED', '--json', 'buildNumber,result,refName']);
    ok(j, 'pipeline list --status FAILED');
    assert.deepEqual(JSON.parse(j.stdout), [{ buildNumber: 2, result: 'FAILED', refName: 'feature/login' }]);
    const b = await run(['pipeline', 'list', '--branch', 'main', '--trigger', 'PUSH', '--json', 'buildNumber']);
    assert.deepEqual(JSON.parse(b.stdout), [{ buildNumber: 1 }]);
    const badStatus = await run(['pipeline', 'list', '--status', 'GREEN']);
    assert.equal(badStatus.code, 2);
    assert.match(badStatus.stderr, /^error 5002 INVALID_ARGUMENT: --status GREEN: not a pipeline status/);

    const v = await run(['pipeline', 'view', '1']);
    ok(v, 'pipeline view');
    assert.match(v.stdout, /^pipeline:\t#1 \{[0-9a-f-]{36}\}\nstatus:\tSUCCESSFUL\ntarget:\tmain\ncommit:\t[0-9a-f]{40}\ntrigger:\tPUSH\n/);
    assert.match(v.stdout, /\nBuild\tSUCCESSFUL\t45s\t\{[0-9a-f-]{36}\}\nTest\tSUCCESSFUL\t45s\t\{[0-9a-f-]{36}\}\n$/);
    const vj = await run(['pipeline', 'view', '2', '--json', 'buildNumber,status,steps']);
    const p2 = JSON.parse(vj.stdout);
    assert.equal(p2.status, 'FAILED');
    assert.deepEqual(
      p2.steps.map((s: Json) => s.name),
      ['Build', 'Test'],
    );
    const missing = await run(['pipeline', 'view', '99']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: /);
  });

  test('pipeline watch ends with the result: exit 0 for a successful run, 1 for a failed one; pipeline logs --follow streams a running step', async () => {
    const good = 3; // started above with SANDBOX_STEP_SECONDS=1
    const bad = await start({ SANDBOX_STEP_SECONDS: '1', SANDBOX_RESULT: 'FAILED' });
    const followed = await start({ SANDBOX_STEP_SECONDS: '2', SANDBOX_LOG_BYTES: '30000' });
    const [w1, w2, f] = await Promise.all([
      run(['pipeline', 'watch', String(good), '--interval', '1']),
      run(['pipeline', 'watch', String(bad), '--interval', '1']),
      run(['pipeline', 'logs', String(followed), '--step', 'Test', '--follow', '--interval', '1']),
    ]);
    assert.equal(w1.code, 0, w1.stderr);
    assert.match(w1.stderr, /(^|\n)step Build: SUCCESSFUL\n/);
    assert.match(w1.stderr, /\nstep Test: SUCCESSFUL\npipeline #3: SUCCESSFUL\n✓ Pipeline #3 successful\n$/);
    assert.equal(w2.code, 1, w2.stderr);
    assert.match(w2.stderr, new RegExp(`\\nstep Test: FAILED\\npipeline #${bad}: FAILED\\nX Pipeline #${bad} failed\\n$`));
    assert.equal(w1.stdout + w2.stdout, '', 'watch reports on stderr');

    ok(f, 'pipeline logs --follow');
    const testStep = (await steps(followed)).find((s) => s.name === 'Test') as Json;
    const full = await apiLog(followed, testStep.uuid);
    assert.equal(f.stdout, full, 'the followed log is the whole log, each byte once');
    assert.match(f.stdout, /line 000000300: /);
    assert.match(f.stdout, /Step "Test" finished \(exit code 0\)\n$/);
  });

  test('pipeline logs: every step in order, --step by name, an unknown step', async () => {
    const all = await run(['pipeline', 'logs', '3']);
    ok(all, 'pipeline logs');
    const [build, tst] = await steps(3);
    const b = await apiLog(3, build?.uuid);
    const t = await apiLog(3, tst?.uuid);
    assert.equal(all.stdout, b + t);
    assert.equal(all.stderr, '==> step Build (SUCCESSFUL) <==\n==> step Test (SUCCESSFUL) <==\n');
    assert.match(b, /^\+ Running "Build" in /);
    const one = await run(['pipeline', 'logs', '3', '--step', 'test']);
    ok(one, 'pipeline logs --step test');
    assert.equal(one.stdout, t);
    assert.equal(one.stderr, '');
    const failed = await run(['pipeline', 'logs', '2', '--step', 'Test']);
    assert.match(failed.stdout, /FAIL src\/login\.test\.js/);
    const nope = await run(['pipeline', 'logs', '3', '--step', 'Deploy']);
    assert.equal(nope.code, 1);
    assert.match(nope.stderr, /^error 2002 API_NOT_FOUND: pipeline #3 has no step "Deploy"\nhint: its steps: Build, Test\n/);
  });

  test('pipeline stop: the running pipeline ends STOPPED (watch exits 1); stopping it again does nothing', async () => {
    const n = await start({ SANDBOX_STEP_SECONDS: '60' });
    const s = await run(['pipeline', 'stop', String(n)]);
    ok(s, 'pipeline stop');
    assert.match(s.stderr, new RegExp(`✓ Stopping pipeline #${n}`));
    const v = await run(['pipeline', 'view', String(n), '--json', 'status,state,steps']);
    const p = JSON.parse(v.stdout);
    assert.equal(p.status, 'STOPPED');
    const w = await run(['pipeline', 'watch', String(n)]);
    assert.equal(w.code, 1, w.stderr);
    assert.match(w.stderr, new RegExp(`X Pipeline #${n} stopped\\n$`));
    const again = await run(['pipeline', 'stop', String(n)]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, `! Pipeline #${n} already finished (STOPPED); nothing to stop\n`);
    const stopped = await run(['pipeline', 'list', '--status', 'STOPPED', '--json', 'buildNumber']);
    assert.deepEqual(JSON.parse(stopped.stdout), [{ buildNumber: n }]);
    const missing = await run(['pipeline', 'stop', '99']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: /);
    const dry = await run(['pipeline', 'stop', '1', '-R', 'acme/api', '--dry-run']);
    ok(dry, 'pipeline stop --dry-run');
    assert.match(
      dry.stdout,
      /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/api\/pipelines\/1\/stopPipeline\nrequired scopes: write:pipeline:bitbucket\n/,
    );
    assert.equal((await api('/repositories/acme/api/pipelines/1')).state.name, 'IN_PROGRESS', 'the dry run stopped nothing');
  });

  test('pipeline logs through the 307 to the log storage origin: same bytes, no Authorization sent there', async () => {
    const [build] = await steps(1);
    const direct = await apiLog(1, build?.uuid);
    const set = (on: boolean) =>
      fetch(`${sb.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ logRedirect: on }) });
    assert.equal(((await (await set(true)).json()) as Json).logRedirect, true);
    try {
      await fetch(`${sb.admin}/requests`, { method: 'DELETE' });
      const r = await run(['pipeline', 'logs', '1', '--step', 'Build']);
      ok(r, 'pipeline logs (redirected)');
      assert.equal(r.stdout, direct);
      const log = (await sb.requests()) as Array<Json>;
      const redirect = log.find((e) => e.operation === 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log');
      assert.equal(redirect?.status, 307, JSON.stringify(log));
      const storage = log.filter((e) => e.origin === 'logs');
      assert.deepEqual(
        storage.map((e) => [e.status, e.authorization]),
        [[200, false]],
        'one storage request, served, and it carried no Authorization',
      );
    } finally {
      await (await set(false)).body?.cancel();
    }
  });

  test('a 200 MB log streamed to a file with bounded memory, byte-exact', async () => {
    const bytes = 200 * 1024 * 1024;
    const n = await start({ SANDBOX_STEP_SECONDS: '0', SANDBOX_LOG_BYTES: String(bytes) });
    await waitCompleted(n);
    const testStep = (await steps(n)).find((s) => s.name === 'Test') as Json;
    // the exact size, from a one-byte Range request
    const probe = await sb.api(`${W}/pipelines/${n}/steps/${encodeURIComponent(testStep.uuid)}/log`, { headers: { Range: 'bytes=0-0' } });
    await probe.body?.cancel();
    const total = Number(/\/(\d+)$/.exec(probe.headers.get('content-range') ?? '')?.[1]);
    assert.ok(total >= bytes, `log size ${total}`);

    const dir = tempDir('bb-e2e-biglog-');
    const out = join(dir, 'test.log');
    const fd = openSync(out, 'w');
    try {
      const base: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_') && v !== undefined) base[k] = v;
      const childEnv = { ...base, NO_COLOR: '1', BB_NO_INPUT: '1', ...(env as Record<string, string>) };
      const args = [BB, 'pipeline', 'logs', String(n), '--step', 'Test'];
      const useTime = existsSync('/usr/bin/time');
      const child = useTime
        ? spawn('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', fd, 'pipe'] })
        : spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', fd, 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      // without GNU time: poll the child's peak RSS (VmHWM) until it exits
      let polledKb = 0;
      const poll = useTime
        ? undefined
        : setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) polledKb = Math.max(polledKb, Number(m[1]));
            } catch {}
          }, 20);
      const started = Date.now();
      const code = await new Promise<number | null>((r) => child.once('close', r));
      if (poll) clearInterval(poll);
      const seconds = (Date.now() - started) / 1000;
      assert.equal(code, 0, stderr);
      const peakKb = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]) : polledKb;
      assert.ok(peakKb > 0, `no RSS measurement\n${stderr}`);
      const peakMiB = peakKb / 1024;
      // issue #9's goal (measured ~76-81 MiB; bench/streaming.mjs)
      assert.ok(peakMiB <= 100, `bb's peak RSS was ${peakMiB.toFixed(1)} MiB streaming a ${(total / 1048576).toFixed(0)} MiB log`);
      assert.equal(statSync(out).size, total, 'every byte, once');
      // spot checks: the head, a generated line in the middle, the tail
      const rfd = openSync(out, 'r');
      try {
        const head = Buffer.alloc(200);
        readSync(rfd, head, 0, 200, 0);
        assert.match(head.toString('latin1'), /^\+ Running "Test" in /);
        const tail = Buffer.alloc(64);
        readSync(rfd, tail, 0, 64, total - 64);
        assert.match(tail.toString('latin1'), /Step "Test" finished \(exit code 0\)\n$/);
        const headLen = head.toString('latin1').indexOf('line 000000001: ');
        const mid = Buffer.alloc(100);
        readSync(rfd, mid, 0, 100, headLen + 1_000_000 * 100);
        assert.match(mid.toString('latin1'), /^line 001000001: [a-z ]+\n$/);
      } finally {
        closeSync(rfd);
      }
      process.stderr.write(`# 200 MB log: ${(total / 1048576).toFixed(0)} MiB in ${seconds.toFixed(1)} s, bb peak RSS ${peakMiB.toFixed(1)} MiB\n`);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('variable list|set|delete on the repository: secured values never printed', async () => {
    const l = await run(['variable', 'list']);
    ok(l, 'variable list');
    const rows = l.stdout
      .trimEnd()
      .split('\n')
      .map((x) => x.split('\t'));
    assert.deepEqual(
      rows.map((x) => x.slice(0, 3)),
      [
        ['API_TOKEN', '••••••••', 'yes'],
        ['DEPLOY_ENV', 'staging', 'no'],
      ],
    );
    assert.ok(!l.stdout.includes('sandbox-demo-secret'));

    let s = await run(['variable', 'set', 'REGION', '--value', 'eu-west-1']);
    ok(s, 'variable set');
    assert.equal(s.stderr, '✓ Created variable REGION on acme/web\n');
    s = await run(['variable', 'set', 'REGION', '--value', 'eu-central-1', '--json', 'key,value,secured']);
    ok(s, 'variable set (update)');
    assert.deepEqual(JSON.parse(s.stdout), { key: 'REGION', value: 'eu-central-1', secured: false });
    assert.match(s.stderr, /✓ Updated variable REGION on acme\/web/);
    // a secret from standard input
    const sec = await run(['variable', 'set', 'DEPLOY_KEY', '--secured', '--json', 'key,value,secured'], { input: `${SECRET}\n` });
    ok(sec, 'variable set --secured');
    assert.deepEqual(JSON.parse(sec.stdout), { key: 'DEPLOY_KEY', value: null, secured: true });
    const dry = await run(['variable', 'set', 'OTHER_KEY', '--secured', '--dry-run'], { input: SECRET });
    ok(dry, 'variable set --secured --dry-run');
    assert.match(dry.stdout, /^would send: POST /);
    const j = await run(['variable', 'list', '--json', 'key,value,secured']);
    const list = JSON.parse(j.stdout) as Json[];
    assert.deepEqual(
      list.map((v) => [v.key, v.value, v.secured]),
      [
        ['API_TOKEN', null, true],
        ['DEPLOY_ENV', 'staging', false],
        ['DEPLOY_KEY', null, true],
        ['REGION', 'eu-central-1', false],
      ],
    );
    const stored = await api(`${W}/pipelines_config/variables`);
    assert.ok(!JSON.stringify(stored).includes(SECRET), 'the API does not return it either');
    noSecret(sec, dry, j, await run(['variable', 'list']));

    const noYes = await run(['variable', 'delete', 'REGION']);
    assert.equal(noYes.code, 2, noYes.stderr);
    assert.match(noYes.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    ok(await run(['variable', 'delete', 'REGION', '--yes']), 'variable delete');
    const gone = await run(['variable', 'delete', 'REGION', '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: no variable REGION on acme\/web\nhint: list them with `bb variable list`\n/);
    assert.ok(!(await run(['variable', 'list'])).stdout.includes('REGION'));
    const badKey = await run(['variable', 'set', '1BAD', '--value', 'x']);
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /^error 5002 INVALID_ARGUMENT: "1BAD" is not a variable name/);
  });

  test('variable list|set|delete --workspace, and --env', async () => {
    const s = await run(['variable', 'set', 'WS_TOKEN', '--workspace', 'acme', '--secured', '--value-file', '-'], { input: SECRET });
    ok(s, 'variable set --workspace');
    const l = await run(['variable', 'list', '--workspace', 'acme']);
    ok(l, 'variable list --workspace');
    assert.deepEqual(
      l.stdout
        .trimEnd()
        .split('\n')
        .map((x) => x.split('\t').slice(0, 3)),
      [
        ['NODE_VERSION', '20', 'no'],
        ['WS_TOKEN', '••••••••', 'yes'],
      ],
    );
    noSecret(s, l);
    ok(await run(['variable', 'delete', 'WS_TOKEN', '--workspace', 'acme', '--yes']), 'variable delete --workspace');
    assert.ok(!(await run(['variable', 'list', '--workspace', 'acme'])).stdout.includes('WS_TOKEN'));
    const both = await run(['variable', 'list', '--workspace', 'acme', '-R', 'acme/web']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^error 5002 INVALID_ARGUMENT: --workspace cannot be used with -R or --env/);

    const e = await run(['variable', 'list', '--env', 'Production', '--json', 'key,value']);
    assert.deepEqual(JSON.parse(e.stdout), [{ key: 'DEPLOY_URL', value: 'https://acme.example/' }]);
    const noEnv = await run(['variable', 'list', '--env', 'Moon']);
    assert.equal(noEnv.code, 1);
    assert.match(noEnv.stderr, /^error 2002 API_NOT_FOUND: acme\/web has no deployment environment "Moon"/);
  });

  test('deployment list and environment list', async () => {
    const d = await run(['deployment', 'list']);
    ok(d, 'deployment list');
    assert.match(d.stdout, /^Production\tSUCCESSFUL\t#1\t[0-9a-f]{7}\t/);
    assert.equal(d.stdout.trimEnd().split('\n').length, 1);
    const dj = await run(['deployment', 'list', '--json', 'environment,status,buildNumber']);
    assert.deepEqual(JSON.parse(dj.stdout), [{ environment: 'Production', status: 'SUCCESSFUL', buildNumber: 1 }]);
    const none = await run(['deployment', 'list', '--env', 'Staging', '--json', 'uuid']);
    ok(none, 'deployment list --env Staging');
    assert.deepEqual(JSON.parse(none.stdout), []);

    const e = await run(['environment', 'list']);
    ok(e, 'environment list');
    assert.deepEqual(
      e.stdout
        .trimEnd()
        .split('\n')
        .map((x) => x.split('\t').slice(0, 2)),
      [
        ['Test', 'Test'],
        ['Staging', 'Staging'],
        ['Production', 'Production'],
      ],
    );
    const ej = await run(['environment', 'list', '-R', 'acme/api', '--json', 'name,type']);
    assert.deepEqual(JSON.parse(ej.stdout), [
      { name: 'Test', type: 'Test' },
      { name: 'Staging', type: 'Staging' },
      { name: 'Production', type: 'Production' },
    ]);
    const missing = await run(['environment', 'list', '-R', 'acme/nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: /);
  });
});
