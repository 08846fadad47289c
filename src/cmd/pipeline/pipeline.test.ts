import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { FetchRegistry, sameRegistry, TEST_API, verifyAfterTest } from '../../../test/support/fake-fetch.js';
import { noGit, runBb, tempDir } from '../../../test/support/run.js';
import type { Git } from '../../git/git.js';
import { main } from '../../main.js';

const TOKEN = 'tok-secret-123';
const env = { BB_TOKEN: TOKEN };
const R = ['-R', 'myteam/website'];
const BASE = '/repositories/myteam/website/pipelines';
const P = '{11111111-2222-4333-8444-555555555555}';
const PE = encodeURIComponent(P);
const S1 = '{aaaaaaaa-0000-4000-8000-000000000001}';
const S1E = encodeURIComponent(S1);

function pipeline(state: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    type: 'pipeline',
    uuid: P,
    build_number: 42,
    state,
    target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main', commit: { hash: '1a2b3c4d5e6f' } },
    trigger: { name: 'MANUAL' },
    created_on: '2024-05-01T10:00:00Z',
    duration_in_seconds: 75,
    ...extra,
  };
}
const running = { name: 'IN_PROGRESS', stage: { name: 'RUNNING' } };
const ok = { name: 'COMPLETED', result: { name: 'SUCCESSFUL' } };
const failed = { name: 'COMPLETED', result: { name: 'FAILED' } };
const step = (state: Record<string, unknown>, name = 'build', uuid = S1) => ({ type: 'pipeline_step', uuid, name, state, duration_in_seconds: 30 });

/** Replace a stubbed answer's body with a stream (the registry sees and checks the request itself). */
function withStreams(reg: FetchRegistry, streams: Record<string, () => ReadableStream<Uint8Array>>): typeof fetch {
  const wrapper = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await reg.fetch(input, init);
    const key = res.headers.get('x-test-stream');
    if (!key) return res;
    const make = streams[key];
    assert.ok(make, `no stream ${key}`);
    const headers = new Headers(res.headers);
    headers.delete('x-test-stream');
    return new Response(make(), { status: res.status, headers });
  }) as typeof fetch;
  return sameRegistry(wrapper, reg);
}

const ESC = String.fromCharCode(27);
const enc = (s: string) => new TextEncoder().encode(s);

test('pipeline list: piped rows, TTY table, --json, filters as query parameters', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: BASE,
      body: { values: [pipeline(ok), pipeline(running, { build_number: 43, uuid: '{x}' })] },
      check: ({ url }) => {
        assert.equal(url.searchParams.get('target.branch'), 'main');
        assert.equal(url.searchParams.get('status'), 'FAILED');
        assert.equal(url.searchParams.get('sort'), '-created_on');
      },
    })
    .stub({ method: 'GET', path: BASE, body: { values: [pipeline(ok)] } })
    .stub({ method: 'GET', path: BASE, body: { values: [pipeline(failed)] } });
  const piped = await runBb(['pipeline', 'list', ...R, '--branch', 'main', '--status', 'failed'], { fetch: reg.fetch, env });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(
    piped.stdout,
    '#42\tSUCCESSFUL\tmain\tMANUAL\t1m15s\t2024-05-01T10:00:00Z\n#43\tIN_PROGRESS/RUNNING\tmain\tMANUAL\t1m15s\t2024-05-01T10:00:00Z\n',
  );
  const tty = await runBb(['pipeline', 'list', ...R], { fetch: reg.fetch, env, tty: true });
  assert.match(tty.stdout, /^BUILD\s+STATUS\s+TARGET\s+TRIGGER\s+DURATION\s+CREATED\n#42\s+SUCCESSFUL\s+main/);
  const json = await runBb(['pipeline', 'list', ...R, '--json', 'buildNumber,status,result,commit'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(json.stdout), [{ buildNumber: 42, status: 'FAILED', result: 'FAILED', commit: '1a2b3c4d5e6f' }]);
  reg.verify();
  const bad = await runBb(['pipeline', 'list', ...R, '--status', 'GREEN'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: --status GREEN/m);
});

test('pipeline view: the pipeline and its steps; not found names the pipeline', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline(failed) })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [step(ok), step(failed, 'test', '{s2}')] } })
    .stub({ method: 'GET', path: `${BASE}/99`, status: 404, body: { type: 'error', error: { message: 'Not found' } } });
  const r = await runBb(['pipeline', 'view', '42', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^pipeline:\t#42 \{11111111/m);
  assert.match(r.stdout, /^status:\tFAILED$/m);
  assert.match(r.stdout, /^build\tSUCCESSFUL\t30s\t\{aaaaaaaa/m);
  assert.match(r.stdout, /^test\tFAILED\t30s\t\{s2\}$/m);
  const nf = await runBb(['pipeline', 'view', '99', ...R], { fetch: reg.fetch, env });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: pipeline 99 not found in myteam\/website/m);
  reg.verify();
});

