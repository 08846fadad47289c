import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Credential } from '../core/credentials.js';
import { BbError } from '../core/errors.js';
import { HttpTransport, checkUrlAllowed, retryAfterMs } from './http.js';

const BASE = 'https://api.bitbucket.test/2.0';
const cred: Credential = { kind: 'access-token', token: 'sekret-token', source: 'env' };

type Answer = Response | Error | ((req: Seen) => Response | Error);
interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body?: string;
}

/** A transport over a scripted fetch: each call takes the next answer. */
function transport(answers: Answer[], opts: { maxRetries?: number; timeoutMs?: number; baseUrl?: string; credential?: Credential | null } = {}) {
  const seen: Seen[] = [];
  const sleeps: number[] = [];
  const fetchImpl = (async (input: URL | string, init?: RequestInit) => {
    const req: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body ? Buffer.from(init.body as ArrayBuffer).toString('utf8') : undefined,
    };
    seen.push(req);
    const next = answers.shift();
    if (next === undefined) throw new Error(`unexpected request ${req.method} ${req.url}`);
    const a = typeof next === 'function' ? next(req) : next;
    if (a instanceof Error) throw a;
    return a;
  }) as typeof fetch;
  const http = new HttpTransport({
    baseUrl: opts.baseUrl ?? BASE,
    credential: opts.credential === null ? undefined : (opts.credential ?? cred),
    fetch: fetchImpl,
    userAgent: 'bb/9.9.9',
    maxRetries: opts.maxRetries ?? 3,
    timeoutMs: opts.timeoutMs,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { http, seen, sleeps, left: answers };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const resetErr = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

test('sends the credential and User-Agent bb/<version> to the API origin', async () => {
  const { http, seen } = transport([json(200, { ok: true })]);
  const r = await http.send(new Request(`${BASE}/user`));
  assert.deepEqual(await r.json(), { ok: true });
  assert.equal(seen[0]?.headers.get('authorization'), 'Bearer sekret-token');
  assert.equal(seen[0]?.headers.get('user-agent'), 'bb/9.9.9');
  assert.equal(seen[0]?.headers.get('accept'), 'application/json');
});

for (const method of ['GET', 'PUT', 'DELETE']) {
  test(`${method}: retries 429/502/503/504 with growing backoff, then succeeds`, async () => {
    const { http, seen, sleeps } = transport([json(429, {}), json(502, {}), json(503, {}), json(200, { done: 1 })], { maxRetries: 3 });
    const r = await http.send(new Request(`${BASE}/repositories/a/b`, { method, body: method === 'PUT' ? '{}' : undefined }));
    assert.equal(r.status, 200);
    assert.equal(seen.length, 4);
    // full jitter with random()=0.5: ceiling/2 + ceiling/4 → 225, 450, 900
    assert.deepEqual(sleeps, [225, 450, 900]);
    if (method === 'PUT') assert.equal(seen[3]?.body, '{}', 'the body is sent again on a retry');
  });
}

test('retries stop after maxRetries; the last answer becomes the error', async () => {
  const { http, seen } = transport([json(504, {}), json(504, {}), json(504, { type: 'error', error: { message: 'gateway' } })], { maxRetries: 2 });
  await assert.rejects(http.send(new Request(`${BASE}/user`)), (e: BbError) => e.errorName === 'API_SERVER_ERROR' && /gateway/.test(e.message));
  assert.equal(seen.length, 3);
});

test('a POST is sent again only on answers that prove nothing ran: 429, or 503 with Retry-After', async () => {
  // 503 without Retry-After, 500, 502, a connection reset: the write may have run; it is never sent twice
  for (const answer of [json(503, {}), json(500, {}), json(502, {})]) {
    const { http, seen } = transport([answer]);
    const r = await http.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{}' }), { raw: true });
    assert.ok([500, 502, 503].includes(r.status));
    assert.equal(seen.length, 1);
  }
  const { http, seen } = transport([resetErr()]);
  await assert.rejects(http.send(new Request(`${BASE}/x`, { method: 'POST', body: '{}' })), (e: BbError) => e.errorName === 'NETWORK_ERROR');
  assert.equal(seen.length, 1);
  // 429 (refused before running) and 503 with Retry-After (the server says when to come back): sent again, same body
  for (const answer of [json(429, {}), json(429, {}, { 'retry-after': '1' }), json(503, {}, { 'retry-after': '2' })]) {
    const t = transport([answer, json(201, { id: 7 })]);
    const r = await t.http.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{"title":"x"}' }));
    assert.deepEqual(await r.json(), { id: 7 });
    assert.equal(t.seen.length, 2);
    assert.equal(t.seen[1]?.body, '{"title":"x"}');
  }
});

test('a 500 on an idempotent request is retried with backoff; the last one becomes the error', async () => {
  const t = transport([json(500, {}), json(500, {}), json(200, { ok: 1 })]);
  assert.deepEqual(await (await t.http.send(new Request(`${BASE}/user`))).json(), { ok: 1 });
  assert.equal(t.seen.length, 3);
  assert.deepEqual(t.sleeps, [225, 450]);
  const d = transport([json(500, {}), json(500, { type: 'error', error: { message: 'boom' } })], { maxRetries: 1 });
  await assert.rejects(
    d.http.send(new Request(`${BASE}/x`, { method: 'DELETE' })),
    (e: BbError) => e.errorName === 'API_SERVER_ERROR' && /boom/.test(e.message),
  );
  assert.equal(d.seen.length, 2);
});

test('connection errors are retried for idempotent methods only', async () => {
  const { http, seen } = transport([resetErr(), resetErr(), json(200, {})]);
  const r = await http.send(new Request(`${BASE}/user`));
  assert.equal(r.status, 200);
  assert.equal(seen.length, 3);
  const t = transport([resetErr(), resetErr()], { maxRetries: 1 });
  await assert.rejects(
    t.http.send(new Request(`${BASE}/user`)),
    (e: BbError) => e.errorName === 'NETWORK_ERROR' && e.code === 7001 && /ECONNRESET/.test(e.message),
  );
});

test('a certificate bb does not trust is not retried: it would be refused again', async () => {
  const certErr = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  const { http, seen } = transport([certErr(), json(200, {})]);
  await assert.rejects(
    http.send(new Request(`${BASE}/user`)),
    (e: BbError) => e.errorName === 'NETWORK_ERROR' && /SELF_SIGNED_CERT_IN_CHAIN/.test(e.message) && /BB_CA_FILE/.test(e.hints?.join(' ') ?? ''),
  );
  assert.equal(seen.length, 1, 'sent once');
});

test('Retry-After in seconds and as an HTTP date is honoured, and capped', async () => {
  const inSeconds = transport([json(429, {}, { 'retry-after': '2' }), json(200, {})]);
  await inSeconds.http.send(new Request(`${BASE}/user`));
  assert.deepEqual(inSeconds.sleeps, [2000]);
  const date = new Date(Date.now() + 5000).toUTCString();
  const asDate = transport([json(503, {}, { 'retry-after': date }), json(200, {})]);
  await asDate.http.send(new Request(`${BASE}/user`));
  assert.ok((asDate.sleeps[0] ?? 0) > 3000 && (asDate.sleeps[0] ?? 0) <= 5000, String(asDate.sleeps));
  // up to the cap (60 s) bb waits as asked
  const atCap = transport([json(503, {}, { 'retry-after': '60' }), json(200, {})]);
  await atCap.http.send(new Request(`${BASE}/user`));
  assert.deepEqual(atCap.sleeps, [60_000]);
  assert.equal(retryAfterMs('1.5', 0), 1500);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 08:00:00 GMT')), 0);
  assert.equal(retryAfterMs('soon', 0), undefined);
  assert.equal(retryAfterMs(null, 0), undefined);
});

test('a request that takes too long fails with TIMEOUT', async () => {
  const seen: string[] = [];
  const http = new HttpTransport({
    baseUrl: BASE,
    fetch: ((url: URL, init: RequestInit) => {
      seen.push(String(url));
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }) as unknown as typeof fetch,
    userAgent: 'bb/test',
    timeoutMs: 20,
    maxRetries: 0,
  });
  // AbortSignal.timeout's timer does not keep the event loop alive (a real socket would): hold it open
  const keepAlive = setTimeout(() => {}, 5000);
  try {
    await assert.rejects(http.send(new Request(`${BASE}/user`)), (e: BbError) => e.errorName === 'TIMEOUT' && e.code === 7002 && e.exitCode === 1);
  } finally {
    clearTimeout(keepAlive);
  }
  assert.equal(seen.length, 1);
});

/** A body that sends `chunks` pieces, `everyMs` apart, then (with `stallAfter`) goes silent, or fails. */
function trickle(chunks: number, everyMs: number, end: 'close' | 'stall' | 'fail' = 'close'): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      if (sent === chunks) {
        if (end === 'close') c.close();
        if (end === 'fail') c.error(new TypeError('terminated'));
        if (end === 'stall') await new Promise(() => {}); // silence, forever
        return;
      }
      await new Promise((r) => setTimeout(r, everyMs));
      sent++;
      c.enqueue(new TextEncoder().encode(`part ${sent}\n`));
    },
  });
}

