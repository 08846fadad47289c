import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { ada, API, bob, cyd, ENV, FORBIDDEN, fakeGit, page, pr, REMOTE } from './test-fixtures.js';

const PRS = `${API}/pullrequests`;

test('pr list: table on a terminal, tab-separated when piped, JSON with --json; filters become state/q', async () => {
  const list = page([pr(), pr({ id: 8, title: 'Draft thing', draft: true, author: bob, source: { branch: { name: 'wip' } } })]);
  const check = ({ url }: { url: URL }) => {
    assert.deepEqual(url.searchParams.getAll('state'), ['OPEN', 'MERGED']);
    assert.equal(url.searchParams.get('q'), 'author.nickname="ada" AND destination.branch.name="main"');
    assert.equal(url.searchParams.get('pagelen'), '30');
  };
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: PRS, body: list, check })
    .stub({ method: 'GET', path: PRS, body: list, check })
    .stub({ method: 'GET', path: PRS, body: list, check });
  const argv = ['pr', 'list', '--state', 'open,merged', '--author', 'ada', '--base', 'main'];
  const tty = await runBb(argv, { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  const lines = tty.stdout.split('\n');
  assert.match(lines[0] ?? '', /^ID\s+TITLE\s+BRANCH\s+AUTHOR\s+STATE\s+UPDATED$/);
  assert.match(lines[1] ?? '', /^#7\s+Add login\s+feature\/login → main\s+ada\s+OPEN\s+a day ago$|^#7\s+Add login\s+feature\/login → main\s+ada\s+OPEN\s+\S/);
  assert.match(lines[2] ?? '', /^#8\s+Draft thing\s+wip → main\s+bob\s+DRAFT/);
  assert.match(tty.stderr, /Showing 2 open\/merged pull requests in acme\/web/);

  const piped = await runBb(argv, { fetch: reg.fetch, env: ENV });
  assert.equal(piped.stdout.split('\n')[0], '7\tAdd login\tfeature/login → main\tada\tOPEN\t2026-11-27T10:00:00Z');
  assert.equal(piped.stderr, '');

  const json = await runBb([...argv, '--json', 'id,title,state,isDraft,author'], { fetch: reg.fetch, env: ENV });
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(parsed[1], {
    id: 8,
    title: 'Draft thing',
    state: 'OPEN',
    isDraft: true,
    author: { nickname: 'bob', displayName: 'Bob Builder', uuid: bob.uuid, accountId: null },
  });
  reg.verify();
});

test('pr list --mine resolves you with GET /user; --all follows next pages; empty list says so on a terminal', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({
      method: 'GET',
      path: PRS,
      body: page([pr()], `https://api.bitbucket.test/2.0${PRS}?page=2`),
      check: ({ url }) => {
        assert.equal(url.searchParams.get('q'), `author.uuid="${ada.uuid}" AND (title ~ "login")`);
        assert.equal(url.searchParams.get('pagelen'), '50', 'pull request pages are at most 50');
      },
    })
    .stub({ method: 'GET', path: `${PRS}?page=2`, body: page([pr({ id: 3 })]) });
  const r = await runBb(['pr', 'list', '--mine', '--all', '--search', 'title ~ "login"', '--json', 'id'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ id: 7 }, { id: 3 }]);
  reg.verify();

  const reg2 = new FetchRegistry().stub({ method: 'GET', path: PRS, body: page([]) });
  const e = await runBb(['pr', 'list'], { fetch: reg2.fetch, env: ENV, tty: true });
  assert.equal(e.code, 0);
  assert.equal(e.stdout, '');
  assert.match(e.stderr, /No open pull requests match in acme\/web/);
});

test('pr list rejects an unknown state with exit 2', async () => {
  const r = await runBb(['pr', 'list', '--state', 'shut'], { env: ENV });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --state "shut" is not one of open, closed, merged, declined, superseded, all/m);
});

