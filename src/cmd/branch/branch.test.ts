import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { ada, API, ENV, page } from '../pr/test-fixtures.js';

const H = 'd'.repeat(40);
const ref = (name: string) => ({
  name,
  type: 'branch',
  target: { hash: H, date: '2026-11-27T10:00:00Z', message: 'Tip\n', author: { raw: 'Ada <a@x>', user: ada } },
});

test('branch list: table, piped, JSON; --search filters on the server', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${API}/refs/branches`, body: page([ref('main'), ref('feature/login')]) })
    .stub({
      method: 'GET',
      path: `${API}/refs/branches`,
      body: page([ref('feature/login')]),
      check: ({ url }) => assert.equal(url.searchParams.get('q'), 'name ~ "login"'),
    })
    .stub({ method: 'GET', path: `${API}/refs/branches`, body: page([ref('main')]) });
  const t = await runBb(['branch', 'list'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.match(t.stdout, /^NAME\s+COMMIT\s+AUTHOR\s+UPDATED\nmain\s+ddddddd\s+ada\s+.+\nfeature\/login\s+ddddddd/);
  const p = await runBb(['branch', 'list', '--search', 'login'], { fetch: reg.fetch, env: ENV });
  assert.equal(p.stdout, `feature/login\t${H}\tada\t2026-11-27T10:00:00Z\n`);
  const j = await runBb(['branch', 'list', '--json', 'name,commit,commitSubject'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(j.stdout), [{ name: 'main', commit: H, commitSubject: 'Tip' }]);
  reg.verify();
});

test('branch create: --from resolved to a hash (default: the main branch); --dry-run sends no write', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: API, body: { mainbranch: { name: 'main' } } })
    .stub({ method: 'GET', path: `${API}/commit/main`, body: { hash: H } })
    .stub({
      method: 'POST',
      path: `${API}/refs/branches`,
      status: 201,
      body: ref('topic'),
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { name: 'topic', target: { hash: H } }),
    });
  const r = await runBb(['branch', 'create', 'topic'], { fetch: reg.fetch, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Created branch topic at ddddddd in acme\/web/);
  reg.verify();
  const none = new FetchRegistry();
  const d = await runBb(['branch', 'create', 'topic', '--from', H, '--dry-run'], { fetch: none.fetch, env: ENV });
  assert.equal(d.code, 0);
  assert.match(d.stdout, /"hash": "d{40}"/);
  assert.equal(none.requests.length, 0);
  const reg2 = new FetchRegistry().stub({ method: 'GET', path: `${API}/commit/nope`, status: 404, body: {} });
  const bad = await runBb(['branch', 'create', 'x', '--from', 'nope'], { fetch: reg2.fetch, env: ENV });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error 2002 API_NOT_FOUND: no branch, tag or commit "nope" in acme\/web/);
});

test('branch delete: --yes needed without a terminal; a missing branch is 2002', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'DELETE', path: `${API}/refs/branches/old`, status: 204 })
    .stub({ method: 'DELETE', path: `${API}/refs/branches/gone`, status: 404, body: {} });
  const no = await runBb(['branch', 'delete', 'old'], { fetch: reg.fetch, env: ENV });
  assert.equal(no.code, 2);
  const ok = await runBb(['branch', 'delete', 'old', '--yes'], { fetch: reg.fetch, env: ENV });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /✓ Deleted branch old from acme\/web/);
  const gone = await runBb(['branch', 'delete', 'gone', '-y'], { fetch: reg.fetch, env: ENV });
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: no branch gone in acme\/web/);
  reg.verify();
});