test('the timeout bounds each wait for the body, not the whole download; slow readers are not the server', async () => {
  // 8 parts 25 ms apart: 200 ms in all, four times the 50 ms timeout, never silent for 50 ms
  const { http } = transport([new Response(trickle(8, 25), { status: 200 })], { timeoutMs: 50 });
  const slow = await http.send(new Request(`${BASE}/x/log`), { raw: true });
  assert.equal((await slow.text()).split('\n').filter(Boolean).length, 8);

  // everything ready at once, read by a consumer that pauses 120 ms between reads
  const { http: http2 } = transport([new Response(trickle(3, 0), { status: 200 })], { timeoutMs: 50 });
  const ready = await http2.send(new Request(`${BASE}/x/log`), { raw: true });
  const reader = (ready.body as ReadableStream<Uint8Array>).getReader();
  let parts = 0;
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
    parts++;
    await new Promise((r) => setTimeout(r, 120));
  }
  assert.equal(parts, 3);
});

test('a body that goes silent fails with TIMEOUT, one that drops with NETWORK_ERROR, and the URL is kept', async () => {
  const keepAlive = setTimeout(() => {}, 5000); // the silent body holds no socket open here
  try {
    const { http } = transport([new Response(trickle(1, 0, 'stall'), { status: 200 })], { timeoutMs: 40 });
    const silent = await http.send(new Request(`${BASE}/repositories/a/b/pullrequests`));
    assert.equal(silent.url, `${BASE}/repositories/a/b/pullrequests`);
    await assert.rejects(silent.text(), (e: BbError) => e.errorName === 'TIMEOUT' && e.code === 7002 && /sent nothing for 0.04 s/.test(e.message));

    const { http: http2 } = transport([new Response(trickle(2, 0, 'fail'), { status: 200 })], { timeoutMs: 1000 });
    const dropped = await http2.send(new Request(`${BASE}/user`));
    await assert.rejects(
      dropped.json(),
      (e: BbError) => e instanceof BbError && e.errorName === 'NETWORK_ERROR' && /dropped while bb was reading/.test(e.message),
    );
  } finally {
    clearTimeout(keepAlive);
  }
});