test('pr view: by number on a terminal, piped fields, --json, --comments', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({
      method: 'GET',
      path: `${PRS}/7/comments`,
      body: page([
        { id: 1, content: { raw: 'Why?' }, user: bob, inline: { path: 'src/a.ts', to: 3 }, created_on: '2026-11-27T09:00:00Z' },
        { id: 2, content: { raw: 'Because.' }, user: ada, parent: { id: 1 }, created_on: '2026-11-27T09:30:00Z' },
      ]),
    });
  const tty = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  assert.match(tty.stdout, /^Add login #7\nOPEN • ada wants to merge feature\/login → main • updated/);
  assert.match(tty.stdout, /Reviewers: bob \(approved\)/);
  assert.match(tty.stdout, /Adds the login page\./);
  assert.match(tty.stdout, /View this pull request on Bitbucket: https:\/\/bitbucket.org\/acme\/web\/pull-requests\/7/);

  const piped = await runBb(['pr', 'view', '#7', '--comments'], { fetch: reg.fetch, env: ENV });
  assert.equal(piped.code, 0, piped.stderr);
  assert.match(
    piped.stdout,
    /^title:\tAdd login\nstate:\tOPEN\nauthor:\tada\nreviewers:\tbob \(approved\)\nid:\t7\nhead:\tfeature\/login\nbase:\tmain\nurl:\t\S+\n--\nAdds the login page\.\n/,
  );
  assert.match(piped.stdout, /#1 {2}bob {2}2026-11-27T09:00:00Z {2}src\/a\.ts:3\n {2}Why\?\n\n {4}#2 {2}ada .*\(reply to #1\)\n {6}Because\./);

  const json = await runBb(['pr', 'view', 'https://bitbucket.org/acme/web/pull-requests/7', '--json', 'id,headRefName,baseRefName,reviewers,reviewDecision'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.deepEqual(JSON.parse(json.stdout), {
    id: 7,
    headRefName: 'feature/login',
    baseRefName: 'main',
    reviewers: [{ nickname: 'bob', displayName: 'Bob Builder', uuid: bob.uuid, accountId: null, state: 'approved' }],
    reviewDecision: 'APPROVED',
  });
  reg.verify();
});

test('pr view without an argument finds the pull request of the current branch; --web opens it', async () => {
  const git = fakeGit({ 'rev-parse --abbrev-ref HEAD': 'feature/login\n' });
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: PRS,
      body: page([pr()]),
      check: ({ url }) => assert.equal(url.searchParams.get('q'), 'source.branch.name="feature/login"'),
    })
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() });
  const r = await runBb(['pr', 'view', '--web'], { fetch: reg.fetch, env: { ...ENV, BROWSER: 'true' }, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Opening https:\/\/bitbucket.org\/acme\/web\/pull-requests\/7 in your browser/);
  reg.verify();

  // no pull request: bb looks at the repository once, for a fork's parent to name (this one is no fork)
  const reg2 = new FetchRegistry()
    .stub({ method: 'GET', path: PRS, body: page([]) })
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', name: 'web', slug: 'web' } });
  const none = await runBb(['pr', 'view'], { fetch: reg2.fetch, env: ENV, git });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error 2002 API_NOT_FOUND: no open pull request from branch "feature\/login" in acme\/web/m);
});

