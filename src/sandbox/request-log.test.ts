import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox } from './index.js';
import { DEFAULT_REQUEST_LOG_SIZE, RequestLog } from './request-log.js';

test('RequestLog keeps the last `capacity` entries in order and counts the ones it dropped', () => {
  const log = new RequestLog<number>(3);
  for (let i = 1; i <= 2; i++) log.push(i);
  assert.deepEqual(log.entries(), [1, 2]);
  assert.equal(log.dropped, 0);
  for (let i = 3; i <= 7; i++) log.push(i);
  assert.deepEqual(log.entries(), [5, 6, 7]);
  assert.equal(log.length, 3);
  assert.equal(log.dropped, 4);
  log.push(8);
  assert.deepEqual(log.entries(), [6, 7, 8]);
  log.clear();
  assert.deepEqual(log.entries(), []);
  assert.equal(log.dropped, 0);
  log.push(9);
  assert.deepEqual(log.entries(), [9]);
  const none = new RequestLog<number>(0);
  none.push(1);
  assert.deepEqual(none.entries(), []);
  assert.equal(none.dropped, 1);
  assert.throws(() => new RequestLog(-1), RangeError);
  assert.equal(new RequestLog().capacity, DEFAULT_REQUEST_LOG_SIZE);
});

test('the sandbox keeps a bounded request log; GET /_sandbox/requests says how many were dropped; DELETE resets it', async () => {
  const h = await startSandbox({ requestLogSize: 3 });
  try {
    const get = (path: string) => fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${h.token}` } }).then((r) => r.arrayBuffer());
    for (const path of ['/user', '/repositories/acme', '/repositories/acme/web', '/repositories/acme/api', '/repositories/acme/web/refs/branches'])
      await get(path);
    const r = await fetch(`${h.admin}/requests`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-sandbox-requests-dropped'), '2');
    assert.equal(r.headers.get('x-sandbox-requests-limit'), '3');
    const log = (await r.json()) as Array<{ path: string }>;
    assert.deepEqual(
      log.map((e) => e.path),
      ['/2.0/repositories/acme/web', '/2.0/repositories/acme/api', '/2.0/repositories/acme/web/refs/branches'],
    );
    assert.equal((await fetch(`${h.admin}/requests`, { method: 'DELETE' })).status, 204);
    const cleared = await fetch(`${h.admin}/requests`);
    assert.equal(cleared.headers.get('x-sandbox-requests-dropped'), '0');
    assert.deepEqual(await cleared.json(), []);
  } finally {
    await h.close();
  }
});