test('a JSON answer that drops halfway is read again for a GET, never for a POST', async () => {
  const cutJson = () => new Response(trickle(1, 0, 'fail'), { status: 200, headers: { 'content-type': 'application/json' } });
  const { http, seen, sleeps } = transport([cutJson(), json(200, { ok: true })]);
  const r = await http.send(new Request(`${BASE}/user`));
  assert.deepEqual(await r.json(), { ok: true });
  assert.equal(seen.length, 2);
  assert.equal(sleeps.length, 1, 'after a backoff');

  const { http: http2, seen: seen2 } = transport([cutJson(), json(200, { ok: true })]);
  await assert.rejects(
    http2.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{}' })),
    (e: BbError) => e.errorName === 'NETWORK_ERROR' && /dropped while bb was reading/.test(e.message),
  );
  assert.equal(seen2.length, 1, 'a write is never sent twice');
});

test('redirects are followed by hand: the credential is dropped when the origin changes', async () => {
  const { http, seen } = transport([
    new Response(null, { status: 307, headers: { location: 'https://logs.example-cdn.test/step/1.log' } }),
    new Response('log text', { status: 200 }),
  ]);
  const r = await http.send(new Request(`${BASE}/repositories/a/b/pipelines/1/steps/2/log`), { operation: 'GET /x' });
  assert.equal(await r.text(), 'log text');
  assert.equal(seen.length, 2);
  assert.equal(seen[0]?.headers.get('authorization'), 'Bearer sekret-token');
  assert.equal(seen[1]?.url, 'https://logs.example-cdn.test/step/1.log');
  assert.equal(seen[1]?.headers.get('authorization'), null, 'no credential to another origin');
});