test('pr view: a missing pull request is 2002 with exit 1; no stack, token never shown', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/99`, status: 404, body: { type: 'error', error: { message: 'Not found' } } });
  const r = await runBb(['pr', 'view', '99'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2002 API_NOT_FOUND: pull request #99 not found in acme\/web\n/);
  assert.doesNotMatch(r.stderr, /\n\s+at |secret-token-123/);
  const j = await runBb(['pr', 'view', '99', '--json', 'id'], {
    fetch: new FetchRegistry().stub({ method: 'GET', path: `${PRS}/99`, status: 404, body: {} }).fetch,
    env: ENV,
  });
  assert.equal(JSON.parse(j.stderr).error.code, 2002);
});

test('pr diff: raw when piped; --stat and --name-only from the diffstat', async () => {
  const diff = 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-old\n+new\n';
  const stat = page([
    { status: 'modified', lines_added: 3, lines_removed: 1, old: { path: 'a.ts' }, new: { path: 'a.ts' } },
    { status: 'added', lines_added: 10, lines_removed: 0, old: null, new: { path: 'docs/b.md' } },
  ]);
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7/diff`, body: diff, headers: { 'content-type': 'text/plain' } })
    .stub({ method: 'GET', path: `${PRS}/7/diff`, body: diff, headers: { 'content-type': 'text/plain' } })
    .stub({ method: 'GET', path: `${PRS}/7/diffstat`, body: stat })
    .stub({ method: 'GET', path: `${PRS}/7/diffstat`, body: stat });
  const piped = await runBb(['pr', 'diff', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, diff);
  const coloured = await runBb(['pr', 'diff', '7', '--color', 'always'], { fetch: reg.fetch, env: ENV });
  assert.ok(coloured.stdout.includes('\u001b[32m+new\u001b[0m'), coloured.stdout);
  assert.ok(coloured.stdout.includes('\u001b[31m-old\u001b[0m'), coloured.stdout);
  const s = await runBb(['pr', 'diff', '7', '--stat'], { fetch: reg.fetch, env: ENV });
  assert.equal(s.stdout, ' a.ts      | +3 -1\n docs/b.md | +10 -0 (added)\n 2 files changed, 13 insertions(+), 1 deletion(-)\n');
  const n = await runBb(['pr', 'diff', '7', '--name-only'], { fetch: reg.fetch, env: ENV });
  assert.equal(n.stdout, 'a.ts\ndocs/b.md\n');
  reg.verify();
});

test('pr checkout: fetches the branch and checks it out (new local branch, then fast-forward of an existing one)', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr() }).stub({ method: 'GET', path: `${PRS}/7`, body: pr() });
  const git = fakeGit({
    ...REMOTE,
    'rev-parse --abbrev-ref HEAD': 'main\n',
    'rev-parse --verify --quiet refs/heads/feature/login': new Error('no such branch'),
    'fetch origin +refs/heads/feature/login:refs/remotes/origin/feature/login': '',
    'checkout -b feature/login --track origin/feature/login': '',
  });
  const r = await runBb(['pr', 'checkout', '7'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Checked out pull request #7 on branch feature\/login/);
  assert.deepEqual(git.calls.at(-1), ['checkout', '-b', 'feature/login', '--track', 'origin/feature/login']);

  const git2 = fakeGit({
    ...REMOTE,
    'rev-parse --abbrev-ref HEAD': 'main\n',
    'rev-parse --verify --quiet refs/heads/review': 'abc\n',
    'fetch origin +refs/heads/feature/login:refs/remotes/origin/feature/login': '',
    'checkout review': '',
    'reset --hard refs/remotes/origin/feature/login': '',
  });
  const f = await runBb(['pr', 'checkout', '7', '--branch', 'review', '--force'], { fetch: reg.fetch, env: ENV, git: git2 });
  assert.equal(f.code, 0, f.stderr);
  assert.deepEqual(git2.calls.at(-1), ['reset', '--hard', 'refs/remotes/origin/feature/login']);
  reg.verify();
});

test('pr checkout of a fork fetches from the fork clone URL into a local branch', async () => {
  const forked = pr({ source: { branch: { name: 'main' }, repository: { full_name: 'zed/web-fork' } } });
  const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: forked }).stub({
    method: 'GET',
    path: '/repositories/zed/web-fork',
    body: {
      links: {
        clone: [
          { name: 'https', href: 'https://bitbucket.org/zed/web-fork.git' },
          { name: 'ssh', href: 'git@bitbucket.org:zed/web-fork.git' },
        ],
      },
    },
  });
  const git = fakeGit({
    ...REMOTE,
    'rev-parse --abbrev-ref HEAD': 'main\n',
    'rev-parse --verify --quiet refs/heads/zed/main': new Error('none'),
    'fetch https://bitbucket.org/zed/web-fork.git refs/heads/main': '',
    'branch zed/main FETCH_HEAD': '',
    'checkout zed/main': '',
  });
  const r = await runBb(['pr', 'checkout', '7'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /on branch zed\/main \(from zed\/web-fork\)/);
  reg.verify();
});

