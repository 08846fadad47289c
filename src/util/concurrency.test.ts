import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapBounded } from './concurrency.js';

test('mapBounded keeps at most `limit` calls in flight and the results in order', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await mapBounded([5, 1, 4, 2, 3, 0], 3, async (n) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, n * 3));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(most, 3);
});

test('mapBounded rejects with the first failure and starts no more calls', async () => {
  const started: number[] = [];
  await assert.rejects(
    mapBounded([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom');
      return n;
    }),
    /boom/,
  );
  assert.deepEqual(started, [1, 2]);
  assert.deepEqual(await mapBounded([], 4, async (n) => n), []);
});