test('a same-origin redirect keeps the credential; 303 turns a POST into a GET', async () => {
  const { http, seen } = transport([new Response(null, { status: 303, headers: { location: '/2.0/elsewhere' } }), json(200, {})]);
  await http.send(new Request(`${BASE}/here`, { method: 'POST', body: '{}' }));
  assert.equal(seen[1]?.url, `${BASE}/elsewhere`);
  assert.equal(seen[1]?.method, 'GET');
  assert.equal(seen[1]?.body, undefined);
  assert.equal(seen[1]?.headers.get('authorization'), 'Bearer sekret-token');
});

test('redirect loops and redirects to plain http are refused', async () => {
  const loop = Array.from({ length: 7 }, () => new Response(null, { status: 302, headers: { location: `${BASE}/again` } }));
  const a = transport(loop);
  await assert.rejects(a.http.send(new Request(`${BASE}/again`)), (e: BbError) => e.errorName === 'REDIRECT_REFUSED');
  const b = transport([new Response(null, { status: 302, headers: { location: 'http://evil.example/x' } })]);
  await assert.rejects(b.http.send(new Request(`${BASE}/x`)), (e: BbError) => e.errorName === 'INSECURE_URL');
  assert.equal(b.seen.length, 1);
});

test('plain http:// is refused except on loopback', () => {
  assert.throws(
    () => transport([], { baseUrl: 'http://api.bitbucket.org/2.0' }),
    (e: BbError) => e.errorName === 'INSECURE_URL' && e.code === 7003,
  );
  for (const ok of ['http://127.0.0.1:8123/2.0', 'http://localhost:1/2.0', 'http://[::1]:9/2.0', 'https://api.bitbucket.org/2.0']) {
    assert.doesNotThrow(() => checkUrlAllowed(new URL(ok)), ok);
  }
  for (const bad of ['http://10.0.0.1/2.0', 'http://127.0.0.1.evil.example/', 'ftp://api.bitbucket.org/']) {
    assert.throws(() => checkUrlAllowed(new URL(bad)), /INSECURE|refusing/, bad);
  }
});

test('the operation is reported to the trace', async () => {
  const ops: string[] = [];
  const http = new HttpTransport({ baseUrl: BASE, fetch: (async () => json(200, {})) as typeof fetch, userAgent: 'bb/t', onOperation: (op) => ops.push(op) });
  await http.send(new Request(`${BASE}/user`), { operation: 'GET /user' });
  assert.deepEqual(ops, ['GET /user']);
});

test('error envelopes map to codes and exit statuses', async () => {
  const cases: Array<[number, unknown, string, number, RegExp]> = [
    [400, { type: 'error', error: { message: 'Bad request', fields: { title: ['required'] } } }, 'API_BAD_REQUEST', 2007, /Bad request; title: required/],
    [401, { type: 'error', error: { message: 'Token is invalid' } }, 'AUTH_INVALID', 1002, /Token is invalid/],
    [404, { type: 'error', error: { message: 'Repository not found' } }, 'API_NOT_FOUND', 2002, /Repository not found/],
    [409, { type: 'error', error: { message: 'Conflict', detail: 'branch moved' } }, 'API_CONFLICT', 2004, /Conflict; branch moved/],
    [500, 'oops', 'API_SERVER_ERROR', 2006, /oops/],
    [502, '<html>bad gateway</html>', 'API_SERVER_ERROR', 2006, /HTTP 502/],
  ];
  for (const [status, body, name, code, message] of cases) {
    const { http } = transport([new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })], { maxRetries: 0 });
    await assert.rejects(http.send(new Request(`${BASE}/repositories/a/b`), { operation: 'GET /repositories/{workspace}/{repo_slug}' }), (e: BbError) => {
      assert.equal(e.errorName, name);
      assert.equal(e.code, code);
      assert.equal(e.status, status);
      assert.equal(e.operation, 'GET /repositories/{workspace}/{repo_slug}');
      assert.match(e.message, message);
      return true;
    });
  }
});

