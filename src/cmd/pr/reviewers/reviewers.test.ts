import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../../test/support/fake-fetch.js';
import { runBb } from '../../../../test/support/run.js';
import { API, bob, cyd, ENV, page, pr } from '../test-fixtures.js';

const P = `${API}/pullrequests/7`;

test('pr reviewers list: who and their review state (table, piped, JSON)', async () => {
  const withCyd = pr({
    reviewers: [bob, cyd],
    participants: [
      { user: bob, role: 'REVIEWER', approved: true },
      { user: cyd, role: 'REVIEWER', state: 'changes_requested' },
    ],
  });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: P, body: withCyd })
    .stub({ method: 'GET', path: P, body: withCyd })
    .stub({ method: 'GET', path: P, body: withCyd });
  const t = await runBb(['pr', 'reviewers', 'list', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.match(t.stdout, /^REVIEWER\s+NAME\s+STATE\nbob\s+Bob Builder\s+approved\ncyd\s+Cyd Charisse\s+changes requested\n$/);
  const p = await runBb(['pr', 'reviewers', 'list', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(p.stdout, 'bob\tBob Builder\tapproved\ncyd\tCyd Charisse\tchanges requested\n');
  const j = await runBb(['pr', 'reviewers', 'list', '7', '--json', 'nickname,state'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(j.stdout), [
    { nickname: 'bob', state: 'approved' },
    { nickname: 'cyd', state: 'changes requested' },
  ]);
  reg.verify();
});

test('pr reviewers add / remove send the whole reviewer list; unknown user is a usage error', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: P, body: pr() })
    .stub({ method: 'GET', path: '/workspaces/acme/members', body: page([{ user: cyd }]) })
    .stub({
      method: 'PUT',
      path: P,
      body: pr({ reviewers: [bob, cyd] }),
      check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, [{ uuid: bob.uuid }, { uuid: cyd.uuid }]),
    })
    .stub({ method: 'GET', path: P, body: pr() })
    .stub({ method: 'PUT', path: P, body: pr({ reviewers: [] }), check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, []) });
  const a = await runBb(['pr', 'reviewers', 'add', '7', 'cyd'], { fetch: reg.fetch, env: ENV });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /✓ Added 1 reviewer on pull request #7; reviewers now: bob, cyd/);
  const r = await runBb(['pr', 'reviewers', 'remove', '7', 'bob'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /reviewers now: \(none\)/);
  reg.verify();

  const reg2 = new FetchRegistry().stub({ method: 'GET', path: P, body: pr() }).stub({ method: 'GET', path: '/workspaces/acme/members', body: page([]) });
  const u = await runBb(['pr', 'reviewers', 'add', '7', 'nobody'], { fetch: reg2.fetch, env: ENV });
  assert.equal(u.code, 2);
  assert.match(u.stderr, /^error 5002 INVALID_ARGUMENT: no member of workspace acme is called "nobody"/);
  reg2.verify();
});
