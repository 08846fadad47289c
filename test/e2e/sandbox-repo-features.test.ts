/**
 * Pipelines, variables, deployments, issues, snippets, webhooks and keys in the sandbox, in-process
 * (startSandbox, demo seed). The clock is driven by replacing `h.sandbox.now`, so steps advance
 * without waiting. Answers are validated against the spec's schemas.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { handlers as issues } from '../../src/sandbox/handlers/issues.js';
import { handlers as keys } from '../../src/sandbox/handlers/keys.js';
import { handlers as pipelines } from '../../src/sandbox/handlers/pipelines.js';
import { handlers as snippets } from '../../src/sandbox/handlers/snippets.js';
import { handlers as variables } from '../../src/sandbox/handlers/variables.js';
import { handlers as webhooks } from '../../src/sandbox/handlers/webhooks.js';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { OPERATIONS } from '../../src/scopes/generated/operations.js';
import { LOG_LINE_BYTES } from '../../src/sandbox/model/pipelines.js';
import { assertSchema } from '../support/spec-schema.js';
import { GPG_FPR, GPG_KEY, GPG_SUB_FPR } from '../support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers, checked against the spec's schemas
type Json = Record<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: an answer's body: parsed JSON or text
type Body = any;

const run = promisify(execFile);

/** A throwaway ed25519 public key with an encryption subkey, made with gpg; its fingerprints as gpg printed them. */