test('a Data Center 401 names what refused it: a permission is not a login problem', async () => {
  const refused = {
    errors: [
      { context: null, message: 'Branch refs/heads/main cannot be deleted (no-deletes).', exceptionName: 'com.atlassian.bitbucket.AuthorisationException' },
    ],
  };
  const login = { errors: [{ context: null, message: 'Authentication required', exceptionName: 'com.atlassian.bitbucket.AuthorisationException' }] };
  const cases: Array<[unknown, string, RegExp, RegExp]> = [
    [refused, 'API_FORBIDDEN', /: Branch refs\/heads\/main cannot be deleted \(no-deletes\)\.$/, /signing in again will not help/],
    [login, 'AUTH_INVALID', /Authentication required|authentication failed/, /bb auth login/],
  ];
  for (const [body, name, message, hint] of cases) {
    const { http } = transport([json(401, body)], { maxRetries: 0 });
    await assert.rejects(http.send(new Request(`${BASE}/rest/branch-utils/latest/projects/P/repos/r/branches`, { method: 'DELETE' })), (e: BbError) => {
      assert.equal(e.errorName, name);
      assert.match(e.message, message);
      assert.doesNotMatch(e.message, /exceptionName|\{"errors"/);
      assert.match(e.hints.join('\n'), hint);
      return true;
    });
  }
});

test('an error whose message repeats its field details is printed once', async () => {
  const body = { type: 'error', error: { message: 'destination: Branch not found: x', fields: { destination: ['Branch not found: x'] } } };
  const { http } = transport([json(400, body)], { maxRetries: 0 });
  await assert.rejects(
    http.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{}' }), {
      operation: 'POST /repositories/{workspace}/{repo_slug}/pullrequests',
    }),
    (e: BbError) => {
      assert.equal(e.message, 'POST /repositories/{workspace}/{repo_slug}/pullrequests: destination: Branch not found: x');
      return true;
    },
  );
  // details the message does not carry are still added
  const other = { type: 'error', error: { message: 'Bad request', detail: 'Bad request', fields: { title: ['required'], source: 'required' } } };
  const t2 = transport([json(400, other)], { maxRetries: 0 });
  await assert.rejects(t2.http.send(new Request(`${BASE}/repositories/a/b`), { operation: 'GET /repositories/{workspace}/{repo_slug}' }), (e: BbError) => {
    assert.equal(e.message, 'GET /repositories/{workspace}/{repo_slug}: Bad request; title: required; source: required');
    return true;
  });
});

test('403: missingScopes = required − granted; falls back to the spec table; 4 is the exit status', async () => {
  const op = 'POST /repositories/{workspace}/{repo_slug}/pullrequests';
  const envelope = (detail: unknown) => ({ type: 'error', error: { message: 'Your credentials lack one or more required privilege scopes.', detail } });
  const a = transport([
    json(403, envelope({ required: ['write:pullrequest:bitbucket', 'read:pullrequest:bitbucket'], granted: ['read:pullrequest:bitbucket'] })),
  ]);
  await assert.rejects(a.http.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{}' }), { operation: op }), (e: BbError) => {
    assert.equal(e.code, 2003);
    assert.deepEqual(e.missingScopes, ['write:pullrequest:bitbucket']);
    assert.equal(e.exitCode, 4);
    assert.match(e.message, /needs scope write:pullrequest:bitbucket/);
    assert.deepEqual((e.toJSON() as { error: Record<string, unknown> }).error.operation, op);
    return true;
  });
  // no `required` in the answer: the spec's table for the operation says what is needed
  const b = transport([json(403, envelope({ granted: ['read:pullrequest:bitbucket'] }))]);
  await assert.rejects(b.http.send(new Request(`${BASE}/repositories/a/b/pullrequests`, { method: 'POST', body: '{}' }), { operation: op }), (e: BbError) => {
    assert.deepEqual(e.missingScopes, ['write:pullrequest:bitbucket']);
    return true;
  });
  // the scopes look fine: a permission problem, not a scope problem
  const c = transport([json(403, { type: 'error', error: { message: 'You are not an admin' } })]);
  await assert.rejects(c.http.send(new Request(`${BASE}/x`)), (e: BbError) => {
    assert.deepEqual(e.missingScopes, []);
    assert.match(e.message, /You are not an admin/);
    return true;
  });
});

test('raw: true returns error answers instead of throwing', async () => {
  const { http } = transport([json(404, { type: 'error', error: { message: 'nope' } })]);
  const r = await http.send(new Request(`${BASE}/x`), { raw: true });
  assert.equal(r.status, 404);
});

test('anonymous transport sends no Authorization header', async () => {
  const { http, seen } = transport([json(200, {})], { credential: null });
  await http.send(new Request(`${BASE}/repositories`));
  assert.equal(seen[0]?.headers.get('authorization'), null);
});