test('pr activity: a timeline, oldest first', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: `${PRS}/7/activity`,
    body: page([
      { approval: { date: '2026-11-27T12:00:00Z', user: bob } },
      { comment: { id: 3, content: { raw: 'Nice\nmore' }, user: cyd, inline: { path: 'a.ts', to: 4 }, created_on: '2026-11-27T11:00:00Z' } },
      { update: { state: 'OPEN', author: ada, date: '2026-11-27T10:00:00Z', title: 'Add login' } },
    ]),
  });
  const r = await runBb(['pr', 'activity', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    '2026-11-27T10:00:00Z\tada\tpushed / opened\tAdd login\n2026-11-27T11:00:00Z\tcyd\tcommented\ta.ts:4: Nice\n2026-11-27T12:00:00Z\tbob\tapproved\t\n',
  );
  reg.verify();
});

test('pr checks: exit 0 all passed, 1 on a failure, 8 while pending; --watch polls until done', async () => {
  const ok = { key: 'build', name: 'Build', state: 'SUCCESSFUL', url: 'https://ci/1', updated_on: '2026-11-27T10:00:00Z' };
  const running = { key: 'e2e', name: 'E2E', state: 'INPROGRESS', url: 'https://ci/2', updated_on: '2026-11-27T10:01:00Z' };
  const failed = { ...running, state: 'FAILED', updated_on: '2026-11-27T10:05:00Z' };
  const path = `${PRS}/7/statuses`;
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path, body: page([ok]) })
    .stub({ method: 'GET', path, body: page([ok, running]) })
    .stub({ method: 'GET', path, body: page([ok, running]) })
    .stub({ method: 'GET', path, body: page([ok, running]) })
    .stub({ method: 'GET', path, body: page([ok, running, failed]) });
  const a = await runBb(['pr', 'checks', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /^STATE\s+NAME\s+KEY\s+UPDATED\s+URL\n✓ SUCCESSFUL\s+Build\s+build\s+/);
  const p = await runBb(['pr', 'checks', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(p.code, 8);
  assert.equal(p.stdout, 'SUCCESSFUL\tBuild\tbuild\t2026-11-27T10:00:00Z\thttps://ci/1\nINPROGRESS\tE2E\te2e\t2026-11-27T10:01:00Z\thttps://ci/2\n');
  assert.match(p.stderr, /1 check is still in progress \(exit status 8\)/);
  const w = await runBb(['pr', 'checks', '7', '--watch', '--interval', '1', '--json', 'key,state'], { fetch: reg.fetch, env: ENV });
  assert.equal(w.code, 1, 'the rerun failed: exit 1');
  assert.deepEqual(JSON.parse(w.stdout), [
    { key: 'build', state: 'SUCCESSFUL' },
    { key: 'e2e', state: 'FAILED' },
  ]);
  assert.match(w.stderr, /1 of 2 checks in progress on pull request #7; checking again in 1s/);
  reg.verify();
});

test('pr create: pushes the branch (--push), fills from commits, adds default reviewers without you, prints the URL', async () => {
  const git = fakeGit({
    ...REMOTE,
    'rev-parse --abbrev-ref HEAD': 'feature/login\n',
    'log --format=%s%n%b\u001e origin/main..HEAD': 'Add login page\nWith a form.\n\u001e\n',
    'push --set-upstream origin HEAD:refs/heads/feature/login': '',
  });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { mainbranch: { name: 'main' } } })
    .stub({ method: 'GET', path: `${API}/effective-default-reviewers`, body: page([{ user: ada }, { user: cyd }]) })
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({ method: 'GET', path: `${API}/refs/branches/feature%2Flogin`, status: 404, body: { type: 'error', error: { message: 'not found' } } })
    .stub({
      method: 'POST',
      path: PRS,
      status: 201,
      body: pr({ reviewers: [bob, cyd] }),
      check: ({ body }) => {
        const sent = JSON.parse(body);
        assert.equal(sent.title, 'Add login page');
        assert.equal(sent.description, 'With a form.');
        assert.deepEqual(sent.source, { branch: { name: 'feature/login' } });
        assert.deepEqual(sent.destination, { branch: { name: 'main' } });
        assert.deepEqual(sent.reviewers, [{ uuid: bob.uuid }, { uuid: cyd.uuid }], 'asked + default reviewers, not the author');
        assert.equal(sent.draft, false);
      },
    });
  const r = await runBb(['pr', 'create', '--fill', '--push', '--reviewer', bob.uuid], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://bitbucket.org/acme/web/pull-requests/7\n');
  assert.match(r.stderr, /Pushing feature\/login to origin…\n✓ Created pull request #7 in acme\/web: feature\/login → main/);
  assert.ok(git.calls.some((c) => c[0] === 'push'));
  assert.equal(reg.requests.filter((q) => q.method === 'POST').length, 1);
  reg.verify();
});

test('pr create: never prompts without a terminal; asks on one; --no-push refuses', async () => {
  const git = fakeGit({ ...REMOTE, 'rev-parse --abbrev-ref HEAD': 'topic\n', 'push --set-upstream origin HEAD:refs/heads/topic': '' });
  const stubs = (reg: FetchRegistry) =>
    reg
      .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' } } })
      .stub({ method: 'GET', path: `${API}/effective-default-reviewers`, body: page([]) })
      // asked beside the default reviewers, before bb knows there are none (two round trips, P7)
      .stub({ method: 'GET', path: '/user', body: ada })
      .stub({ method: 'GET', path: `${API}/refs/branches/topic`, status: 404, body: {} });
  const reg = stubs(new FetchRegistry());
  const r = await runBb(['pr', 'create', '--base', 'main', '--title', 'T'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: branch topic is not on acme\/web, and bb cannot ask here\nhint: pass --push to push it/);
  reg.verify();

  const reg2 = stubs(new FetchRegistry());
  const n = await runBb(['pr', 'create', '--base', 'main', '--title', 'T', '--no-push'], { fetch: reg2.fetch, env: ENV, git, tty: true });
  assert.equal(n.code, 2);
  assert.match(n.stderr, /branch topic is not on acme\/web\nhint: push it first: git push -u origin topic/);

  const reg3 = stubs(new FetchRegistry()).stub({ method: 'POST', path: PRS, status: 201, body: pr({ id: 9, draft: true }) });
  const asked: string[] = [];
  const y = await runBb(['pr', 'create', '--base', 'main', '--title', 'T', '--draft', '--json', 'id,isDraft'], {
    fetch: reg3.fetch,
    env: ENV,
    git,
    tty: true,
    prompter: {
      confirm: async (m) => {
        asked.push(m);
        return true;
      },
    },
  });
  assert.equal(y.code, 0, y.stderr);
  assert.deepEqual(asked, ['Branch topic is not on acme/web. Push it to origin?']);
  assert.deepEqual(JSON.parse(y.stdout), { id: 9, isDraft: true });
  reg3.verify();
});

test('pr create --dry-run reads what it needs but pushes and creates nothing', async () => {
  const git = fakeGit({ ...REMOTE, 'rev-parse --abbrev-ref HEAD': 'topic\n' });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' } } })
    .stub({ method: 'GET', path: `${API}/refs/branches/topic`, status: 404, body: {} });
  const r = await runBb(['pr', 'create', '--base', 'main', '--title', 'T', '--body', 'B', '--no-default-reviewers', '--dry-run'], {
    fetch: reg.fetch,
    env: ENV,
    git,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/pullrequests\n/);
  assert.match(r.stdout, /"title": "T"/);
  assert.match(r.stdout, /required scopes: read:pullrequest:bitbucket, write:pullrequest:bitbucket/);
  assert.match(r.stderr, /would push: git push --set-upstream origin HEAD:refs\/heads\/topic/);
  assert.ok(!git.calls.some((c) => c[0] === 'push'));
  assert.ok(reg.requests.every((q) => q.method === 'GET'));
  reg.verify();
});

test('pr create without a title and without a terminal is a usage error', async () => {
  const git = fakeGit({ ...REMOTE, 'rev-parse --abbrev-ref HEAD': 'topic\n' });
  const r = await runBb(['pr', 'create', '--base', 'main'], { env: ENV, git });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: no title: pass --title or --fill/);
});

test('pr edit sends the title change with the current description and reviewers; nicknames resolve to uuids', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'GET', path: '/workspaces/acme/members', body: page([{ user: cyd }]) })
    .stub({
      method: 'PUT',
      path: `${PRS}/7`,
      body: pr({ title: 'New' }),
      check: ({ body }) => {
        const sent = JSON.parse(body);
        assert.equal(sent.title, 'New');
        assert.equal(sent.description, 'Adds the login page.');
        assert.deepEqual(sent.reviewers, [{ uuid: cyd.uuid }]);
      },
    });
  const r = await runBb(['pr', 'edit', '7', '--title', 'New', '--add-reviewer', 'cyd', '--remove-reviewer', 'bob'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Edited pull request #7 in acme\/web/);
  reg.verify();

  const nothing = await runBb(['pr', 'edit', '7'], { fetch: new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr() }).fetch, env: ENV });
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothing to change/);
});

