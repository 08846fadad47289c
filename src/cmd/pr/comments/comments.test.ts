import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../../test/support/fake-fetch.js';
import { runBb } from '../../../../test/support/run.js';
import { ada, API, bob, ENV, page } from '../test-fixtures.js';

const C = `${API}/pullrequests/7/comments`;
const comments = page([
  { id: 1, content: { raw: 'General remark' }, user: ada, created_on: '2026-11-27T08:00:00Z' },
  { id: 2, content: { raw: 'Null here?' }, user: bob, inline: { path: 'src/a.ts', to: 12 }, created_on: '2026-11-27T09:00:00Z', resolution: { user: ada } },
  { id: 3, content: { raw: 'Fixed' }, user: ada, parent: { id: 2 }, inline: { path: 'src/a.ts', to: 12 }, created_on: '2026-11-27T09:30:00Z' },
]);

test('pr comments list: threaded with file:line and resolution; --json in thread order; --inline', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: C, body: comments })
    .stub({ method: 'GET', path: C, body: comments })
    .stub({ method: 'GET', path: C, body: comments });
  const t = await runBb(['pr', 'comments', 'list', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(t.code, 0, t.stderr);
  assert.match(
    t.stdout,
    /^#1 {2}ada {2}.+\n {2}General remark\n\n#2 {2}bob {2}.+ {2}src\/a\.ts:12 {2}\(resolved\)\n {2}Null here\?\n\n {4}#3 {2}ada .*\(reply to #2\)\n {6}Fixed\n/,
  );
  const j = await runBb(['pr', 'comments', 'list', '7', '--json', 'id,parentId,path,line,resolved'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(j.stdout), [
    { id: 1, parentId: null, path: null, line: null, resolved: false },
    { id: 2, parentId: null, path: 'src/a.ts', line: 12, resolved: true },
    { id: 3, parentId: 2, path: 'src/a.ts', line: 12, resolved: false },
  ]);
  const i = await runBb(['pr', 'comments', 'list', '7', '--inline', '--json', 'id'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(i.stdout), [{ id: 2 }, { id: 3 }]);
  reg.verify();
});

test('pr comments add: general, inline (--file/--line), from stdin; empty is refused', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 10, links: { html: { href: 'https://bitbucket.org/x#comment-10' } } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'pullrequest_comment', content: { raw: 'LGTM' } }),
    })
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 11, inline: { path: 'src/a.ts', to: 3 } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body).inline, { path: 'src/a.ts', to: 3 }),
    })
    .stub({ method: 'POST', path: C, status: 201, body: { id: 12 }, check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'from stdin\n') });
  const a = await runBb(['pr', 'comments', 'add', '7', '--body', 'LGTM'], { fetch: reg.fetch, env: ENV });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, 'https://bitbucket.org/x#comment-10\n');
  assert.match(a.stderr, /✓ Added comment #10 to pull request #7/);
  const b = await runBb(['pr', 'comments', 'add', '7', '--body', 'Why?', '--file', 'src/a.ts', '--line', '3', '--json', 'id,path,line'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.deepEqual(JSON.parse(b.stdout), { id: 11, path: 'src/a.ts', line: 3 });
  const c = await runBb(['pr', 'comments', 'add', '7', '--body-file', '-'], { fetch: reg.fetch, env: ENV, stdin: 'from stdin\n' });
  assert.equal(c.code, 0, c.stderr);
  reg.verify();
  const e = await runBb(['pr', 'comments', 'add', '7', '--body', '  '], { env: ENV });
  assert.equal(e.code, 2);
  assert.match(e.stderr, /^error 5002 INVALID_ARGUMENT: the comment is empty/);
});

test('pr comments reply / edit / resolve / unresolve', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 20, parent: { id: 2 } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body).parent, { id: 2 }),
    })
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 21, parent: { id: 2 } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body).parent, { id: 2 }),
    })
    .stub({
      method: 'PUT',
      path: `${C}/20`,
      body: { id: 20, content: { raw: 'edited' } },
      check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'edited'),
    })
    .stub({ method: 'POST', path: `${C}/2/resolve`, body: { user: ada } })
    .stub({ method: 'DELETE', path: `${C}/2/resolve`, status: 204 });
  const r1 = await runBb(['pr', 'comments', 'reply', '7', '2', '--body', 'ok'], { fetch: reg.fetch, env: ENV });
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stderr, /✓ Replied to comment #2 on pull request #7 \(comment #20\)/);
  const r2 = await runBb(['pr', 'comments', 'reply', '7', '--parent', '2', '--body', 'ok'], { fetch: reg.fetch, env: ENV });
  assert.equal(r2.code, 0, r2.stderr);
  const e = await runBb(['pr', 'comments', 'edit', '7', '20', '--body', 'edited'], { fetch: reg.fetch, env: ENV });
  assert.match(e.stderr, /✓ Edited comment #20 on pull request #7/);
  const res = await runBb(['pr', 'comments', 'resolve', '7', '2'], { fetch: reg.fetch, env: ENV });
  assert.match(res.stderr, /✓ Resolved comment #2/);
  const un = await runBb(['pr', 'comments', 'unresolve', '7', '2'], { fetch: reg.fetch, env: ENV });
  assert.match(un.stderr, /✓ Reopened comment #2/);
  reg.verify();
  const bad = await runBb(['pr', 'comments', 'reply', '7', 'x', '--body', 'ok'], { env: ENV });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"x" is not a comment id/);
});

test('pr comments delete asks on a terminal, needs --yes elsewhere, 404 is 2002', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'DELETE', path: `${C}/5`, status: 204 })
    .stub({ method: 'DELETE', path: `${C}/6`, status: 404, body: { type: 'error', error: { message: 'No such comment' } } });
  const refused = await runBb(['pr', 'comments', 'delete', '7', '5'], { fetch: reg.fetch, env: ENV });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: refusing to delete comment #5 without confirmation\nhint: pass --yes/);
  const asked: string[] = [];
  const ok = await runBb(['pr', 'comments', 'delete', '7', '5'], {
    fetch: reg.fetch,
    env: ENV,
    tty: true,
    prompter: {
      confirm: async (m) => {
        asked.push(m);
        return true;
      },
    },
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(asked, ['Delete comment #5 on pull request #7?']);
  const missing = await runBb(['pr', 'comments', 'delete', '7', '6', '--yes'], { fetch: reg.fetch, env: ENV });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: comment #6 not found on pull request #7/);
  reg.verify();
  const dry = await runBb(['pr', 'comments', 'delete', '7', '5', '--dry-run'], { env: ENV });
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /^would send: DELETE https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/pullrequests\/7\/comments\/5\n/);
});
