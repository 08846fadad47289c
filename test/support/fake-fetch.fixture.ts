/**
 * Not a test file of the suite: test/support/fake-fetch.test.ts runs it in a child `node --test` and
 * checks which of these tests pass. The ones named "fails:" must fail, and only through the automatic
 * check that runBb arranges (none of them calls `verify()`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry, sameRegistry } from './fake-fetch.js';
import { runBb } from './run.js';

const env = { BB_TOKEN: 'secret-token-123' };
const user = { username: 'ada', display_name: 'Ada' };

test('fails: a stub the run never used', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user }).stub({ method: 'GET', path: '/never/asked', body: {} });
  const r = await runBb(['api', '/user'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
});

test('fails: a request no stub matched', async () => {
  const reg = new FetchRegistry();
  await runBb(['api', '/user'], { fetch: reg.fetch, env });
});

test('fails: a stub behind a wrapper tied with sameRegistry', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user }).stub({ method: 'GET', path: '/wrapped/never', body: {} });
  const wrapper = sameRegistry((async (input, init) => reg.fetch(input, init)) as typeof fetch, reg);
  const r = await runBb(['api', '/user'], { fetch: wrapper, env });
  assert.equal(r.code, 0, r.stderr);
});

test('passes: one registry over two runs, the second stub added between them', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user });
  const a = await runBb(['api', '/user'], { fetch: reg.fetch, env });
  assert.equal(a.code, 0, a.stderr);
  reg.stub({ method: 'GET', path: '/user/emails', body: { values: [] } });
  const b = await runBb(['api', '/user/emails'], { fetch: reg.fetch, env });
  assert.equal(b.code, 0, b.stderr);
});

test('passes: a later test is not charged with an earlier test’s registry', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user });
  const r = await runBb(['api', '/user'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
});