test('pr ready: PUT draft false with the current title, description and reviewers', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr({ draft: true }) })
    .stub({ method: 'PUT', path: `${PRS}/7`, body: pr(), check: ({ body }) => assert.equal(JSON.parse(body).draft, false) });
  const r = await runBb(['pr', 'ready', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Pull request #7 is marked as ready for review/);
  reg.verify();
});

test('pr approve / unapprove / request-changes / decline call their endpoints once', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'POST', path: `${PRS}/7/approve`, body: { approved: true } })
    .stub({ method: 'DELETE', path: `${PRS}/7/approve`, status: 204 })
    .stub({ method: 'POST', path: `${PRS}/7/request-changes`, body: {} })
    .stub({ method: 'DELETE', path: `${PRS}/7/request-changes`, status: 204 })
    .stub({
      method: 'POST',
      path: `${PRS}/7/comments`,
      status: 201,
      body: { id: 5 },
      check: ({ body }) => assert.equal(JSON.parse(body).content.raw, 'Superseded'),
    })
    .stub({ method: 'POST', path: `${PRS}/7/decline`, body: pr({ state: 'DECLINED' }) });
  for (const [argv, out] of [
    [['pr', 'approve', '7'], /✓ Approved pull request #7 in acme\/web/],
    [['pr', 'unapprove', '7'], /✓ Withdrew your approval/],
    [['pr', 'request-changes', '7'], /✓ Requested changes on pull request #7/],
    [['pr', 'request-changes', '7', '--undo'], /✓ Removed your change request/],
    [['pr', 'decline', '7', '--comment', 'Superseded'], /✓ Declined pull request #7/],
  ] as Array<[string[], RegExp]>) {
    const r = await runBb(argv, { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, out);
  }
  reg.verify();
});

test('pr approve without the scope: 2003 naming the missing scope, exit 4', async () => {
  const reg = new FetchRegistry().stub({ method: 'POST', path: `${PRS}/7/approve`, status: 403, body: FORBIDDEN });
  const apiToken = { ...ENV, BB_EMAIL: 'ada@example.com' };
  const r = await runBb(['pr', 'approve', '7'], { fetch: reg.fetch, env: apiToken });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*needs scope write:pullrequest:bitbucket/m);
  assert.match(r.stderr, /hint: `bb pr approve` needs: read:pullrequest:bitbucket, write:pullrequest:bitbucket/);
  assert.doesNotMatch(r.stderr, /secret-token-123/);
  // an access token (Bearer) is judged by the legacy scopes
  const reg2 = new FetchRegistry().stub({ method: 'POST', path: `${PRS}/7/merge`, status: 403, body: { type: 'error', error: { message: 'forbidden' } } });
  reg2.stub({ method: 'GET', path: `${PRS}/7`, body: pr() });
  const m = await runBb(['pr', 'merge', '7', '--json', 'id'], { fetch: reg2.fetch, env: ENV });
  assert.equal(m.code, 4);
  const err = JSON.parse(m.stderr).error;
  assert.equal(err.code, 2003);
  assert.equal(err.operation, 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge');
});

test('writes with --dry-run send nothing, and need no credential', async () => {
  const reg = new FetchRegistry();
  for (const argv of [
    ['pr', 'approve', '7'],
    ['pr', 'merge', '7', '--strategy', 'squash', '--delete-branch'],
    ['pr', 'decline', '7'],
    ['pr', 'request-changes', '7'],
  ]) {
    const r = await runBb([...argv, '--dry-run'], { fetch: reg.fetch, env: { BB_REPO: 'acme/web' } });
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^would send: (POST|PUT|DELETE) https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/pullrequests\/7\//);
    assert.match(r.stderr, /dry run: nothing was sent/);
  }
  assert.equal(reg.requests.length, 0);
  const m = await runBb(['pr', 'merge', '7', '--strategy', 'squash', '--dry-run', '--json', 'id'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(m.stdout).requests[0].body, { type: 'pullrequest_merge_parameters', merge_strategy: 'squash' });
  assert.equal(reg.requests.length, 0);
});

test('pr merge: 200 merges at once; the request carries strategy, message and close_source_branch', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr() }).stub({
    method: 'POST',
    path: `${PRS}/7/merge`,
    body: pr({ state: 'MERGED', merge_commit: { hash: 'deadbeefcafe' } }),
    check: ({ body }) =>
      assert.deepEqual(JSON.parse(body), { type: 'pullrequest_merge_parameters', merge_strategy: 'squash', message: 'Squashed', close_source_branch: true }),
  });
  const r = await runBb(['pr', 'merge', '7', '-s', 'squash', '-m', 'Squashed', '-d'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Merged pull request #7 \(Add login\) as deadbee\n✓ Deleted branch feature\/login/);
  assert.equal(r.stdout, 'https://bitbucket.org/acme/web/pull-requests/7\n');
  reg.verify();
});

test('pr merge: 202 Accepted is followed by polling the task status until SUCCESS', async () => {
  const task = `${PRS}/7/merge/task-status/task-42`;
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'POST', path: `${PRS}/7/merge`, status: 202, body: '', headers: { location: `https://api.bitbucket.test/2.0${task}` } })
    .stub({ method: 'GET', path: task, body: { task_status: 'PENDING' } })
    .stub({ method: 'GET', path: task, body: { task_status: 'PENDING' } })
    .stub({ method: 'GET', path: task, body: { task_status: 'SUCCESS', merge_result: pr({ state: 'MERGED' }) } });
  const r = await runBb(['pr', 'merge', '7', '--json', 'id,state'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { id: 7, state: 'MERGED' });
  assert.match(r.stderr, /Merging pull request #7 in the background/);
  assert.equal(reg.requests.filter((q) => q.method === 'POST').length, 1);
  reg.verify();
});

test('pr merge: a conflict (409) is 2004 with an explanation, and the merge is not sent again', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'POST', path: `${PRS}/7/merge`, status: 409, body: { type: 'error', error: { message: 'Merge conflict' } } });
  const r = await runBb(['pr', 'merge', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2004 API_CONFLICT: pull request #7 cannot be merged: Merge conflict\nhint: feature\/login conflicts with main/);
  assert.match(r.stderr, /hint: update it: git fetch && git checkout feature\/login && git merge origin\/main/);
  assert.equal(reg.requests.filter((q) => q.method === 'POST').length, 1);
  reg.verify();

  const reg2 = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr({ state: 'MERGED' }) });
  const done = await runBb(['pr', 'merge', '7'], { fetch: reg2.fetch, env: ENV });
  assert.equal(done.code, 1);
  assert.match(done.stderr, /^error 2004 API_CONFLICT: pull request #7 is merged: only open pull requests can be merged/);
});