test('pipeline view with no argument takes the latest pipeline of the current branch', async () => {
  const git: Git = {
    async run(args) {
      if (args[0] === 'rev-parse') return 'feature/x\n';
      throw new Error(`unexpected git ${args.join(' ')}`);
    },
  };
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: BASE, body: { values: [pipeline(ok)] }, check: ({ url }) => assert.equal(url.searchParams.get('target.branch'), 'feature/x') })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [] } });
  const r = await runBb(['pipeline', 'view', ...R, '--json', 'buildNumber,steps'], { fetch: reg.fetch, env, git });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { buildNumber: 42, steps: [] });
  reg.verify();
});

test('pipeline run: target, custom selector and variables; secured values never printed (dry run or not)', async () => {
  const dry = await runBb(
    ['pipeline', 'run', ...R, '--branch', 'main', '--custom', 'deploy', '--var', 'TARGET=eu', '--secure-var', 'TOKEN=s3cr3t-value', '--dry-run'],
    { env: {} },
  );
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/myteam\/website\/pipelines$/m);
  assert.match(dry.stdout, /"pattern": "deploy"/);
  assert.match(dry.stdout, /"TARGET"[\s\S]*"eu"/);
  assert.ok(!dry.stdout.includes('s3cr3t-value') && !dry.stderr.includes('s3cr3t-value'), 'secured value hidden in the dry run');
  assert.match(dry.stdout, /required scopes: read:pipeline:bitbucket, write:pipeline:bitbucket/);

  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: BASE,
    status: 201,
    body: pipeline({ name: 'PENDING' }, { variables: [{ key: 'TOKEN', secured: true }] }),
    check: ({ body }) => {
      const sent = JSON.parse(body);
      assert.deepEqual(sent.target, { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main', selector: { type: 'custom', pattern: 'deploy' } });
      assert.deepEqual(sent.variables, [
        { key: 'TARGET', value: 'eu', secured: false },
        { key: 'TOKEN', value: 'from-env', secured: true },
      ]);
    },
  });
  const r = await runBb(['pipeline', 'run', ...R, '--branch', 'main', '--custom', 'deploy', '--var', 'TARGET=eu', '--secure-var', 'TOKEN'], {
    fetch: reg.fetch,
    env: { ...env, TOKEN: 'from-env' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '42\n');
  assert.match(r.stderr, /✓ Started pipeline #42/);
  assert.ok(!(r.stdout + r.stderr).includes('from-env'));
  reg.verify();

  const noBranch = await runBb(['pipeline', 'run', ...R], { env, git: noGit });
  assert.equal(noBranch.code, 2);
  assert.match(noBranch.stderr, /^error 5002 INVALID_ARGUMENT: no branch/m);
});

test('pipeline run: 403 names the missing scope', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: BASE,
    status: 403,
    body: {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['write:pipeline:bitbucket'], granted: ['read:pipeline:bitbucket'] },
      },
    },
  });
  const r = await runBb(['pipeline', 'run', ...R, '--branch', 'main'], { fetch: reg.fetch, env: { ...env, BB_EMAIL: 'ada@example.com' } });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*write:pipeline:bitbucket/m);
  reg.verify();
});

