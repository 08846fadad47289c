import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startSandbox } from '../index.js';
import type { DcRequestLogEntry } from './server.js';
import type { DcSandboxHandle } from './index.js';

/** `--faults` and `--latency` for the Data Center sandbox: injected on /rest only, in DC's error envelope; admin never faulted. */

const run = promisify(execFile);
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const REPO = '/rest/api/latest/projects/ACME/repos/api';

let h: DcSandboxHandle;

async function setFaults(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}
async function requests(): Promise<DcRequestLogEntry[]> {
  return (await (await fetch(`${h.admin}/requests`)).json()) as DcRequestLogEntry[];
}

/** A raw GET that reports how much of the body came before the connection closed (or `waitMs` passed). */
function rawGet(path: string, waitMs: number): Promise<{ status: number; contentLength: number; received: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { headers: { Authorization: ADMIN } }, (res) => {
      let received = '';
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, contentLength: Number(res.headers['content-length']), received, complete: res.complete });
        req.destroy();
      };
      const timer = setTimeout(done, waitMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received += chunk;
      });
      res.on('close', done);
      res.on('error', () => {});
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a DC sandbox started with faults', () => {
  test('500=1: every REST call answers 500 in the DC envelope; git and the admin endpoints are spared', async () => {
    const s = await startSandbox({ kind: 'dc', faults: '500=1' });
    try {
      const r = await fetch(`${s.url}${REPO}`, { headers: { Authorization: ADMIN } });
      assert.equal(r.status, 500);
      assert.deepEqual(await r.json(), {
        errors: [{ context: null, message: 'Injected fault (bb sandbox --faults)', exceptionName: 'com.atlassian.bitbucket.sandbox.InjectedFaultException' }],
      });
      const url = new URL(`${s.url}/scm/acme/api.git`);
      url.username = 'admin';
      url.password = 'admin';
      const refs = await run('git', ['ls-remote', url.href, 'refs/heads/main'], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
      assert.match(refs.stdout, /refs\/heads\/main/);
      const faults = await fetch(`${s.admin}/faults`);
      assert.equal(faults.status, 200);
      assert.deepEqual(await faults.json(), { latency: 0, faults: '500=1', seed: 42 });
    } finally {
      await s.close();
    }
  });
});

describe('faults set through {admin}/faults', () => {
  before(async () => {
    h = await startSandbox({ kind: 'dc' });
  });
  after(() => h.close());
  beforeEach(async () => {
    await setFaults({ faults: '', latency: 0 });
    await fetch(`${h.admin}/requests`, { method: 'DELETE' });
  });

  test('GET and POST {admin}/faults round-trip {"latency","faults","seed"}; a bad spec is a 400 that changes nothing', async () => {
    const set = await setFaults({ latency: 5, faults: '429=0.25,reset=0.1,truncate=0.05', seed: 7 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.json, { latency: 5, faults: '429=0.25,reset=0.1,truncate=0.05', seed: 7 });
    assert.deepEqual(await (await fetch(`${h.admin}/faults`)).json(), set.json);
    const bad = await setFaults({ faults: '429=2' });
    assert.equal(bad.status, 400);
    assert.match((bad.json.errors as Array<{ message: string }>)[0]?.message ?? '', /between 0 and 1/);
    assert.deepEqual(await (await fetch(`${h.admin}/faults`)).json(), set.json);
    const notJson = await fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1]' });
    assert.equal(notJson.status, 400);
  });

  test('429 carries Retry-After: 1, and is logged', async () => {
    await setFaults({ faults: '429=1' });
    const r = await fetch(`${h.url}${REPO}`, { headers: { Authorization: ADMIN } });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    const body = (await r.json()) as { errors: Array<{ context: unknown; message: string }> };
    assert.equal(body.errors[0]?.context, null);
    assert.match(body.errors[0]?.message ?? '', /Rate limit/);
    assert.deepEqual(
      (await requests()).map((e) => [e.method, e.status]),
      [['GET', 429]],
    );
  });

  test('reset=1 destroys the socket before the request runs (logged with status 0)', async () => {
    await setFaults({ faults: 'reset=1' });
    await assert.rejects(
      fetch(`${h.url}${REPO}/branches`, {
        method: 'POST',
        headers: { Authorization: ADMIN, 'Content-Type': 'application/json' },
        body: '{"name":"never","startPoint":"main"}',
      }),
    );
    await setFaults({ faults: '' });
    assert.equal(await h.store.git(h.store.repo('ACME', 'api') as NonNullable<ReturnType<typeof h.store.repo>>).resolve('never'), undefined);
    assert.deepEqual(
      (await requests()).map((e) => e.status),
      [0],
    );
  });

  test('reset-after=1 runs the write, then drops the answer', async () => {
    await setFaults({ faults: 'reset-after=1' });
    await assert.rejects(
      fetch(`${h.url}${REPO}/branches`, {
        method: 'POST',
        headers: { Authorization: ADMIN, 'Content-Type': 'application/json' },
        body: '{"name":"applied","startPoint":"main"}',
      }),
    );
    await setFaults({ faults: '' });
    assert.ok(await h.store.git(h.store.repo('ACME', 'api') as NonNullable<ReturnType<typeof h.store.repo>>).resolve('applied'));
    assert.deepEqual(
      (await requests()).map((e) => [e.status, e.resetAfter]),
      [[200, true]],
    );
  });

  test('truncate=1 sends half of the JSON answer, then resets', async () => {
    await setFaults({ faults: 'truncate=1' });
    const r = await rawGet(REPO, 5000);
    assert.equal(r.status, 200);
    assert.equal(r.complete, false);
    assert.equal(Buffer.byteLength(r.received), r.contentLength >> 1);
    assert.throws(() => JSON.parse(r.received));
    assert.deepEqual(
      (await requests()).map((e) => [e.status, e.cut]),
      [[200, 'truncate']],
    );
  });

  test('stall=1 sends half of the JSON answer, then nothing more', async () => {
    await setFaults({ faults: 'stall=1' });
    const r = await rawGet(REPO, 300);
    assert.equal(r.complete, false);
    assert.equal(Buffer.byteLength(r.received), r.contentLength >> 1);
    assert.deepEqual(
      (await requests()).map((e) => e.cut),
      ['stall'],
    );
  });

  test('latency delays REST and git answers, not the admin endpoints', async () => {
    await setFaults({ latency: 300 });
    let started = Date.now();
    assert.equal((await fetch(`${h.url}${REPO}`, { headers: { Authorization: ADMIN } })).status, 200);
    assert.ok(Date.now() - started >= 290, `the API answered after ${Date.now() - started} ms`);
    started = Date.now();
    assert.equal((await fetch(`${h.url}/scm/acme/api.git/info/refs?service=git-upload-pack`, { headers: { Authorization: ADMIN } })).status, 200);
    assert.ok(Date.now() - started >= 290, `git answered after ${Date.now() - started} ms`);
    started = Date.now();
    assert.equal((await fetch(`${h.admin}/requests`)).status, 200);
    assert.ok(Date.now() - started < 290, 'the admin endpoints are not delayed');
  });

  test('the same seed draws the same faults', async () => {
    const statuses = async () => {
      await setFaults({ faults: '503=0.5', seed: 3 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await fetch(`${h.url}/rest/api/latest/application-properties`)).status);
      return out;
    };
    const first = await statuses();
    assert.ok(first.includes(503) && first.includes(200), first.join(','));
    assert.deepEqual(await statuses(), first);
  });
});