test('pr merge: a 503 on the merge POST is not retried', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${PRS}/7`, body: pr() })
    .stub({ method: 'POST', path: `${PRS}/7/merge`, status: 503, body: { type: 'error', error: { message: 'busy' } } });
  const r = await runBb(['pr', 'merge', '7'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2006 API_SERVER_ERROR/);
  assert.equal(reg.requests.filter((q) => q.method === 'POST').length, 1);
});

test('pr status: the current branch, yours, and those waiting for your review', async () => {
  const git = fakeGit({ 'rev-parse --abbrev-ref HEAD': 'feature/login\n' });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: bob })
    .stub({ method: 'GET', path: /pullrequests\?.*q=source\.branch\.name/, body: page([pr()]) })
    .stub({ method: 'GET', path: /pullrequests\?.*q=author\.uuid/, body: page([pr({ id: 11, title: 'Mine', author: bob, reviewers: [], participants: [] })]) })
    .stub({
      method: 'GET',
      path: /pullrequests\?.*q=reviewers\.uuid/,
      body: page([pr(), pr({ id: 12, title: 'Review me', participants: [], reviewers: [bob] })]),
    });
  const r = await runBb(['pr', 'status'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Current branch\n {2}#7 {2}Add login \[feature\/login → main\] {2}✓ 1 approval\n/);
  assert.match(r.stdout, /Created by you\n {2}#11 {2}Mine .* {2}- Review required\n/);
  assert.match(r.stdout, /Requesting a code review from you\n {2}#12 {2}Review me/);
  assert.doesNotMatch(r.stdout.split('Requesting')[1] ?? '', /#7/, 'already approved by you');
  reg.verify();
});

test('pr create --fill with several commits: title from the branch, body lists the subjects; --editor edits the body on a terminal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-editor-'));
  const editor = join(dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nprintf "edited by the editor\\n" >> "$1"\n', { mode: 0o755 });
  const git = fakeGit({
    ...REMOTE,
    'rev-parse --abbrev-ref HEAD': 'feature/fast-login\n',
    'rev-parse HEAD': 'abc\n',
    'log --format=%s%n%b\u001e origin/main..HEAD': 'Second\n\u001e\nFirst\nbody\n\u001e\n',
  });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { full_name: 'acme/web', mainbranch: { name: 'main' } } })
    .stub({ method: 'GET', path: `${API}/effective-default-reviewers`, body: page([]) })
    .stub({ method: 'GET', path: '/user', body: ada })
    .stub({ method: 'GET', path: `${API}/refs/branches/feature%2Ffast-login`, body: { name: 'feature/fast-login', target: { hash: 'abc' } } })
    .stub({
      method: 'POST',
      path: PRS,
      status: 201,
      body: pr(),
      check: ({ body }) => {
        const sent = JSON.parse(body);
        assert.equal(sent.title, 'Fast login');
        assert.equal(sent.description, '- Second\n- Firstedited by the editor\n', 'the editor appended to the filled body');
      },
    });
  const r = await runBb(['pr', 'create', '--fill', '--base', 'main', '--editor'], { fetch: reg.fetch, env: { ...ENV, VISUAL: editor }, git, tty: true });
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
  const noTty = await runBb(['pr', 'create', '--title', 'x', '--base', 'main', '--editor'], { env: ENV, git });
  assert.equal(noTty.code, 2);
  assert.match(noTty.stderr, /--editor needs a terminal/);
});

test('API text is sanitised on a terminal (escape sequences made visible), kept as is when piped', async () => {
  const evil = pr({ title: 'Evil \u001b]0;pwned\u0007 title', description: 'body \u001b[2J here' });
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: PRS, body: page([evil]) })
    .stub({ method: 'GET', path: `${PRS}/7`, body: evil })
    .stub({ method: 'GET', path: `${PRS}/7/diff`, body: '+\u001b[2Jx\n', headers: { 'content-type': 'text/plain' } });
  const l = await runBb(['pr', 'list'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.ok(!l.stdout.includes('\u001b'), l.stdout);
  assert.match(l.stdout, /Evil \^\[\]0;pwned\^G title/);
  const v = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.ok(!v.stdout.includes('\u001b'), v.stdout);
  assert.match(v.stdout, /body \^\[\[2J here/);
  const d = await runBb(['pr', 'diff', '7'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(d.stdout, '+^[[2Jx\n');
  reg.verify();
});
