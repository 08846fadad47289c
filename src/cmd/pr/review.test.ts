import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { suggestionBlock } from './comments/add.js';
import { ada, API, ENV, page } from './test-fixtures.js';

const PR = `${API}/pullrequests/7`;
const C = `${PR}/comments`;

test('pr review --approve --submit -b: publishes each pending comment (PUT pending:false), approves, then posts the body', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: C,
      body: page([
        { id: 4, content: { raw: 'published' }, user: ada },
        { id: 5, content: { raw: 'Pending one' }, user: ada, inline: { path: 'a.ts', to: 3 }, pending: true },
        { id: 6, content: { raw: '' }, user: ada, pending: true, deleted: true },
      ]),
    })
    .stub({
      method: 'PUT',
      path: `${C}/5`,
      body: { id: 5, pending: false },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'pullrequest_comment', content: { raw: 'Pending one' }, pending: false }),
    })
    .stub({ method: 'POST', path: `${PR}/approve`, body: { approved: true } })
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 9, links: { html: { href: 'https://bitbucket.org/x#comment-9' } } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'pullrequest_comment', content: { raw: 'Ship it' } }),
    });
  const r = await runBb(['pr', 'review', '7', '--approve', '--submit', '-b', 'Ship it'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '✓ Approved pull request #7 in acme/web\n  published 1 pending comment\n  comment #9: https://bitbucket.org/x#comment-9\n');
  reg.verify();
});

test('pr review --request-changes without a body sends only the request-changes; --dry-run sends nothing', async () => {
  const reg = new FetchRegistry().stub({ method: 'POST', path: `${PR}/request-changes`, body: {} });
  const r = await runBb(['pr', 'review', '7', '-r'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '✓ Requested changes on pull request #7 in acme/web\n');
  reg.verify();
  const d = await runBb(['pr', 'review', '7', '--comment', '-b', 'hm', '--dry-run'], { fetch: new FetchRegistry().fetch, env: ENV });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout + d.stderr, /^would send: POST https:\/\/\S+\/repositories\/acme\/web\/pullrequests\/7\/comments\n/);
  assert.match(d.stdout + d.stderr, /dry run: nothing was sent/);
});

test('pr comments add: a range on the new side, pending; a range on the old side; a suggestion block', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 11, inline: { path: 'src/a.ts', to: 14, start_to: 10 }, pending: true },
      check: ({ body }) =>
        assert.deepEqual(JSON.parse(body), {
          type: 'pullrequest_comment',
          content: { raw: 'Simplify\n\n```suggestion\nreturn x;\n```' },
          inline: { path: 'src/a.ts', to: 14, start_to: 10 },
          pending: true,
        }),
    })
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 12, inline: { path: 'src/a.ts', from: 5, start_from: 2 } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body).inline, { path: 'src/a.ts', from: 5, start_from: 2 }),
    });
  const a = await runBb(
    [
      'pr',
      'comments',
      'add',
      '7',
      '--file',
      'src/a.ts',
      '--start-line',
      '10',
      '--line',
      '14',
      '-b',
      'Simplify',
      '--suggest',
      'return x;',
      '--pending',
      '--json',
      'id,line,startLine,pending',
    ],
    { fetch: reg.fetch, env: ENV },
  );
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout), { id: 11, line: 14, startLine: 10, pending: true });
  const b = await runBb(['pr', 'comments', 'add', '7', '--file', 'src/a.ts', '--start-line', '2', '--line', '5', '--side', 'old', '-b', 'Gone?'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stderr, /✓ Added comment #12 to pull request #7 on src\/a\.ts:2-5/);
  reg.verify();
});

test('suggestion blocks are fenced longer than any backticks in the text', () => {
  assert.equal(suggestionBlock('a\n'), '```suggestion\na\n```');
  assert.equal(suggestionBlock('x ``` y'), '````suggestion\nx ``` y\n````');
});

test('pr comments add --blocker on Cloud: NOT_ON_CLOUD from the provider, nothing sent', async () => {
  const r = await runBb(['pr', 'comments', 'add', '7', '--blocker', '-b', 'stop'], { fetch: new FetchRegistry().fetch, env: ENV });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^error 6004 NOT_ON_CLOUD: blocker comments are a Bitbucket Data Center feature\nhint: /);
});
