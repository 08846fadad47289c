import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type SandboxProcess, startSandbox } from '../support/sandbox.js';

/**
 * Issue 16: what the Cloud sandbox answered 501 or wrongly and now answers as Bitbucket does — `GET …/refs` (branches and
 * tags together, natural order on `sort=name`), a repository's `size` (bytes of its git objects, never a constant 0) and
 * code search (`GET /workspaces/{workspace}/search/code`). Every JSON answer is checked against the spec's schemas when
 * the sandbox stops (test/support/conformance.ts).
 */

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers (their shape is checked by the conformance check)
type Json = Record<string, any>;

describe('sandbox (Cloud): refs, repository size, code search', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.stop());

  async function get(path: string, init: { token?: string; bearer?: boolean } = {}): Promise<{ status: number; body: Json }> {
    const r = await sb.api(path, init);
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Json) : {} };
  }

  async function send(method: string, path: string, body: unknown): Promise<Json> {
    const r = await sb.api(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${text}`);
    return text ? (JSON.parse(text) as Json) : {};
  }

  /** A commit of files on a repository's main branch through `POST src` (form fields: a path and its content). */
  async function commitFiles(repo: string, files: Record<string, string>): Promise<void> {
    const r = await sb.api(`/repositories/${repo}/src`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...files, message: 'e2e: files for search' }).toString(),
    });
    assert.equal(r.status, 201, await r.text());
  }

  test('GET refs lists branches then tags (git show-ref order), filters with q and pages', async () => {
    const all = await get('/repositories/acme/web/refs?pagelen=100');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const names = all.body.values.map((v: Json) => `${v.type}:${v.name}`);
    assert.deepEqual(names, ['branch:feature/login', 'branch:main', 'tag:v1.0.0']);
    assert.equal(all.body.size, 3);
    const tag = all.body.values[2];
    assert.match(tag.target.hash, /^[0-9a-f]{40}$/);
    assert.equal(tag.links.self.href, `${sb.url}/repositories/acme/web/refs/tags/v1.0.0`);

    const tags = await get(`/repositories/acme/web/refs?q=${encodeURIComponent('type = "tag"')}`);
    assert.deepEqual(
      tags.body.values.map((v: Json) => v.name),
      ['v1.0.0'],
    );
    const first = await get('/repositories/acme/web/refs?pagelen=1');
    assert.equal(first.body.values.length, 1);
    assert.equal(first.body.size, 3);
    assert.match(first.body.next, /page=2/);
  });

  test('sort=name is natural order on refs, branches and tags; without sort, git order', async () => {
    const main = (await get('/repositories/acme/api/refs/branches/main')).body.target.hash as string;
    for (const name of ['v9', 'v10', 'v1.2', 'v1.10']) await send('POST', '/repositories/acme/api/refs/tags', { name, target: { hash: main } });
    for (const name of ['release2', 'release10']) await send('POST', '/repositories/acme/api/refs/branches', { name, target: { hash: main } });
    const q = `q=${encodeURIComponent('name ~ "v1" OR name ~ "v9" OR name ~ "release"')}`;
    const natural = await get(`/repositories/acme/api/refs?${q}&sort=name&pagelen=50`);
    assert.deepEqual(
      natural.body.values.map((v: Json) => v.name),
      ['release2', 'release10', 'v1.2', 'v1.10', 'v9', 'v10'],
    );
    const reversed = await get(`/repositories/acme/api/refs?${q}&sort=-name&pagelen=50`);
    assert.deepEqual(
      reversed.body.values.map((v: Json) => v.name),
      ['v10', 'v9', 'v1.10', 'v1.2', 'release10', 'release2'],
    );
    const gitOrder = await get(`/repositories/acme/api/refs?${q}&pagelen=50`);
    assert.deepEqual(
      gitOrder.body.values.map((v: Json) => v.name),
      ['release10', 'release2', 'v1.10', 'v1.2', 'v10', 'v9'],
    );
    const tags = await get('/repositories/acme/api/refs/tags?sort=name&q=name%20~%20%22v1%22');
    assert.deepEqual(
      tags.body.values.map((v: Json) => v.name),
      ['v1.2', 'v1.10', 'v10'],
    );
    const branches = await get('/repositories/acme/api/refs/branches?sort=name&q=name%20~%20%22release%22');
    assert.deepEqual(
      branches.body.values.map((v: Json) => v.name),
      ['release2', 'release10'],
    );
  });

  test('GET refs needs read:repository (the spec’s scope), and a missing repository is a 404', async () => {
    const { token: prOnly } = await sb.mintToken({ scopes: ['read:pullrequest:bitbucket'] });
    assert.equal((await get('/repositories/acme/web/refs', { token: prOnly })).status, 403);
    const { token: repoRead } = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
    assert.equal((await get('/repositories/acme/web/refs', { token: repoRead })).status, 200);
    const missing = await get('/repositories/acme/nope/refs');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'error');
  });

  test('a repository’s size is the bytes of its git objects, and grows with what is pushed', async () => {
    const before = await get('/repositories/acme/web');
    assert.equal(before.status, 200);
    const size0 = before.body.size as number;
    assert.ok(Number.isInteger(size0) && size0 > 0, `size ${size0}`);
    assert.equal(size0 % 1024, 0, 'git counts KiB');
    const empty = await get('/repositories/acme/docs');
    assert.equal(empty.body.size, 0, 'an empty repository has no objects');

    // 256 KiB of base64 of random bytes: 192 KiB of entropy, which zlib cannot squeeze below
    await commitFiles('acme/web', { 'assets/blob.bin': randomBytes(192 * 1024).toString('base64') });
    const after1 = (await get('/repositories/acme/web')).body.size as number;
    assert.ok(after1 >= size0 + 150 * 1024, `${size0} → ${after1}`);
    const listed = await get('/repositories/acme?pagelen=100');
    const web = listed.body.values.find((r: Json) => r.full_name === 'acme/web');
    assert.equal(web.size, after1, 'the listing says what the repository says');
  });

  test('code search finds text in the main branch of the workspace’s repositories, with the matching lines', async () => {
    await commitFiles('acme/api', {
      'lib/needle.ts': 'export const a = 1;\n// the zebraquill lives here\nexport const b = 2;\n\nconst ZEBRAQUILL = 3;\n',
      'docs/zebraquill.md': '# notes\n',
    });
    const r = await get(`/workspaces/acme/search/code?search_query=${encodeURIComponent('zebraquill')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.size, 2);
    assert.equal(r.body.page, 1);
    assert.equal(r.body.query_substituted, false);
    const [doc, code] = r.body.values as [Json, Json];
    assert.equal(doc.file.path, 'docs/zebraquill.md');
    assert.equal(doc.content_match_count, 0);
    assert.deepEqual(doc.path_matches, [{ text: 'docs/' }, { text: 'zebraquill', match: true }, { text: '.md' }]);
    assert.equal(code.type, 'code_search_result');
    assert.equal(code.file.type, 'commit_file');
    assert.equal(code.file.path, 'lib/needle.ts');
    assert.equal(code.file.commit.repository.full_name, 'acme/api');
    assert.match(code.file.links.self.href, new RegExp(`/2\\.0/repositories/acme/api/src/${code.file.commit.hash}/lib/needle\\.ts$`));
    assert.equal(code.content_match_count, 2);
    assert.deepEqual(code.path_matches, []);
    // each match with one line either side, overlapping groups joined; an empty line has no segments
    assert.deepEqual(code.content_matches, [
      {
        lines: [
          { line: 1, segments: [{ text: 'export const a = 1;' }] },
          { line: 2, segments: [{ text: '// the ' }, { text: 'zebraquill', match: true }, { text: ' lives here' }] },
          { line: 3, segments: [{ text: 'export const b = 2;' }] },
          { line: 4, segments: [] },
          { line: 5, segments: [{ text: 'const ' }, { text: 'ZEBRAQUILL', match: true }, { text: ' = 3;' }] },
        ],
      },
    ]);
    // the fetched file is the one found
    const raw = await sb.api(new URL(code.file.links.self.href).pathname.replace(/^\/2\.0/, ''));
    assert.match(await raw.text(), /zebraquill lives here/);
  });

  test('code search: modifiers, NOT, OR, paging, and a query that is missing', async () => {
    const q = async (query: string, extra = '') => get(`/workspaces/acme/search/code?search_query=${encodeURIComponent(query)}${extra}`);
    const paths = (r: { body: Json }) => r.body.values.map((v: Json) => `${v.file.commit.repository.full_name}:${v.file.path}`);
    assert.deepEqual(paths(await q('zebraquill ext:ts')), ['acme/api:lib/needle.ts']);
    assert.deepEqual(paths(await q('zebraquill path:docs')), ['acme/api:docs/zebraquill.md']);
    assert.deepEqual(paths(await q('zebraquill repo:web')), []);
    assert.deepEqual(paths(await q('zebraquill NOT lives')), ['acme/api:docs/zebraquill.md']);
    assert.deepEqual(paths(await q('zebraquill -lives')), ['acme/api:docs/zebraquill.md']);
    assert.deepEqual(paths(await q('"Welcome to Acme" OR timeoutSeconds')), ['acme/web:src/index.js']);
    assert.deepEqual(paths(await q('welcome acme')), ['acme/web:src/index.js']);
    const page2 = await q('zebraquill', '&pagelen=1&page=2');
    assert.deepEqual(paths(page2), ['acme/api:lib/needle.ts']);
    assert.equal(page2.body.size, 2);
    assert.match(page2.body.previous, /page=1/);
    assert.equal(page2.body.next, undefined);

    for (const bad of ['', '   ', 'ext:ts', 'NOT zebraquill']) {
      const r = await q(bad);
      assert.equal(r.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.type, 'error');
    }
    assert.equal((await get('/workspaces/acme/search/code')).status, 400);
    assert.equal((await get('/workspaces/nowhere/search/code?search_query=x')).status, 404);
  });

  test('code search honours scopes and repository permissions: a repository the user cannot read is not searched', async () => {
    const { token: prOnly } = await sb.mintToken({ scopes: ['read:pullrequest:bitbucket'] });
    assert.equal((await get('/workspaces/acme/search/code?search_query=zebraquill', { token: prOnly })).status, 403);

    // a project only dev may use, with a private repository in it
    await send('POST', '/workspaces/acme/projects', { key: 'SEC', name: 'Secret', is_private: true });
    const dev = (await get('/user')).body.uuid as string;
    await send('PUT', `/workspaces/acme/projects/SEC/permissions-config/users/${encodeURIComponent(dev)}`, { permission: 'admin' });
    await send('POST', '/repositories/acme/vault', { scm: 'git', is_private: true, project: { key: 'SEC' } });
    await commitFiles('acme/vault', { 'secret.txt': 'the zebraquill password\n' });

    const mine = await get('/workspaces/acme/search/code?search_query=password');
    assert.deepEqual(
      mine.body.values.map((v: Json) => v.file.commit.repository.full_name),
      ['acme/vault'],
    );
    const { token: alex } = await sb.mintToken({ scopes: ['read:repository:bitbucket'], user: 'alex' });
    const theirs = await get('/workspaces/acme/search/code?search_query=password', { token: alex, bearer: true });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    assert.equal(theirs.body.size, 0);
    assert.deepEqual(theirs.body.values, []);
  });
});
