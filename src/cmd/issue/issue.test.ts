import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const R = ['-R', 'myteam/website'];
const BASE = '/repositories/myteam/website/issues';
const issue = (id: number, extra: Record<string, unknown> = {}) => ({
  type: 'issue',
  id,
  title: `Issue ${id}`,
  content: { raw: 'It breaks.' },
  state: 'new',
  kind: 'bug',
  priority: 'major',
  reporter: { nickname: 'ada', uuid: '{u1}' },
  assignee: null,
  updated_on: '2024-05-01T10:00:00Z',
  links: { html: { href: `https://bitbucket.test/myteam/website/issues/${id}` } },
  ...extra,
});
const disabled = { status: 404, body: { type: 'error', error: { message: 'Repository has no issue tracker.' } } };

test('issue list: open by default, filters combine into q; piped, TTY and --json', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: BASE,
      body: { values: [issue(1), issue(2, { state: 'open', assignee: { nickname: 'bob' } })] },
      check: ({ url }) => {
        assert.equal(url.searchParams.get('q'), '(state = "new" OR state = "open") AND kind = "bug" AND (title ~ "log\\"in" OR content.raw ~ "log\\"in")');
        assert.equal(url.searchParams.get('sort'), '-updated_on');
      },
    })
    .stub({ method: 'GET', path: BASE, body: { values: [issue(1)] }, check: ({ url }) => assert.equal(url.searchParams.get('q'), null) })
    .stub({ method: 'GET', path: BASE, body: { values: [issue(1)] } });
  const r = await runBb(['issue', 'list', ...R, '--kind', 'bug', '--search', 'log"in'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '#1\tIssue 1\tnew\tbug\tmajor\t\t2024-05-01T10:00:00Z\n#2\tIssue 2\topen\tbug\tmajor\tbob\t2024-05-01T10:00:00Z\n');
  const t = await runBb(['issue', 'list', ...R, '--state', 'all'], { fetch: reg.fetch, env, tty: true });
  assert.match(t.stdout, /^ID\s+TITLE\s+STATE\s+KIND\s+PRIORITY\s+ASSIGNEE\s+UPDATED\n#1\s+Issue 1\s+new/);
  const j = await runBb(['issue', 'list', ...R, '--json', 'id,title,state,assignee'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(j.stdout), [{ id: 1, title: 'Issue 1', state: 'new', assignee: null }]);
  reg.verify();
});

test('issue commands on a repository whose tracker is disabled: ISSUE_TRACKER_DISABLED with a hint', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: BASE, ...disabled }).stub({ method: 'POST', path: BASE, ...disabled });
  const r = await runBb(['issue', 'list', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2010 ISSUE_TRACKER_DISABLED: myteam\/website has no issue tracker \(it is disabled\)\nhint: .*Issues/m);
  const c = await runBb(['issue', 'create', ...R, '--title', 'x', '--json', 'id'], { fetch: reg.fetch, env });
  assert.equal(JSON.parse(c.stderr).error.name, 'ISSUE_TRACKER_DISABLED');
  reg.verify();
});

test('issue view: fields and body, comments; a missing issue is 2002 naming it', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${BASE}/7`, body: issue(7) })
    .stub({
      method: 'GET',
      path: `${BASE}/7/comments`,
      body: { values: [{ id: 1, content: { raw: 'Me too' }, user: { nickname: 'bob' }, created_on: '2024-05-02T00:00:00Z' }] },
    })
    .stub({ method: 'GET', path: `${BASE}/8`, status: 404, body: { type: 'error', error: { message: 'No Issue matches the given query.' } } });
  const r = await runBb(['issue', 'view', '#7', ...R, '--comments'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^title:\tIssue 7\nid:\t7\nstate:\tnew\nkind:\tbug/);
  assert.match(r.stdout, /\nIt breaks\.\n\n— bob \(2024-05-02T00:00:00Z\)\nMe too\n$/);
  const nf = await runBb(['issue', 'view', '8', ...R], { fetch: reg.fetch, env });
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: issue #8 not found in myteam\/website/m);
  reg.verify();
});

test('issue create / edit / close / reopen / comment send the right bodies; --dry-run sends nothing', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: BASE,
      status: 201,
      body: issue(9),
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { title: 'Broken', content: { raw: 'from stdin\n' }, kind: 'task', priority: 'critical' }),
    })
    .stub({ method: 'PUT', path: `${BASE}/9`, body: issue(9), check: ({ body }) => assert.deepEqual(JSON.parse(body), { title: 'Renamed', assignee: null }) })
    .stub({ method: 'PUT', path: `${BASE}/9`, body: issue(9), check: ({ body }) => assert.deepEqual(JSON.parse(body), { state: 'duplicate' }) })
    .stub({
      method: 'POST',
      path: `${BASE}/9/comments`,
      status: 201,
      body: { id: 3 },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { content: { raw: 'dup of #2' } }),
    })
    .stub({ method: 'PUT', path: `${BASE}/9`, body: issue(9), check: ({ body }) => assert.deepEqual(JSON.parse(body), { state: 'open' }) })
    .stub({ method: 'POST', path: `${BASE}/9/comments`, status: 201, body: { id: 4, links: { html: { href: 'https://bitbucket.test/c/4' } } } });
  const c = await runBb(['issue', 'create', ...R, '--title', 'Broken', '--body-file', '-', '--kind', 'task', '--priority', 'critical'], {
    fetch: reg.fetch,
    env,
    stdin: 'from stdin\n',
  });
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout, 'https://bitbucket.test/myteam/website/issues/9\n');
  const e = await runBb(['issue', 'edit', '9', ...R, '--title', 'Renamed', '--assignee', ''], { fetch: reg.fetch, env });
  assert.equal(e.code, 0, e.stderr);
  const cl = await runBb(['issue', 'close', '9', ...R, '--reason', 'duplicate', '--comment', 'dup of #2'], { fetch: reg.fetch, env });
  assert.equal(cl.code, 0, cl.stderr);
  assert.match(cl.stderr, /✓ Closed issue #9 \(duplicate\)/);
  const ro = await runBb(['issue', 'reopen', '9', ...R], { fetch: reg.fetch, env });
  assert.equal(ro.code, 0, ro.stderr);
  const cm = await runBb(['issue', 'comment', '9', ...R, '--body', 'thanks'], { fetch: reg.fetch, env });
  assert.equal(cm.stdout, 'https://bitbucket.test/c/4\n');
  reg.verify();

  const dry = await runBb(['issue', 'close', '9', ...R, '--comment', 'bye', '--dry-run'], { env: {} });
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /would send: PUT .*\/issues\/9\n[\s\S]*would send: POST .*\/issues\/9\/comments/);
  assert.match(dry.stdout, /required scopes: read:issue:bitbucket, write:issue:bitbucket/);
  const bad = await runBb(['issue', 'edit', '9', ...R], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /nothing to change/);
  const kind = await runBb(['issue', 'create', ...R, '--title', 'x', '--kind', 'chore'], { env });
  assert.match(kind.stderr, /^error 5002 INVALID_ARGUMENT: --kind chore: not one of bug, enhancement, proposal, task/m);
});

test('issue create: 403 names the scopes', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: BASE,
    status: 403,
    body: {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['write:issue:bitbucket'], granted: ['read:issue:bitbucket'] },
      },
    },
  });
  const r = await runBb(['issue', 'create', ...R, '--title', 'x'], { fetch: reg.fetch, env });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*write:issue:bitbucket/m);
  reg.verify();
});
