/**
 * P7: independent requests go out together. Counted in sequential round trips (test/support/round-trips.ts),
 * not timed: a request's depth is 1 + the deepest answer it waited for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API, ada, bob, cyd, ENV, fakeGit, page, pr, REMOTE } from '../src/cmd/pr/test-fixtures.js';
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

test('pr create: the repository, the branch, the default reviewers and the user in one round trip, then the POST (2)', async () => {
  const git = fakeGit({ ...REMOTE, 'rev-parse --abbrev-ref HEAD': 'feature/login\n', 'rev-parse HEAD': 'abc\n' });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' } } })
    .stub({ method: 'GET', path: `${API}/effective-default-reviewers`, body: page([{ user: ada }, { user: cyd }]) })
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({ method: 'GET', path: `${API}/refs/branches/feature%2Flogin`, body: { name: 'feature/login', target: { hash: 'abc' } } })
    .stub({
      method: 'POST',
      path: `${API}/pullrequests`,
      status: 201,
      body: pr({ reviewers: [bob, cyd] }),
      check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, [{ uuid: bob.uuid }, { uuid: cyd.uuid }], 'asked + default reviewers, not you'),
    });
  // answers come 100 ms late: the command's local git calls between the lookups must not look like a round trip
  const rt = roundTrips(reg, 100);
  const r = await runBb(['pr', 'create', '--title', 'Add login', '--reviewer', bob.uuid], { fetch: rt.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  const shown = rt.requests.map((q) => `${q.depth} ${q.request}`).join('\n');
  assert.equal(rt.sequential(), 2, shown);
  assert.equal(rt.maxInFlight(), 4, shown);
});

test('pr create from a fork: its parent and its default reviewers together, a third round trip; the user is not asked twice', async () => {
  const git = fakeGit({ ...REMOTE, 'rev-parse --abbrev-ref HEAD': 'topic\n', 'rev-parse HEAD': 'abc\n' });
  const PARENT = '/repositories/upstream/web';
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' }, parent: { full_name: 'upstream/web' } } })
    .stub({ method: 'GET', path: `${API}/effective-default-reviewers`, body: page([]) })
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({ method: 'GET', path: `${API}/refs/branches/topic`, body: { name: 'topic', target: { hash: 'abc' } } })
    .stub({ method: 'GET', path: PARENT, body: { full_name: 'upstream/web', mainbranch: { name: 'trunk' } } })
    .stub({ method: 'GET', path: `${PARENT}/effective-default-reviewers`, body: page([{ user: cyd }]) })
    .stub({
      method: 'POST',
      path: `${PARENT}/pullrequests`,
      status: 201,
      body: pr({ reviewers: [cyd] }),
      check: ({ body }) => {
        const sent = JSON.parse(body);
        assert.deepEqual(sent.reviewers, [{ uuid: cyd.uuid }]);
        assert.deepEqual(sent.source, { branch: { name: 'topic' }, repository: { full_name: 'acme/web' } });
      },
    });
  const rt = roundTrips(reg, 100);
  const r = await runBb(['pr', 'create', '--title', 'Fix'], { fetch: rt.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  const shown = rt.requests.map((q) => `${q.depth} ${q.request}`).join('\n');
  assert.equal(rt.requests.filter((q) => q.request.endsWith('/user')).length, 1, shown);
  assert.equal(rt.sequential(), 3, shown);
});
