/** gh's verbs and flags where Bitbucket has the concept (issue 17): pr comment, merge --squash…, list --state closed, help, suggestions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { ada, API, bob, ENV, page, pr } from './test-fixtures.js';

const PRS = `${API}/pullrequests`;
const C = `${PRS}/7/comments`;

test('pr comment: --body / -b / --body-file add a general comment', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: C,
      status: 201,
      body: { id: 10, links: { html: { href: 'https://bitbucket.org/x#comment-10' } } },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'pullrequest_comment', content: { raw: 'LGTM' } }),
    })
    .stub({ method: 'POST', path: C, status: 201, body: { id: 11 }, check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'short') })
    .stub({ method: 'POST', path: C, status: 201, body: { id: 12 }, check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'piped\n') });
  const a = await runBb(['pr', 'comment', '7', '--body', 'LGTM'], { fetch: reg.fetch, env: ENV });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, 'https://bitbucket.org/x#comment-10\n');
  assert.match(a.stderr, /✓ Added comment #10 to pull request #7/);
  const b = await runBb(['pr', 'comment', '7', '-b', 'short', '--json', 'id'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(b.stdout), { id: 11 });
  const c = await runBb(['pr', 'comment', '7', '--body-file', '-'], { fetch: reg.fetch, env: ENV, stdin: 'piped\n' });
  assert.equal(c.code, 0, c.stderr);
  reg.verify();
  const e = await runBb(['pr', 'comment', '7', '--body', ' '], { env: ENV });
  assert.equal(e.code, 2);
  assert.match(e.stderr, /^error 5002 INVALID_ARGUMENT: the comment is empty/);
});

test('pr comment --edit-last edits your most recent comment, and says so when you have none', async () => {
  const comments = page([
    { id: 1, content: { raw: 'old' }, user: ada, created_on: '2026-11-27T08:00:00Z' },
    { id: 2, content: { raw: 'not mine' }, user: bob, created_on: '2026-11-27T10:00:00Z' },
    { id: 3, content: { raw: 'typo' }, user: ada, created_on: '2026-11-27T09:00:00Z' },
    { id: 4, content: { raw: '' }, user: ada, deleted: true, created_on: '2026-11-27T11:00:00Z' },
  ]);
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({ method: 'GET', path: C, body: comments })
    .stub({
      method: 'PUT',
      path: `${C}/3`,
      body: { id: 3, content: { raw: 'fixed' }, user: ada },
      check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'fixed'),
    });
  const r = await runBb(['pr', 'comment', '7', '--edit-last', '--body', 'fixed'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Edited comment #3 on pull request #7/);
  reg.verify();
  const none = new FetchRegistry().stub({ method: 'GET', path: '/user', body: ada }).stub({ method: 'GET', path: C, body: page([]) });
  const n = await runBb(['pr', 'comment', '7', '--edit-last', '--body', 'x'], { fetch: none.fetch, env: ENV });
  assert.equal(n.code, 2);
  assert.match(n.stderr, /you have no comment on pull request #7 to edit\nhint: add one: bb pr comment 7 --body TEXT/);
});

test('pr merge --merge / --squash / --rebase send the matching Cloud strategy; two of them are refused', async () => {
  for (const [flag, strategy] of [
    ['--merge', 'merge_commit'],
    ['--squash', 'squash'],
    ['--rebase', 'rebase_fast_forward'],
  ] as const) {
    const reg = new FetchRegistry()
      .stub({ method: 'GET', path: `${PRS}/7`, body: pr({ destination: { branch: { name: 'main' }, repository: { full_name: 'acme/web' } } }) })
      .stub({
        method: 'POST',
        path: `${PRS}/7/merge`,
        body: pr({ state: 'MERGED' }),
        check: ({ body }) => assert.equal(JSON.parse(body).merge_strategy, strategy),
      });
    const r = await runBb(['pr', 'merge', '7', flag], { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 0, r.stderr);
    reg.verify();
  }
  const two = await runBb(['pr', 'merge', '7', '--squash', '--rebase'], { env: ENV });
  assert.equal(two.code, 2);
  assert.match(two.stderr, /^error 5002 INVALID_ARGUMENT: choose one of --squash, --rebase/);
  const both = await runBb(['pr', 'merge', '7', '--squash', '--strategy', 'squash'], { env: ENV });
  assert.match(both.stderr, /choose one of --squash, --strategy/);
});

test('pr list --state closed asks for merged, declined and superseded', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: PRS,
    body: page([]),
    check: ({ url }) => assert.deepEqual(url.searchParams.getAll('state'), ['MERGED', 'DECLINED', 'SUPERSEDED']),
  });
  const r = await runBb(['pr', 'list', '--state', 'closed'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
});

test('bb help <command…> is that command’s help; unknown subcommands get a suggestion at every level, even with --help', async () => {
  const direct = await runBb(['pr', 'list', '--help']);
  const viaHelp = await runBb(['help', 'pr', 'list']);
  assert.equal(viaHelp.code, 0);
  assert.equal(viaHelp.stdout, direct.stdout);
  assert.match(viaHelp.stdout, /^Usage: bb pr list/);
  const group = await runBb(['help', 'pr']);
  assert.match(group.stdout, /^Usage: bb pr \[options\] \[command\]/);
  const topic = await runBb(['help', 'exit-codes']);
  assert.match(topic.stdout, /^Exit status:/);
  const comment = await runBb(['pr', 'comment', '--help']);
  assert.match(comment.stdout, /^Usage: bb pr comment \[options\] \[pr\]/);

  for (const argv of [
    ['pr', 'lst'],
    ['pr', 'lst', '--help'],
    ['help', 'pr', 'lst'],
  ]) {
    const r = await runBb(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error 5001 USAGE: unknown command "lst" for "bb pr" \(Did you mean list\?\)\nhint: run `bb pr --help` for the list\n$/);
  }
  const deep = await runBb(['pr', 'comments', 'ad', '--help']);
  assert.match(deep.stderr, /unknown command "ad" for "bb pr comments" \(Did you mean add\?\)/);
  const top = await runBb(['prr', '--help']);
  assert.match(top.stderr, /^error 5001 USAGE: unknown command 'prr' \(Did you mean pr\?\)/);
  const gh = await runBb(['pr', 'close', '7']);
  assert.match(gh.stderr, /hint: bb's equivalent: bb pr decline/);
});
