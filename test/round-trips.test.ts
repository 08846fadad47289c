/**
 * P7: independent requests go out together. Counted in sequential round trips (test/support/round-trips.ts),
 * not timed: a request's depth is 1 + the deepest answer it waited for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API, bob, ENV, fakeGit, page, pr } from '../src/cmd/pr/test-fixtures.js';
import { FetchRegistry } from './support/fake-fetch.js';
import { roundTrips } from './support/round-trips.js';
import { runBb } from './support/run.js';

test('the round-trip counter tells a chain from a fan-out (it can fail)', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/a', body: {} }).stub({ method: 'GET', path: '/b', body: {} });
  const chain = roundTrips(reg);
  await chain.fetch('https://api.bitbucket.test/2.0/a');
  await chain.fetch('https://api.bitbucket.test/2.0/b');
  assert.equal(chain.sequential(), 2);
  assert.equal(chain.maxInFlight(), 1);
  const reg2 = new FetchRegistry().stub({ method: 'GET', path: '/a', body: {} }).stub({ method: 'GET', path: '/b', body: {} });
  const fan = roundTrips(reg2);
  await Promise.all([fan.fetch('https://api.bitbucket.test/2.0/a'), fan.fetch('https://api.bitbucket.test/2.0/b')]);
  assert.equal(fan.sequential(), 1);
  assert.equal(fan.maxInFlight(), 2);
  reg.verify();
  reg2.verify();
});

test('deployment list: the environments and the deployments in one round trip', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: `${API}/environments`, body: page([{ uuid: '{e1}', name: 'Production' }]) }).stub({
    method: 'GET',
    path: `${API}/deployments`,
    body: page([{ uuid: '{d1}', environment: { uuid: '{e1}' }, state: { name: 'COMPLETED', status: { name: 'SUCCESSFUL' } }, release: { name: '#42' } }]),
  });
  const rt = roundTrips(reg);
  const r = await runBb(['deployment', 'list', '--json', 'environment,status,release'], { fetch: rt.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ environment: 'Production', status: 'SUCCESSFUL', release: '#42' }]);
  assert.equal(rt.sequential(), 1, rt.requests.map((q) => `${q.depth} ${q.request}`).join('\n'));
  assert.equal(rt.maxInFlight(), 2);
});

test('pr status: the current branch beside the user, then the two lists that name you (2 round trips)', async () => {
  const git = fakeGit({ 'rev-parse --abbrev-ref HEAD': 'feature/login\n' });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: bob })
    .stub({ method: 'GET', path: /pullrequests\?.*q=source\.branch\.name/, body: page([pr()]) })
    .stub({ method: 'GET', path: /pullrequests\?.*q=author\.uuid/, body: page([]) })
    .stub({ method: 'GET', path: /pullrequests\?.*q=reviewers\.uuid/, body: page([]) });
  const rt = roundTrips(reg);
  const r = await runBb(['pr', 'status'], { fetch: rt.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Current branch\n {2}#7 {2}Add login/);
  const shown = rt.requests.map((q) => `${q.depth} ${q.request}`).join('\n');
  assert.equal(rt.sequential(), 2, shown);
  const depth = (re: RegExp) => rt.requests.find((q) => re.test(decodeURIComponent(q.request)))?.depth;
  assert.equal(depth(/\/user$/), 1, shown);
  assert.equal(depth(/q=source\.branch\.name/), 1, `the current branch's pull request does not wait for the user\n${shown}`);
  assert.equal(depth(/q=author\.uuid/), 2, shown);
  assert.equal(depth(/q=reviewers\.uuid/), 2, shown);
});