test('an Authorization header set by a caller is never passed on', async () => {
  const { http, seen } = transport([new Response(null, { status: 302, headers: { location: 'https://other.example/' } }), new Response('x')], {
    credential: null,
  });
  await http.send(new Request(`${BASE}/x`, { headers: { Authorization: 'Bearer leaked' } }));
  assert.equal(seen[0]?.headers.get('authorization'), null);
  assert.equal(seen[1]?.headers.get('authorization'), null);
});

test('BbError exit statuses follow CONTRACT.md', () => {
  assert.equal(new BbError('AUTH_REQUIRED', 'x').exitCode, 4);
  assert.equal(new BbError('API_FORBIDDEN', 'x').exitCode, 4);
  assert.equal(new BbError('API_NOT_FOUND', 'x').exitCode, 1);
  assert.equal(new BbError('USAGE', 'x').exitCode, 2);
  assert.equal(new BbError('INVALID_JSON_FIELD', 'x').exitCode, 2);
  assert.equal(new BbError('CANCELLED', 'x').exitCode, 130);
  assert.equal(new BbError('PENDING', 'x').exitCode, 8);
  assert.equal(new BbError('NETWORK_ERROR', 'x').exitCode, 1);
});

test('a redirect within the API is traced as its own operation and names it when it fails', async () => {
  const ops: string[] = [];
  const answers = [
    new Response(null, { status: 302, headers: { location: `${BASE}/repositories/a/b/diff/a1b2c3:d4e5f6?topic=true` } }),
    json(403, {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['read:repository:bitbucket'], granted: ['read:pullrequest:bitbucket'] },
      },
    }),
  ];
  const http = new HttpTransport({
    baseUrl: BASE,
    fetch: (async () => answers.shift() as Response) as typeof fetch,
    userAgent: 'bb/t',
    onOperation: (op) => ops.push(op),
  });
  await assert.rejects(
    http.send(new Request(`${BASE}/repositories/a/b/pullrequests/1/diff`), {
      operation: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff',
    }),
    (e: BbError) => {
      assert.equal(e.operation, 'GET /repositories/{workspace}/{repo_slug}/diff/{spec}');
      assert.deepEqual(e.missingScopes, ['read:repository:bitbucket']);
      return true;
    },
  );
  assert.deepEqual(ops, [
    'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff',
    'GET /repositories/{workspace}/{repo_slug}/diff/{spec}',
  ]);
});

test('a 403 that is not about scopes (the account lacks permission) names no scope, even for a known operation', async () => {
  const op = 'DELETE /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}';
  const { http } = transport([json(403, { type: 'error', error: { message: 'You can only delete your own comments' } })]);
  await assert.rejects(http.send(new Request(`${BASE}/repositories/a/b/pullrequests/1/comments/2`, { method: 'DELETE' }), { operation: op }), (e: BbError) => {
    assert.equal(e.code, 2003);
    assert.deepEqual(e.missingScopes, []);
    assert.match(e.message, /You can only delete your own comments/);
    assert.match(e.hints.join('\n'), /permission/);
    return true;
  });
});

test('a server asking to wait longer than the cap gets an error at once, saying how long it asked for', async () => {
  for (const [status, name] of [
    [429, 'API_RATE_LIMITED'],
    [503, 'API_SERVER_ERROR'],
  ] as const) {
    const t = transport([json(status, {}, { 'retry-after': '99999999' })]);
    await assert.rejects(
      t.http.send(new Request(`${BASE}/user`)),
      (e: BbError) =>
        e.errorName === name &&
        e.status === status &&
        /asks bb to wait 99999999 s; bb waits at most 60 s/.test(e.message) &&
        /try again/.test(e.hints[0] ?? ''),
    );
    assert.deepEqual(t.sleeps, [], 'no wait at all');
    assert.equal(t.seen.length, 1);
  }
  // raw callers (bb api) get the answer itself
  const raw = transport([json(429, { m: 1 }, { 'retry-after': '3600' })]);
  assert.equal((await raw.http.send(new Request(`${BASE}/user`), { raw: true })).status, 429);
});

