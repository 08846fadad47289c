import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpTransport } from '../api/http.js';
import type { Credential } from '../core/credentials.js';

test('two concurrent requests answered 401 share one refresh, then both succeed with the new token', async () => {
  let refreshes = 0;
  const seen: string[] = [];
  const fetch = (async (_url: URL, init: RequestInit) => {
    const auth = new Headers(init.headers).get('authorization') ?? '';
    seen.push(auth);
    await new Promise((r) => setTimeout(r, 5));
    return auth === 'Bearer new' ? Response.json({ ok: true }) : Response.json({ type: 'error', error: { message: 'expired' } }, { status: 401 });
  }) as unknown as typeof globalThis.fetch;
  const old: Credential = { kind: 'access-token', token: 'old', source: 'test', oauth: {} as Credential['oauth'] };
  const http = new HttpTransport({
    baseUrl: 'https://api.bitbucket.test/2.0',
    credential: old,
    fetch,
    userAgent: 'bb/test',
    refresh: async (failed) => {
      assert.equal(failed.token, 'old');
      refreshes++;
      await new Promise((r) => setTimeout(r, 20));
      return { ...old, token: 'new' };
    },
  });
  const [a, b] = await Promise.all([http.send(new Request(http.url('/user'))), http.send(new Request(http.url('/user')))]);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(refreshes, 1);
  assert.deepEqual(seen.sort(), ['Bearer new', 'Bearer new', 'Bearer old', 'Bearer old']);
});

test('a 401 without a refresher, or after one retry, is an auth error', async () => {
  let calls = 0;
  const fetch = (async () => {
    calls++;
    return Response.json({ type: 'error', error: { message: 'Token is invalid' } }, { status: 401 });
  }) as unknown as typeof globalThis.fetch;
  const http = new HttpTransport({
    baseUrl: 'https://api.bitbucket.test/2.0',
    credential: { kind: 'access-token', token: 'old', source: 'test' },
    fetch,
    userAgent: 'bb/test',
    refresh: async (f) => ({ ...f, token: 'still-bad' }),
  });
  await assert.rejects(http.send(new Request(http.url('/user'))), (e: { errorName?: string }) => e.errorName === 'AUTH_INVALID');
  assert.equal(calls, 2, 'one retry after the refresh, no more');
});