test('pipeline stop: stops a running pipeline; a finished one is left alone; --dry-run sends nothing', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline(running) })
    .stub({ method: 'POST', path: `${BASE}/${PE}/stopPipeline`, status: 204 })
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline(ok) });
  const r = await runBb(['pipeline', 'stop', '42', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Stopping pipeline #42/);
  const done = await runBb(['pipeline', 'stop', '42', ...R], { fetch: reg.fetch, env });
  assert.match(done.stderr, /already finished \(SUCCESSFUL\)/);
  reg.verify();
  const dry = await runBb(['pipeline', 'stop', '42', ...R, '--dry-run'], { env: {} });
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /would send: POST .*\/pipelines\/42\/stopPipeline/);
});

function watchStubs(final: Record<string, unknown>): FetchRegistry {
  return new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline(running) })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [step(running)] } })
    .stub({ method: 'GET', path: `${BASE}/${PE}`, body: pipeline(final) })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [step(final)] } });
}

test('pipeline watch: exits 0 when the pipeline succeeds, 1 when it fails; plain lines when piped', async () => {
  const reg = watchStubs(ok);
  const r = await runBb(['pipeline', 'watch', '42', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'step build: IN_PROGRESS/RUNNING\npipeline #42: IN_PROGRESS/RUNNING\nstep build: SUCCESSFUL\npipeline #42: SUCCESSFUL\n✓ Pipeline #42 successful\n',
  );
  assert.ok(!r.stderr.includes(`${ESC}[`), 'no ANSI when piped');
  reg.verify();

  const reg2 = watchStubs(failed);
  const f = await runBb(['pipeline', 'watch', '42', ...R], { fetch: reg2.fetch, env });
  assert.equal(f.code, 1);
  assert.match(f.stderr, /X Pipeline #42 failed\n$/);
  reg2.verify();

  const reg3 = watchStubs({ name: 'COMPLETED', result: { name: 'STOPPED' } });
  const s = await runBb(['pipeline', 'watch', '42', ...R], { fetch: reg3.fetch, env });
  assert.equal(s.code, 1);
  reg3.verify();
});

test('pipeline watch on a terminal redraws the view in place with ANSI', async () => {
  const reg = watchStubs(ok);
  const r = await runBb(['pipeline', 'watch', '42', ...R], { fetch: reg.fetch, env, tty: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `^\\* Pipeline #42 main: IN_PROGRESS/RUNNING\n {2}\\* build: IN_PROGRESS/RUNNING\n${ESC}\\[2A${ESC}\\[J✓ Pipeline #42 main: SUCCESSFUL\n {2}✓ build: SUCCESSFUL\n`,
    ),
  );
  reg.verify();
});

// ---------------------------------------------------------------- logs

const LOG = `${BASE}/42`;
const STEPS = `${BASE}/${PE}/steps`;
const LOGPATH = `${BASE}/${PE}/steps/${S1E}/log`;

/** Runs bb in-process with a stdout the test can watch while the command runs. */
async function runWatched(argv: string[], fetchImpl: typeof fetch, onOut: (s: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
    onOut(stdout);
  });
  err.on('data', (d) => {
    stderr += d;
  });
  verifyAfterTest(fetchImpl); // as runBb does
  const configDir = tempDir();
  const code = await main(argv, {
    env: { BB_API_URL: TEST_API, BB_CONFIG_DIR: configDir, ...env } as NodeJS.ProcessEnv,
    io: { out, err, in: Readable.from([]), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, color: false, canPrompt: false },
    configDir,
    fetch: fetchImpl,
    git: noGit,
    httpOptions: { sleep: async () => {}, random: () => 0.5 },
    sleep: async () => {},
  });
  return { code, stdout, stderr };
}

test('pipeline logs streams chunk by chunk: the first chunk is on stdout before the second is sent', async () => {
  let sawFirst: () => void = () => {};
  const firstWritten = new Promise<void>((resolve) => {
    sawFirst = resolve;
  });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: LOG, body: pipeline(ok) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(ok)] } })
    .stub({ method: 'GET', path: LOGPATH, headers: { 'x-test-stream': 'log', 'content-type': 'text/plain' }, body: '' });
  let n = 0;
  const fetchImpl = withStreams(reg, {
    log: () =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          n++;
          if (n === 1) controller.enqueue(enc('line 1\n'));
          else if (n === 2) {
            // a buffering implementation never writes line 1 before the stream ends: this would time out
            await Promise.race([firstWritten, new Promise((_, reject) => setTimeout(() => reject(new Error('line 1 not streamed')), 2000))]).catch((e) =>
              controller.error(e),
            );
            controller.enqueue(enc('line 2\n'));
          } else controller.close();
        },
      }),
  });
  const r = await runWatched(['pipeline', 'logs', '42', '--step', 'build', ...R], fetchImpl, (s) => {
    if (s.includes('line 1\n')) sawFirst();
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'line 1\nline 2\n');
  reg.verify();
});