test('X-RateLimit-*: recorded, a low budget is warned about, a 429 without Retry-After waits until the reset', async () => {
  const warnings: Array<[string, string]> = [];
  const seen: string[] = [];
  const sleeps: number[] = [];
  const reset = Math.floor(Date.now() / 1000) + 5;
  const answers = [
    json(200, {}, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '500' }),
    json(200, {}, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '99', 'x-ratelimit-reset': String(reset) }),
    json(429, {}, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }),
    json(200, {}, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999' }),
  ];
  const http = new HttpTransport({
    baseUrl: BASE,
    fetch: (async (u: URL) => {
      seen.push(String(u));
      return answers.shift() as Response;
    }) as unknown as typeof fetch,
    userAgent: 'bb/test',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    warn: (line, key) => warnings.push([line, key]),
  });
  await http.send(new Request(`${BASE}/a`));
  assert.deepEqual(http.rateLimit, { limit: 1000, remaining: 500, resetAt: undefined });
  assert.deepEqual(warnings, []);
  await http.send(new Request(`${BASE}/b`));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]?.[0] ?? '', /^! 99 of 1000 API requests left in this rate-limit window; it resets /);
  assert.equal(warnings[0]?.[1], 'rate-limit-low');
  http.warnIfBudgetShort(50, 'this listing');
  assert.equal(warnings.length, 1, 'enough budget: no warning');
  http.warnIfBudgetShort(500, 'this listing');
  assert.match(warnings[1]?.[0] ?? '', /this listing needs about 500 more requests, and only 99 of 1000 are left/);
  await http.send(new Request(`${BASE}/c`));
  assert.equal(seen.length, 4);
  assert.equal(sleeps.length, 1);
  assert.ok((sleeps[0] ?? 0) > 3000 && (sleeps[0] ?? 0) <= 5000, `waited until the reset: ${sleeps}`);
});

test('an API answer larger than the limit is refused: by Content-Length at once, or while reading', async () => {
  const big = transport([new Response('{}', { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) } })]);
  await assert.rejects(
    big.http.send(new Request(`${BASE}/repositories/ws`)),
    (e: BbError) => e.errorName === 'API_BAD_RESPONSE' && /larger than 32 MiB/.test(e.message) && /--limit/.test(e.hints[0] ?? ''),
  );
  // no Content-Length: counted as it arrives, and cut at the limit (a small limit here)
  const chunks = Array.from({ length: 50 }, () => new TextEncoder().encode('x'.repeat(1000)));
  const streamed = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
  });
  let pulledAll = false;
  const http = new HttpTransport({
    baseUrl: BASE,
    fetch: (async () => new Response(streamed, { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch,
    userAgent: 'bb/test',
    maxAnswerBytes: 10_000,
  });
  await assert.rejects(http.send(new Request(`${BASE}/x`)), (e: BbError) => e.errorName === 'API_BAD_RESPONSE' && /larger than/.test(e.message));
  pulledAll = chunks.length === 0;
  assert.equal(pulledAll, false, 'reading stopped at the limit');
});

test('a server trickling its answer fails within the timeout: a JSON answer as a whole, a stream by its rate', async () => {
  const keepAlive = setTimeout(() => {}, 10_000);
  try {
    // JSON, one byte every 20 ms, without end: fails at the whole-answer deadline (the 300 ms timeout and a quarter)
    const jsonTrickle = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 20));
        c.enqueue(new TextEncoder().encode(' '));
      },
    });
    const t0 = Date.now();
    const a = transport([new Response(jsonTrickle, { status: 200, headers: { 'content-type': 'application/json' } })], { timeoutMs: 300, maxRetries: 0 });
    await assert.rejects(
      a.http.send(new Request(`${BASE}/user`)),
      (e: BbError) => e.errorName === 'TIMEOUT' && /did not send its whole answer within 0.375 s/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);

    // a streamed body (a log), one byte every 100 ms: never silent for the 1 s timeout, but 10 bytes a second
    // is no download: it fails after about one timeout
    const logTrickle = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 100));
        c.enqueue(new TextEncoder().encode('.'));
      },
    });
    const t1 = Date.now();
    const b = transport([new Response(logTrickle, { status: 200 })], { timeoutMs: 1000, maxRetries: 0 });
    const r = await b.http.send(new Request(`${BASE}/x/log`), { raw: true });
    await assert.rejects(r.text(), (e: BbError) => e.errorName === 'TIMEOUT' && /sent only \d+ bytes in 1 s/.test(e.message));
    const took = Date.now() - t1;
    assert.ok(took >= 900 && took < 2500, `${took} ms`);
  } finally {
    clearTimeout(keepAlive);
  }
});