describe('sandbox areas: pipelines, variables, issues, snippets, webhooks, keys', () => {
  let h: SandboxHandle;
  let clock = Date.parse('2025-06-01T12:00:00Z');
  const W = '/repositories/acme/web';

  async function call(
    method: string,
    path: string,
    body?: unknown,
    o: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Body; headers: Headers }> {
    const r = await fetch(`${h.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { Authorization: `Bearer ${o.token ?? h.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...o.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await r.text();
    let parsed: unknown = raw;
    if ((r.headers.get('content-type') ?? '').includes('json') && raw) parsed = JSON.parse(raw);
    return { status: r.status, body: parsed, headers: r.headers };
  }
  const advance = (seconds: number) => {
    clock += seconds * 1000;
  };
  async function mint(req: { scopes?: string[]; legacyScopes?: string[] }): Promise<string> {
    const r = await fetch(`${h.admin}/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
    assert.equal(r.status, 201);
    return ((await r.json()) as { token: string }).token;
  }

  before(async () => {
    h = await startSandbox({ seed: 'demo', legacy: true });
    h.sandbox.now = () => new Date(clock);
  });
  after(() => h.close());

  test('every handler key of these areas is an operation of the spec', () => {
    for (const map of [pipelines, variables, issues, snippets, webhooks, keys]) {
      for (const key of Object.keys(map)) assert.ok(OPERATIONS[key], `${key} is not an operation of the spec`);
    }
  });

  // ---------------- pipelines ----------------

  describe('pipelines', () => {
    let p: Json;

    test('trigger on a branch: variables echoed, secured values never', async () => {
      const r = await call('POST', `${W}/pipelines/`, {
        target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main' },
        variables: [
          { key: 'SANDBOX_STEP_SECONDS', value: '10' },
          { key: 'SANDBOX_LOG_BYTES', value: '100000' },
          { key: 'PASSWORD', value: 'hunter2', secured: true },
        ],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      p = r.body;
      assertSchema(p, 'pipeline');
      assert.equal(p.build_number, 3); // the demo has #1 and #2
      assert.equal(p.state.name, 'PENDING');
      assert.equal(p.target.ref_name, 'main');
      assert.match(p.target.commit.hash, /^[0-9a-f]{40}$/);
      assert.deepEqual(p.target.selector, { type: 'branches', pattern: 'main' });
      const secured = p.variables.find((v: Json) => v.key === 'PASSWORD');
      assert.deepEqual(secured, { type: 'pipeline_variable', key: 'PASSWORD', secured: true });
      assert.ok(!JSON.stringify(p).includes('hunter2'));
      const again = await call('GET', `${W}/pipelines/${encodeURIComponent(p.uuid)}`);
      assert.ok(!JSON.stringify(again.body).includes('hunter2'));
      const list = await call('GET', `${W}/pipelines?pagelen=100`);
      assert.ok(!JSON.stringify(list.body).includes('hunter2'));
    });

    test('steps advance with the clock: PENDING → IN_PROGRESS → COMPLETED, the log grows', async () => {
      const steps = async () => (await call('GET', `${W}/pipelines/${encodeURIComponent(p.uuid)}/steps`)).body;
      let s = await steps();
      assertSchema(s, 'paginated_pipeline_steps');
      assert.deepEqual(
        s.values.map((x: Json) => [x.name, x.state.name]),
        [
          ['Build', 'PENDING'],
          ['Test', 'PENDING'],
        ],
      );
      advance(3); // queued 2 s, then Build runs 10 s
      s = await steps();
      assert.equal(s.values[0].state.name, 'IN_PROGRESS');
      assert.ok(s.values[0].started_on);
      let view = await call('GET', `${W}/pipelines/${p.build_number}`);
      assert.equal(view.body.state.name, 'IN_PROGRESS');
      assert.equal(view.body.state.stage.name, 'RUNNING');
      advance(11); // t = 14: Build done, Test starts at 14
      s = await steps();
      assert.equal(s.values[0].state.name, 'COMPLETED');
      assert.equal(s.values[0].state.result.name, 'SUCCESSFUL');
      assert.equal(s.values[0].duration_in_seconds, 10);
      const test1 = s.values[1];
      advance(2); // t = 16: Test 20 % through
      const logUrl = `${W}/pipelines/${encodeURIComponent(p.uuid)}/steps/${encodeURIComponent(test1.uuid)}/log`;
      const early = await call('GET', logUrl);
      assert.equal(early.status, 200);
      assert.equal(early.headers.get('accept-ranges'), 'bytes');
      assert.ok(early.body.length > 0 && early.body.endsWith('\n'), 'a running log is cut at a line end');
      advance(4); // t = 20: 60 %
      const later = await call('GET', logUrl);
      assert.ok(later.body.length > early.body.length, 'the log grows while the step runs');
      assert.ok(later.body.startsWith(early.body));
      const step = await call('GET', `${W}/pipelines/${encodeURIComponent(p.uuid)}/steps/${encodeURIComponent(test1.uuid)}`);
      assertSchema(step.body, 'pipeline_step');
      assert.equal(step.body.state.name, 'IN_PROGRESS');
      advance(10);
      view = await call('GET', `${W}/pipelines/${encodeURIComponent(p.uuid)}`);
      assert.equal(view.body.state.name, 'COMPLETED');
      assert.equal(view.body.state.result.name, 'SUCCESSFUL');
      assert.equal(view.body.state.result.type, 'pipeline_state_completed_successful');
      assert.ok(view.body.completed_on);
      const full = await call('GET', logUrl);
      assert.match(full.body, /^\+ Running "Test"/);
      assert.match(full.body, /line 000000001: /);
      assert.match(full.body, /Step "Test" finished \(exit code 0\)\n$/);
      assert.ok(full.body.startsWith(later.body));
      assert.equal(Number(full.headers.get('content-length')), Buffer.byteLength(full.body));
    });

    test('log Range requests: 206 with Content-Range, suffix ranges, 416 past the end', async () => {
      const steps = (await call('GET', `${W}/pipelines/${encodeURIComponent(p.uuid)}/steps`)).body.values;
      const logUrl = `${W}/pipelines/${encodeURIComponent(p.uuid)}/steps/${encodeURIComponent(steps[1].uuid)}/log`;
      const full = (await call('GET', logUrl)).body as string;
      const size = Buffer.byteLength(full);
      let r = await call('GET', logUrl, undefined, { headers: { Range: 'bytes=0-99' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers.get('content-range'), `bytes 0-99/${size}`);
      assert.equal(r.body, full.slice(0, 100));
      r = await call('GET', logUrl, undefined, { headers: { Range: 'bytes=5000-' } });
      assert.equal(r.status, 206);
      assert.equal(r.body, full.slice(5000));
      r = await call('GET', logUrl, undefined, { headers: { Range: 'bytes=-50' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers.get('content-range'), `bytes ${size - 50}-${size - 1}/${size}`);
      assert.equal(r.body, full.slice(-50));
      r = await call('GET', logUrl, undefined, { headers: { Range: `bytes=${size}-` } });
      assert.equal(r.status, 416);
      assert.equal(r.headers.get('content-range'), `bytes */${size}`);
    });

    test('list with sort=-created_on and pagelen; view by build number', async () => {
      advance(60);
      const second = await call('POST', `${W}/pipelines`, {
        target: { type: 'pipeline_commit_target', commit: { hash: p.target.commit.hash }, selector: { type: 'custom', pattern: 'deploy-staging' } },
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.target.type, 'pipeline_commit_target');
      assert.deepEqual(second.body.target.selector, { type: 'custom', pattern: 'deploy-staging' });
      const steps = await call('GET', `${W}/pipelines/${second.body.build_number}/steps`);
      assert.deepEqual(
        steps.body.values.map((s: Json) => s.name),
        ['deploy-staging'],
      );
      const list = await call('GET', `${W}/pipelines?sort=-created_on&pagelen=2`);
      assertSchema(list.body, 'paginated_pipelines');
      assert.equal(list.body.size, 4);
      assert.deepEqual(
        list.body.values.map((x: Json) => x.build_number),
        [4, 3],
      );
      assert.ok(list.body.next?.includes('page=2'));
      const view = await call('GET', `${W}/pipelines/4`);
      assert.equal(view.body.uuid, second.body.uuid);
      assert.equal((await call('GET', `${W}/pipelines/99`)).status, 404);
      const bad = await call('POST', `${W}/pipelines`, { target: { ref_type: 'branch', ref_name: 'no-such-branch' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /no-such-branch/);
    });

    test('stop: the running step STOPPED, the rest NOT_RUN; a failing run FAILED', async () => {
      const r = await call('POST', `${W}/pipelines`, {
        target: { ref_type: 'branch', ref_name: 'main' },
        variables: [{ key: 'SANDBOX_STEP_SECONDS', value: '30' }],
      });
      advance(10);
      const stop = await call('POST', `${W}/pipelines/${encodeURIComponent(r.body.uuid)}/stopPipeline`);
      assert.equal(stop.status, 204);
      advance(100);
      const view = await call('GET', `${W}/pipelines/${encodeURIComponent(r.body.uuid)}`);
      assert.equal(view.body.state.name, 'COMPLETED');
      assert.equal(view.body.state.result.name, 'STOPPED');
      const steps = (await call('GET', `${W}/pipelines/${encodeURIComponent(r.body.uuid)}/steps`)).body.values;
      assert.deepEqual(
        steps.map((s: Json) => s.state.result?.name),
        ['STOPPED', 'NOT_RUN'],
      );
      assert.equal((await call('POST', `${W}/pipelines/${encodeURIComponent(r.body.uuid)}/stopPipeline`)).status, 400);

      const f = await call('POST', `${W}/pipelines`, {
        target: { ref_type: 'branch', ref_name: 'main' },
        variables: [
          { key: 'SANDBOX_STEP_SECONDS', value: '1' },
          { key: 'SANDBOX_RESULT', value: 'FAILED' },
        ],
      });
      advance(60);
      const failed = await call('GET', `${W}/pipelines/${encodeURIComponent(f.body.uuid)}`);
      assert.equal(failed.body.state.result.name, 'FAILED');
    });

    test('the demo has a completed pipeline with a log and a running one', async () => {
      const done = await call('GET', `${W}/pipelines/1`);
      assert.equal(done.body.state.result.name, 'SUCCESSFUL');
      const steps = (await call('GET', `${W}/pipelines/1/steps`)).body.values;
      const log = await call('GET', `${W}/pipelines/1/steps/${encodeURIComponent(steps[0].uuid)}/log`);
      assert.match(log.body, /npm ci/);
      assert.equal((await call('GET', `${W}/pipelines/2`)).body.state.result.name, 'FAILED');
      // the running demo pipeline started when the sandbox was seeded (real time); its Test step takes a day
      const saved = h.sandbox.now;
      h.sandbox.now = () => new Date();
      try {
        const running = await call('GET', '/repositories/acme/api/pipelines/1');
        assert.equal(running.body.state.name, 'IN_PROGRESS');
      } finally {
        h.sandbox.now = saved;
      }
    });

    test('pipelines_config: disabling refuses triggers', async () => {
      let r = await call('GET', `${W}/pipelines_config`);
      assert.equal(r.body.enabled, true);
      r = await call('PUT', '/repositories/acme/docs/pipelines_config', { enabled: false });
      assert.equal(r.body.enabled, false);
      r = await call('POST', '/repositories/acme/docs/pipelines', { target: { ref_type: 'branch', ref_name: 'main' } });
      assert.equal(r.status, 400);
    });

    test('logs by a 307 to a second origin that refuses credentials', async () => {
      const steps = (await call('GET', `${W}/pipelines/1/steps`)).body.values;
      const logPath = `${W}/pipelines/1/steps/${encodeURIComponent(steps[0].uuid)}/log`;
      const direct = (await call('GET', logPath)).body as string;
      let f = await fetch(`${h.admin}/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ logRedirect: true }),
      });
      assert.equal(((await f.json()) as Json).logRedirect, true);
      try {
        await fetch(`${h.admin}/requests`, { method: 'DELETE' });
        const r = await call('GET', logPath);
        assert.equal(r.status, 307);
        const location = r.headers.get('location') as string;
        const target = new URL(location);
        assert.equal(target.hostname, '127.0.0.1');
        assert.notEqual(target.port, String(h.port), 'a second origin');
        // without credentials: served (Range works there too)
        const ok = await fetch(location);
        assert.equal(ok.status, 200);
        assert.equal(await ok.text(), direct);
        const part = await fetch(location, { headers: { Range: 'bytes=0-9' } });
        assert.equal(part.status, 206);
        assert.equal(await part.text(), direct.slice(0, 10));
        // with credentials: refused and flagged in the request log
        const leaked = await fetch(location, { headers: { Authorization: `Bearer ${h.token}` } });
        assert.equal(leaked.status, 400);
        // a tampered signature is refused
        const tampered = new URL(location);
        tampered.searchParams.set('signature', '0'.repeat(64));
        assert.equal((await fetch(tampered)).status, 403);
        const answer = (await (await fetch(`${h.admin}/requests`)).json()) as Json[] | { requests: Json[] };
        const log = Array.isArray(answer) ? answer : answer.requests;
        const origin = log.filter((e) => e.origin === 'logs');
        assert.deepEqual(
          origin.map((e) => [e.status, e.authorization]),
          [
            [200, false],
            [206, false],
            [400, true],
            [403, false],
          ],
        );
      } finally {
        f = await fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ logRedirect: false }) });
        await f.body?.cancel();
      }
    });

    test('a 200 MB log is streamed with bounded memory', async () => {
      const bytes = 200 * 1024 * 1024;
      const r = await call('POST', `${W}/pipelines`, {
        target: { ref_type: 'branch', ref_name: 'main' },
        variables: [
          { key: 'SANDBOX_STEP_SECONDS', value: '1' },
          { key: 'SANDBOX_LOG_BYTES', value: String(bytes) },
        ],
      });
      advance(60);
      const steps = (await call('GET', `${W}/pipelines/${encodeURIComponent(r.body.uuid)}/steps`)).body.values;
      const logUrl = `${h.url}${W}/pipelines/${encodeURIComponent(r.body.uuid)}/steps/${encodeURIComponent(steps[1].uuid)}/log`;
      // a line in the middle, by Range: deterministic content at a computable offset
      const res0 = await fetch(logUrl, { headers: { Authorization: `Bearer ${h.token}`, Range: 'bytes=0-199' } });
      const head = await res0.text();
      const headLen = head.indexOf('line 000000001: ');
      assert.ok(headLen > 0);
      const k = 300_000;
      const mid = await fetch(logUrl, {
        headers: { Authorization: `Bearer ${h.token}`, Range: `bytes=${headLen + k * LOG_LINE_BYTES}-${headLen + (k + 1) * LOG_LINE_BYTES - 1}` },
      });
      const line = await mid.text();
      assert.match(line, new RegExp(`^line ${String(k + 1).padStart(9, '0')}: [a-z ]+\\n$`));
      assert.equal(line.length, LOG_LINE_BYTES);

      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const res = await fetch(logUrl, { headers: { Authorization: `Bearer ${h.token}` } });
      assert.equal(res.status, 200);
      const total = Number(res.headers.get('content-length'));
      assert.ok(total >= bytes);
      let read = 0;
      let chunks = 0;
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
        if (++chunks % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      assert.equal(read, total);
      const grew = (peak - rss0) / (1024 * 1024);
      // A buffered answer would need ≥ 200 MB; streamed, growth stays at the GC's slack (≈ 40–50 MB), whatever the size.
      assert.ok(grew < 100, `RSS grew by ${grew.toFixed(1)} MB while streaming a ${(total / 1048576).toFixed(0)} MB log`);
    });
  });

  // ---------------- variables, environments, deployments ----------------

  test('pipeline variables: repository, workspace, deployment environment; secured values never returned', async () => {
    const repoVars = `${W}/pipelines_config/variables`;
    let r = await call('GET', repoVars);
    assertSchema(r.body, 'paginated_pipeline_variables');
    const demoSecret = r.body.values.find((v: Json) => v.key === 'API_TOKEN');
    assert.deepEqual(Object.keys(demoSecret).sort(), ['key', 'secured', 'type', 'uuid']);
    r = await call('POST', repoVars, { key: 'SECRET_KEY', value: 's3cr3t', secured: true });
    assert.equal(r.status, 201);
    assertSchema(r.body, 'pipeline_variable');
    assert.equal(r.body.value, undefined);
    const secretUuid = r.body.uuid;
    r = await call('GET', `${repoVars}/${encodeURIComponent(secretUuid)}`);
    assert.equal(r.body.secured, true);
    assert.equal(r.body.value, undefined);
    r = await call('PUT', `${repoVars}/${encodeURIComponent(secretUuid)}`, { value: 'rotated', secured: false });
    assert.equal(r.body.secured, true, 'a secured variable stays secured');
    assert.equal(r.body.value, undefined);
    r = await call('GET', repoVars);
    assert.ok(
      !JSON.stringify(r.body).includes('s3cr3t') && !JSON.stringify(r.body).includes('rotated') && !JSON.stringify(r.body).includes('sandbox-demo-secret'),
    );
    assert.equal((await call('POST', repoVars, { key: 'SECRET_KEY', value: 'x' })).status, 409);
    assert.equal((await call('POST', repoVars, { key: '1BAD', value: 'x' })).status, 400);
    r = await call('POST', repoVars, { key: 'PLAIN', value: 'visible' });
    assert.equal(r.body.value, 'visible');
    assert.equal((await call('DELETE', `${repoVars}/${encodeURIComponent(r.body.uuid)}`)).status, 204);
    assert.equal((await call('GET', `${repoVars}/${encodeURIComponent(r.body.uuid)}`)).status, 404);

    const wsVars = '/workspaces/acme/pipelines-config/variables';
    r = await call('POST', wsVars, { key: 'WS_SECRET', value: 'ws-hidden', secured: true });
    assert.equal(r.status, 201);
    r = await call('GET', wsVars);
    assert.deepEqual(r.body.values.map((v: Json) => v.key).sort(), ['NODE_VERSION', 'WS_SECRET']);
    assert.ok(!JSON.stringify(r.body).includes('ws-hidden'));

    const envs = await call('GET', `${W}/environments`);
    assertSchema(envs.body, 'paginated_environments');
    assert.deepEqual(
      envs.body.values.map((e: Json) => e.name),
      ['Test', 'Staging', 'Production'],
    );
    const prod = envs.body.values[2].uuid;
    const envVars = `${W}/deployments_config/environments/${encodeURIComponent(prod)}/variables`;
    r = await call('POST', envVars, { key: 'PROD_PASSWORD', value: 'prod-hidden', secured: true });
    assert.equal(r.status, 201);
    assertSchema(r.body, 'deployment_variable');
    r = await call('GET', envVars);
    assert.deepEqual(r.body.values.map((v: Json) => v.key).sort(), ['DEPLOY_URL', 'PROD_PASSWORD']);
    assert.ok(!JSON.stringify(r.body).includes('prod-hidden'));

    const deployments = await call('GET', `${W}/deployments`);
    assertSchema(deployments.body, 'paginated_deployments');
    assert.equal(deployments.body.values[0].environment.uuid, prod);
    const created = await call('POST', `${W}/environments`, { name: 'QA', environment_type: { name: 'Test' } });
    assert.equal(created.status, 201);
    assert.equal((await call('DELETE', `${W}/environments/${encodeURIComponent(created.body.uuid)}`)).status, 204);
  });

  // ---------------- issues ----------------

  test('issues: a repository without a tracker answers 404; CRUD, q, sort, comments', async () => {
    const noTracker = await call('GET', '/repositories/acme/api/issues');
    assert.equal(noTracker.status, 404);
    assert.equal(noTracker.body.error.message, 'Repository has no issue tracker.');
    const I = `${W}/issues`;
    let r = await call('GET', I);
    assertSchema(r.body, 'paginated_issues');
    assert.deepEqual(
      r.body.values.map((i: Json) => [i.id, i.state]),
      [
        [1, 'open'],
        [2, 'resolved'],
      ],
    );
    r = await call('POST', I, { title: 'Crash on empty cart', content: { raw: 'Steps: open the cart.' }, kind: 'bug', priority: 'critical' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assertSchema(r.body, 'issue');
    assert.equal(r.body.id, 3);
    assert.equal(r.body.state, 'new');
    assert.equal(r.body.reporter.nickname, 'dev');
    assert.equal((await call('POST', I, { title: 'x', state: 'bogus' })).status, 400);
    assert.equal((await call('POST', I, {})).status, 400);
    r = await call('PUT', `${I}/3`, { state: 'open', assignee: { nickname: 'alex' } });
    assert.equal(r.body.state, 'open');
    assert.equal(r.body.assignee.nickname, 'alex');
    r = await call('GET', `${I}?q=${encodeURIComponent('state="open"')}&sort=-id`);
    assert.deepEqual(
      r.body.values.map((i: Json) => i.id),
      [3, 1],
    );
    r = await call('GET', `${I}/1/comments`);
    assertSchema(r.body, 'paginated_issue_comments');
    assert.equal(r.body.values.length, 1);
    r = await call('POST', `${I}/3/comments`, { content: { raw: 'Reproduced.' } });
    assert.equal(r.status, 201);
    assertSchema(r.body, 'issue_comment');
    assert.equal((await call('GET', `${I}/3/comments/${r.body.id}`)).body.content.raw, 'Reproduced.');
    assert.equal((await call('DELETE', `${I}/3`)).status, 204);
    assert.equal((await call('GET', `${I}/3`)).status, 404);
  });

  // ---------------- snippets ----------------

  test('snippets: multipart with several files, JSON, list by role, raw files, update, delete', async () => {
    const form = new FormData();
    form.append('title', 'Two files');
    form.append('is_private', 'true');
    form.append('file', new Blob(['echo hello\n']), 'hello.sh');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])]), 'data.bin');
    const mp = await fetch(`${h.url}/snippets/acme`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, body: form });
    assert.equal(mp.status, 201);
    const s = (await mp.json()) as Json;
    // The spec types `id` as an integer; Bitbucket answers the encoded id (a string, as in the URLs).
    assert.equal(typeof s.id, 'string');
    assertSchema({ ...s, id: undefined }, 'snippet');
    assert.equal(s.title, 'Two files');
    assert.equal(s.is_private, true);
    assert.deepEqual(Object.keys(s.files), ['data.bin', 'hello.sh']);
    let raw = await fetch(`${h.url}/snippets/acme/${s.id}/files/hello.sh`, { headers: { Authorization: `Bearer ${h.token}` } });
    assert.equal(await raw.text(), 'echo hello\n');
    raw = await fetch(s.files['data.bin'].links.self.href, { headers: { Authorization: `Bearer ${h.token}` } });
    assert.deepEqual([...new Uint8Array(await raw.arrayBuffer())], [0, 1, 2, 255]);

    const js = await call('POST', '/snippets', { title: 'Public JSON', is_private: false, files: { 'a.txt': { content: 'A' } } });
    assert.equal(js.status, 201);
    assert.equal(js.body.owner.nickname, 'dev', 'POST /snippets creates in your own workspace');
    assert.equal(js.body.is_private, false);

    let list = await call('GET', '/snippets?role=owner');
    assertSchema({ ...list.body, values: list.body.values.map((x: Json) => ({ ...x, id: undefined })) }, 'paginated_snippets');
    assert.deepEqual(list.body.values.map((x: Json) => x.title).sort(), ['Public JSON', 'Release checklist', 'Two files']);
    list = await call('GET', '/snippets/acme');
    assert.deepEqual(list.body.values.map((x: Json) => x.title).sort(), ['Release checklist', 'Two files']);
    const alexToken = h.sandbox.store.mintToken(h.sandbox.store.user('alex')!.uuid, 'all', [], new Date());
    list = await call('GET', '/snippets?role=owner', undefined, { token: alexToken });
    assert.equal(list.body.values.length, 0);
    assert.equal((await call('GET', `/snippets/dev/${js.body.id}`, undefined, { token: alexToken })).status, 200, 'public');

    const upd = new FormData();
    upd.append('title', 'Renamed');
    upd.append('data.bin', '');
    upd.append('file', new Blob(['new\n']), 'new.txt');
    const put = await fetch(`${h.url}/snippets/acme/${s.id}`, { method: 'PUT', headers: { Authorization: `Bearer ${h.token}` }, body: upd });
    const updated = (await put.json()) as Json;
    assert.equal(updated.title, 'Renamed');
    assert.deepEqual(Object.keys(updated.files), ['hello.sh', 'new.txt']);
    assert.equal(
      (await call('PUT', `/snippets/dev/${js.body.id}`, { is_private: true, files: { 'a.txt': null, 'b.txt': { content: 'B' } } })).body.is_private,
      true,
    );
    assert.equal((await call('DELETE', `/snippets/acme/${s.id}`)).status, 204);
    assert.equal((await call('GET', `/snippets/acme/${s.id}`)).status, 404);
  });

  // ---------------- webhooks ----------------

  test('webhooks: CRUD; the secret is never echoed; issue and push deliveries to a loopback URL with an HMAC signature', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    let notify: () => void = () => {};
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200);
        res.end();
        notify();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 10_000;
      while (received.length < n && Date.now() < deadline)
        await new Promise<void>((r) => {
          notify = r;
          setTimeout(r, 200);
        });
      assert.ok(received.length >= n, `expected ${n} deliveries, got ${received.length}`);
    };
    const clone = await mkdtemp(join(tmpdir(), 'bb-areas-git-'));
    try {
      const secret = 'hook-secret';
      let r = await call('POST', `${W}/hooks`, {
        description: 'test',
        url: `http://127.0.0.1:${port}/hook`,
        active: true,
        secret,
        events: ['issue:created', 'repo:push'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assertSchema(r.body, 'webhook_subscription');
      assert.equal(r.body.secret_set, true);
      assert.equal(r.body.secret, undefined);
      const uid = r.body.uuid;
      r = await call('GET', `${W}/hooks`);
      assertSchema(r.body, 'paginated_webhook_subscriptions');
      assert.ok(!JSON.stringify(r.body).includes(secret));
      assert.equal(r.body.values.length, 2, 'the demo hook and this one');
      assert.equal((await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1/x', events: ['nope:event'] })).status, 400);

      // issue:created
      const issue = await call('POST', `${W}/issues`, { title: 'Hooked' });
      await waitFor(1);
      const first = received[0]!;
      assert.equal(first.headers['x-event-key'], 'issue:created');
      assert.equal(first.headers['x-hub-signature'], `sha256=${createHmac('sha256', secret).update(first.body).digest('hex')}`);
      const payload = JSON.parse(first.body) as Json;
      assert.equal(payload.issue.id, issue.body.id);
      assert.equal(payload.repository.full_name, 'acme/web');
      assert.equal(payload.actor.nickname, 'dev');

      // repo:push through git smart HTTP
      const env = {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Bearer ${h.token}`,
      };
      const origin = h.url.replace(/\/2\.0$/, '');
      await run('git', ['clone', '-q', `${origin}/acme/web.git`, clone], { env });
      await writeFile(join(clone, 'hooked.txt'), 'x\n');
      const g = (args: string[]) => run('git', ['-C', clone, '-c', 'user.name=Dev', '-c', 'user.email=dev@sandbox.test', ...args], { env });
      await writeFile(join(clone, 'bitbucket-pipelines.yml'), 'pipelines:\n  default:\n    - step:\n        script:\n          - npm test\n');
      await g(['add', 'hooked.txt', 'bitbucket-pipelines.yml']);
      await g(['commit', '-q', '-m', 'Trigger a push hook']);
      await g(['push', '-q', 'origin', 'HEAD:refs/heads/hooked']);
      await waitFor(2);
      const push = received[1]!;
      assert.equal(push.headers['x-event-key'], 'repo:push');
      assert.equal(push.headers['x-hub-signature'], `sha256=${createHmac('sha256', secret).update(push.body).digest('hex')}`);
      const change = (JSON.parse(push.body) as Json).push.changes[0];
      assert.equal(change.new.name, 'hooked');
      assert.equal(change.created, true);
      // the pushed commit has a bitbucket-pipelines.yml: a pipeline runs (trigger PUSH)
      let pushed: Json | undefined;
      for (let i = 0; i < 50 && !pushed; i++) {
        const list = await call('GET', `${W}/pipelines?pagelen=100&q=${encodeURIComponent('target.ref_name="hooked"')}`);
        pushed = list.body.values[0];
        if (!pushed) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(pushed, 'a pipeline for the pushed branch');
      assert.equal(pushed.trigger.name, 'PUSH');
      assert.equal(pushed.target.commit.hash, change.new.target.hash);

      // deliveries are recorded; the demo hook's non-loopback URL is never contacted
      const state = (await (await fetch(`${h.admin}/state`)).json()) as Json;
      const deliveries = Object.values(state.webhookDeliveries) as Json[];
      assert.ok(deliveries.some((d) => d.outcome === 'delivered' && d.status === 200 && d.event === 'repo:push'));
      assert.ok(deliveries.some((d) => d.outcome === 'skipped' && d.url.startsWith('https://hooks.example.com')));
      // the debugging dump hides secrets too
      assert.ok(!JSON.stringify(state).includes(secret));
      assert.ok(!JSON.stringify(state).includes('sandbox-demo-secret'));
      assert.ok(!JSON.stringify(state).includes('hunter2'));

      // update (secret removed) and delete
      r = await call('PUT', `${W}/hooks/${encodeURIComponent(uid)}`, { active: false, secret: null });
      assert.equal(r.body.active, false);
      assert.equal(r.body.secret_set, false);
      assert.equal((await call('DELETE', `${W}/hooks/${encodeURIComponent(uid)}`)).status, 204);
      assert.equal((await call('GET', `${W}/hooks/${encodeURIComponent(uid)}`)).status, 404);

      // workspace hooks
      r = await call('POST', '/workspaces/acme/hooks', { url: `http://localhost:${port}/ws`, events: ['repo:push'] });
      assert.equal(r.status, 201);
      assert.equal(r.body.subject_type, 'workspace');
      assert.equal((await call('GET', '/workspaces/acme/hooks')).body.values.length, 1);
      assert.equal((await call('DELETE', `/workspaces/acme/hooks/${encodeURIComponent(r.body.uuid)}`)).status, 204);
    } finally {
      server.close();
      await rm(clone, { recursive: true, force: true });
    }
  });

  test('a webhook for issue events needs the issue scope too (legacy scopes only)', async () => {
    const hookOnly = await mint({ legacyScopes: ['webhook'] });
    let r = await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1:9/x', events: ['issue:created'] }, { token: hookOnly });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.message, 'Your credentials lack one or more required privilege scopes.');
    assert.deepEqual(r.body.error.detail.required, ['issue', 'webhook']);
    assert.ok(r.body.error.detail.granted.includes('webhook'));
    r = await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1:9/x', events: ['repo:push'] }, { token: hookOnly });
    assert.equal(r.status, 201, 'other events need only webhook');
    const uid = r.body.uuid;
    r = await call('PUT', `${W}/hooks/${encodeURIComponent(uid)}`, { events: ['repo:push', 'issue:updated'] }, { token: hookOnly });
    assert.equal(r.status, 403, 'updating to issue events too');
    const withIssue = await mint({ legacyScopes: ['webhook', 'issue'] });
    r = await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1:9/x', events: ['issue:created'] }, { token: withIssue });
    assert.equal(r.status, 201);
    const issueWrite = await mint({ legacyScopes: ['webhook', 'issue:write'] });
    r = await call('PUT', `${W}/hooks/${encodeURIComponent(uid)}`, { events: ['issue:comment_created'] }, { token: issueWrite });
    assert.equal(r.status, 200, 'issue:write implies issue');
    // listing needs only webhook
    assert.equal((await call('GET', `${W}/hooks`, undefined, { token: hookOnly })).status, 200);
    // API tokens: the spec's scopes for POST …/hooks and nothing more (the issue rule is published for legacy scopes)
    const granularHook = await mint({ scopes: ['read:webhook:bitbucket', 'write:webhook:bitbucket'] });
    r = await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1:9/x', events: ['issue:created'] }, { token: granularHook });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await call('PUT', `${W}/hooks/${encodeURIComponent(r.body.uuid)}`, { events: ['issue:updated'] }, { token: granularHook });
    assert.equal(r.status, 200, 'updating to issue events: the webhook scopes alone');
    const noWrite = await mint({ scopes: ['read:webhook:bitbucket', 'read:issue:bitbucket'] });
    r = await call('POST', `${W}/hooks`, { url: 'http://127.0.0.1:9/x', events: ['issue:created'] }, { token: noWrite });
    assert.equal(r.status, 403, 'the spec still needs write:webhook');
    assert.deepEqual(r.body.error.detail.required, ['read:webhook:bitbucket', 'write:webhook:bitbucket']);
  });

  // ---------------- keys ----------------

  test('SSH, deploy and GPG keys', async () => {
    const pub = (comment: string) => {
      const type = Buffer.from('ssh-ed25519');
      const key = randomBytes(32);
      const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), key]);
      return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
    };
    const K = '/users/dev/ssh-keys';
    const key = pub('dev@laptop');
    let r = await call('POST', K, { key, label: 'laptop' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assertSchema(r.body, 'ssh_account_key');
    assert.equal(r.body.comment, 'dev@laptop');
    assert.match(r.body.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    const uuid = r.body.uuid;
    assert.equal((await call('POST', K, { key })).status, 400, 'the same key twice');
    assert.equal((await call('POST', K, { key: 'ssh-ed25519 bm90IGEga2V5' })).status, 400);
    r = await call('GET', K);
    assertSchema(r.body, 'paginated_ssh_user_keys');
    assert.equal(r.body.values.length, 1);
    r = await call('PUT', `${K}/${encodeURIComponent(uuid)}`, { label: 'old laptop' });
    assert.equal(r.body.label, 'old laptop');
    assert.equal((await call('GET', '/users/alex/ssh-keys')).status, 403);
    assert.equal((await call('DELETE', `${K}/${encodeURIComponent(uuid)}`)).status, 204);
    assert.equal((await call('GET', `${K}/${encodeURIComponent(uuid)}`)).status, 404);

    const D = `${W}/deploy-keys`;
    r = await call('POST', D, { key: pub('ci'), label: 'CI' });
    assert.equal(r.status, 200); // the spec: 200 (issue 16 #11)
    assertSchema(r.body, 'deploy_key');
    const id = r.body.id;
    assert.equal(typeof id, 'number');
    r = await call('GET', D);
    assertSchema(r.body, 'paginated_deploy_keys');
    assert.equal(r.body.values.length, 1);
    r = await call('PUT', `${D}/${id}`, { label: 'CI runner' });
    assert.equal(r.body.label, 'CI runner');
    assert.equal((await call('DELETE', `${D}/${id}`)).status, 204);
    assert.equal((await call('GET', `${D}/${id}`)).status, 404);
    r = await call('POST', '/workspaces/acme/projects/PLAT/deploy-keys', { key: pub('proj'), label: 'Project' });
    assert.equal(r.status, 200); // the spec: 200 (issue 16 #11)
    assert.equal((await call('GET', '/workspaces/acme/projects/PLAT/deploy-keys')).body.values.length, 1);

    const G = '/users/dev/gpg-keys';
    r = await call('POST', G, { key: GPG_KEY });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assertSchema(r.body, 'GPG_account_key');
    assert.equal(r.body.fingerprint, GPG_FPR);
    assert.equal(r.body.key_id, GPG_FPR.slice(-16));
    assert.equal(r.body.name, 'Dev <dev@sandbox.test>');
    assert.deepEqual(
      r.body.subkeys.map((k: Json) => [k.fingerprint, k.parent_fingerprint]),
      [[GPG_SUB_FPR, GPG_FPR]],
    );
    assert.equal((await call('POST', G, { key: GPG_KEY })).status, 400, 'the same key twice');
    assert.equal((await call('POST', G, { key: 'not a key' })).status, 400);
    assertSchema((await call('GET', G)).body, 'paginated_gpg_user_keys');
    assert.equal((await call('GET', `${G}/${GPG_FPR.toLowerCase()}`)).body.fingerprint, GPG_FPR);
    assert.equal((await call('DELETE', `${G}/${GPG_FPR}`)).status, 204);
    assert.equal((await call('GET', `${G}/${GPG_FPR}`)).status, 404);
  });
});