test('pipeline logs resumes a dropped connection with Range from the last byte', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: LOG, body: pipeline(ok) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(ok)] } })
    .stub({ method: 'GET', path: LOGPATH, headers: { 'x-test-stream': 'broken' }, body: '', check: ({ headers }) => assert.equal(headers.get('range'), null) })
    .stub({
      method: 'GET',
      path: LOGPATH,
      status: 206,
      headers: { 'content-range': 'bytes 13-18/19' },
      body: 'third\n',
      check: ({ headers }) => assert.equal(headers.get('range'), 'bytes=13-'),
    });
  const fetchImpl = withStreams(reg, {
    broken: () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          i++;
          if (i === 1) controller.enqueue(enc('first\n'));
          else if (i === 2) controller.enqueue(enc('secon'));
          else if (i === 3) controller.enqueue(enc('d\n'));
          else controller.error(new TypeError('terminated'));
        },
      });
    },
  });
  const r = await runBb(['pipeline', 'logs', '42', '--step', S1, ...R], { fetch: fetchImpl, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'first\nsecond\nthird\n');
  reg.verify();
});

test('pipeline logs follows the 307 to log storage without sending the credential there', async () => {
  const storage = 'https://logs.storage.test/step-log?sig=abc';
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: LOG, body: pipeline(ok) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(ok)] } })
    .stub({
      method: 'GET',
      path: LOGPATH,
      status: 307,
      headers: { location: storage },
      body: '',
      check: ({ headers }) => assert.ok(headers.get('authorization')),
    })
    .stub({ method: 'GET', path: storage, body: 'stored log\n', headers: { 'content-type': 'text/plain' } });
  const r = await runBb(['pipeline', 'logs', '42', '--step', 'build', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'stored log\n');
  const toStorage = reg.requests.filter((q) => q.url.origin === 'https://logs.storage.test');
  assert.equal(toStorage.length, 1);
  assert.equal(toStorage[0]?.headers.get('authorization'), null, 'no credential to another origin');
  assert.ok(!JSON.stringify([...(toStorage[0]?.headers ?? [])]).includes(Buffer.from(TOKEN).toString()));
  reg.verify();
});

