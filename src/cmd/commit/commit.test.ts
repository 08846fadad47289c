import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { ada, API, ENV, page } from '../pr/test-fixtures.js';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);
const c1 = {
  hash: H1,
  message: 'Add login\n\nLonger text.\n',
  date: '2026-11-27T10:00:00Z',
  author: { raw: 'Ada Lovelace <ada@example.com>', user: ada },
  parents: [{ hash: H2 }],
  links: { html: { href: `https://bitbucket.org/acme/web/commits/${H1}` } },
};
const c2 = { hash: H2, message: 'Initial', date: '2026-11-26T10:00:00Z', author: { raw: 'Zed <z@example.com>' }, parents: [] };

test('commit list: --branch uses commits/{revision}; table, piped and JSON', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: `${API}/commits/feature%2Flogin`,
      body: page([c1, c2]),
      check: ({ url }) => assert.equal(url.searchParams.get('exclude'), 'main'),
    })
    .stub({ method: 'GET', path: `${API}/commits`, body: page([c1, c2]), check: ({ url }) => assert.equal(url.searchParams.get('pagelen'), '2') })
    .stub({ method: 'GET', path: `${API}/commits`, body: page([c1]) });
  const t = await runBb(['commit', 'list', '--branch', 'feature/login', '--exclude', 'main'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^COMMIT\s+SUBJECT\s+AUTHOR\s+DATE\naaaaaaa\s+Add login\s+ada\s+.+\nbbbbbbb\s+Initial\s+Zed\s+/);
  const p = await runBb(['commit', 'list', '-L', '2'], { fetch: reg.fetch, env: ENV });
  assert.equal(p.stdout, `${H1}\tAdd login\tada\t2026-11-27T10:00:00Z\n${H2}\tInitial\tZed\t2026-11-26T10:00:00Z\n`);
  const j = await runBb(['commit', 'list', '--json', 'shortHash,subject,parents'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(j.stdout), [{ shortHash: 'aaaaaaa', subject: 'Add login', parents: [H2] }]);
  reg.verify();
});

test('commit view: terminal, piped, JSON, --web; unknown commit is 2002', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${API}/commit/aaaaaaa`, body: c1 })
    .stub({ method: 'GET', path: `${API}/commit/aaaaaaa`, body: c1 })
    .stub({ method: 'GET', path: `${API}/commit/aaaaaaa`, body: c1 })
    .stub({ method: 'GET', path: `${API}/commit/aaaaaaa`, body: c1 })
    .stub({ method: 'GET', path: `${API}/commit/nope`, status: 404, body: { type: 'error', error: { message: 'Commit not found' } } });
  const t = await runBb(['commit', 'view', 'aaaaaaa'], { fetch: reg.fetch, env: ENV, tty: true });
  assert.match(
    t.stdout,
    new RegExp(
      `^commit ${H1}\\nAuthor: Ada Lovelace <ada@example.com>\\nDate: {3}2026-11-27T10:00:00Z \\(.+\\)\\n\\n {4}Add login\\n {4}\\n {4}Longer text\\.\\n\\n`,
    ),
  );
  const p = await runBb(['commit', 'view', 'aaaaaaa'], { fetch: reg.fetch, env: ENV });
  assert.equal(
    p.stdout,
    `commit:\t${H1}\nauthor:\tAda Lovelace <ada@example.com>\ndate:\t2026-11-27T10:00:00Z\nparents:\t${H2}\nurl:\thttps://bitbucket.org/acme/web/commits/${H1}\n--\nAdd login\n\nLonger text.\n`,
  );
  const j = await runBb(['commit', 'view', 'aaaaaaa', '--json', 'hash,author'], { fetch: reg.fetch, env: ENV });
  assert.deepEqual(JSON.parse(j.stdout), { hash: H1, author: 'Ada Lovelace <ada@example.com>' });
  const w = await runBb(['commit', 'view', 'aaaaaaa', '--web'], { fetch: reg.fetch, env: { ...ENV, BROWSER: 'true' } });
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stderr, /Opening https:\/\/bitbucket\.org\/acme\/web\/commits\/a+ in your browser/);
  const n = await runBb(['commit', 'view', 'nope'], { fetch: reg.fetch, env: ENV });
  assert.equal(n.code, 1);
  assert.match(n.stderr, /^error 2002 API_NOT_FOUND: commit nope not found in acme\/web/);
  reg.verify();
});
