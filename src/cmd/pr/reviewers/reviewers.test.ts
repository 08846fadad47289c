import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../../test/support/fake-fetch.js';
import { runBb } from '../../../../test/support/run.js';
import { ada, API, bob, cyd, ENV, page, pr } from '../test-fixtures.js';

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

test('pr reviewers remove finds names among the reviewers only: no member lookup; someone who is not a reviewer is refused', async () => {
  // bob is a reviewer; ada (the author) and cyd are not. No GET /workspaces/…/members stub: none may be made.
  const withCyd = pr({
    reviewers: [bob, cyd],
    participants: [
      { user: bob, role: 'REVIEWER' },
      { user: cyd, role: 'REVIEWER' },
    ],
  });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: P, body: withCyd })
    .stub({
      method: 'PUT',
      path: P,
      body: pr({ reviewers: [cyd] }),
      check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, [{ uuid: cyd.uuid }]),
    })
    .stub({ method: 'GET', path: P, body: pr() })
    .stub({ method: 'GET', path: P, body: pr() });
  const r = await runBb(['pr', 'reviewers', 'remove', '7', 'Bob Builder'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Removed 1 reviewer on pull request #7; reviewers now: cyd/);
  const notOne = await runBb(['pr', 'reviewers', 'remove', '7', 'cyd'], { fetch: reg.fetch, env: ENV });
  assert.equal(notOne.code, 2);
  assert.match(notOne.stderr, /^error 5002 INVALID_ARGUMENT: "cyd" is not a reviewer of pull request #7\nhint: its reviewers: bob\n/);
  const uuid = await runBb(['pr', 'reviewers', 'remove', '7', ada.uuid], { fetch: reg.fetch, env: ENV });
  assert.equal(uuid.code, 2);
  assert.match(uuid.stderr, /is not a reviewer of pull request #7/);
  reg.verify();
  assert.ok(!reg.requests.some((q) => q.url.pathname.includes('/members')), 'no member lookup');
});

test('pr reviewers add/remove @me: GET /user, and no member lookup', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: P, body: pr() })
    .stub({ method: 'GET', path: '/user', body: cyd })
    .stub({
      method: 'PUT',
      path: P,
      body: pr({ reviewers: [bob, cyd] }),
      check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, [{ uuid: bob.uuid }, { uuid: cyd.uuid }]),
    })
    .stub({ method: 'GET', path: P, body: pr({ reviewers: [bob, cyd] }) })
    .stub({ method: 'GET', path: '/user', body: cyd })
    .stub({ method: 'PUT', path: P, body: pr(), check: ({ body }) => assert.deepEqual(JSON.parse(body).reviewers, [{ uuid: bob.uuid }]) });
  const a = await runBb(['pr', 'reviewers', 'add', '7', '@me'], { fetch: reg.fetch, env: ENV });
  assert.equal(a.code, 0, a.stderr);
  const r = await runBb(['pr', 'reviewers', 'remove', '7', '@me'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
});

test('bb scopes answers for the form given: pr reviewers add/remove by name, @me or uuid', async () => {
  const ask = async (q: string) => {
    const r = await runBb(['scopes', q, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { scopes: string[] }).scopes.map((s) => s.replace(/:bitbucket$/, '')).join(' ');
  };
  assert.equal(await ask('pr reviewers add 42 alex'), 'read:pullrequest read:workspace write:pullrequest');
  assert.equal(await ask('pr reviewers add 42 @me'), 'read:pullrequest read:user write:pullrequest');
  assert.equal(await ask('pr reviewers add 42 @me alex'), 'read:pullrequest read:user read:workspace write:pullrequest');
  assert.equal(await ask(`pr reviewers add 42 ${bob.uuid}`), 'read:pullrequest write:pullrequest');
  // the command alone: its usual form, the first example (users by name)
  assert.equal(await ask('pr reviewers add'), 'read:pullrequest read:workspace write:pullrequest');
  assert.equal(await ask('pr reviewers remove 42 alex'), 'read:pullrequest write:pullrequest');
  assert.equal(await ask('pr reviewers remove 42 @me'), 'read:pullrequest read:user write:pullrequest');
  assert.equal(await ask('pr reviewers remove'), 'read:pullrequest write:pullrequest');
  assert.equal(await ask('pr edit 42 --remove-reviewer bob'), 'read:pullrequest write:pullrequest');
  assert.equal(await ask('pr edit 42 --remove-reviewer @me'), 'read:pullrequest read:user write:pullrequest');
  assert.equal(await ask(`pr edit 42 --add-reviewer ${bob.uuid}`), 'read:pullrequest write:pullrequest');
  assert.equal(await ask('pr edit 42 --add-reviewer alice'), 'read:pullrequest read:workspace write:pullrequest');
});