test('pipeline logs --follow polls a running step with Range until it completes', async () => {
  const stepPath = `${BASE}/${PE}/steps/${S1E}`;
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: LOG, body: pipeline(running) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(running)] } })
    .stub({
      method: 'GET',
      path: LOGPATH,
      body: 'one\n',
      headers: { 'content-type': 'text/plain' },
      check: ({ headers }) => assert.equal(headers.get('range'), null),
    })
    .stub({ method: 'GET', path: stepPath, body: step(running) })
    .stub({ method: 'GET', path: LOGPATH, status: 416, body: '', check: ({ headers }) => assert.equal(headers.get('range'), 'bytes=4-') })
    .stub({ method: 'GET', path: stepPath, body: step(running) })
    .stub({
      method: 'GET',
      path: LOGPATH,
      status: 206,
      headers: { 'content-range': 'bytes 4-7/8' },
      body: 'two\n',
      check: ({ headers }) => assert.equal(headers.get('range'), 'bytes=4-'),
    })
    .stub({ method: 'GET', path: stepPath, body: step(ok) })
    .stub({
      method: 'GET',
      path: LOGPATH,
      status: 206,
      headers: { 'content-range': 'bytes 8-13/14' },
      body: 'three\n',
      check: ({ headers }) => assert.equal(headers.get('range'), 'bytes=8-'),
    });
  const r = await runBb(['pipeline', 'logs', '42', '--step', 'build', '--follow', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'one\ntwo\nthree\n');
  reg.verify();
});

test('pipeline logs: an unknown step lists the steps; a TTY sees control sequences made visible', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: LOG, body: pipeline(ok) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(ok)] } })
    .stub({ method: 'GET', path: LOG, body: pipeline(ok) })
    .stub({ method: 'GET', path: STEPS, body: { values: [step(ok)] } })
    .stub({ method: 'GET', path: LOGPATH, body: 'ok \u001b]0;pwned\u0007\n', headers: { 'content-type': 'text/plain' } });
  const r = await runBb(['pipeline', 'logs', '42', '--step', 'deploy', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2002 API_NOT_FOUND: pipeline #42 has no step "deploy"\nhint: its steps: build/m);
  const t = await runBb(['pipeline', 'logs', '42', ...R], { fetch: reg.fetch, env, tty: true });
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.stdout, 'ok ^[]0;pwned^G\n');
  reg.verify();
});

test('pipeline view --wait: polls until the pipeline completes (status changes on stderr), then shows it; the exit status is its result', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline({ name: 'PENDING' }) })
    .stub({ method: 'GET', path: `${BASE}/${PE}`, body: pipeline(running) })
    .stub({ method: 'GET', path: `${BASE}/${PE}`, body: pipeline(running) })
    .stub({ method: 'GET', path: `${BASE}/${PE}`, body: pipeline(failed) })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [step(failed)] } });
  const r = await runBb(['pipeline', 'view', '42', '--wait', '--json', 'buildNumber,status', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'pipeline #42: PENDING\npipeline #42: IN_PROGRESS/RUNNING\npipeline #42: FAILED\n');
  assert.deepEqual(JSON.parse(r.stdout), { buildNumber: 42, status: 'FAILED' });
  reg.verify();

  const done = new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/42`, body: pipeline(ok) })
    .stub({ method: 'GET', path: `${BASE}/${PE}/steps`, body: { values: [step(ok)] } });
  const d = await runBb(['pipeline', 'view', '42', '--wait', ...R], { fetch: done.fetch, env });
  assert.equal(d.code, 0, d.stderr);
  assert.equal(d.stderr, 'pipeline #42: SUCCESSFUL\n');
  assert.match(d.stdout, /^status:\tSUCCESSFUL$/m);
  done.verify();
});

test('pipeline view --wait backs off from 2 s to at most 30 s; --timeout is checked', async () => {
  const { nextWaitInterval } = await import('./view.js');
  const seen: number[] = [];
  let i: number | undefined;
  for (let n = 0; n < 10; n++) {
    i = nextWaitInterval(i);
    seen.push(i);
  }
  assert.deepEqual(seen, [2000, 3000, 4500, 6750, 10125, 15188, 22782, 30000, 30000, 30000]);
  const bad = await runBb(['pipeline', 'view', '42', '--wait', '--timeout', '-5', ...R], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: --timeout needs a positive whole number/);
  const alone = await runBb(['pipeline', 'view', '42', '--timeout', '60', ...R], { env });
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /^error 5001 USAGE: --timeout needs --wait/);
});
