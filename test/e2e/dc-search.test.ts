import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * Issue 16: Data Center's code search (`POST /rest/search/latest/search`, not in the spec; see
 * src/sandbox/dc/handlers/search.ts for where its shape comes from) answered 404; it now searches the default branch of
 * the repositories the caller may read, with git. Error answers are checked against DC's error envelope when the
 * sandbox stops.
 */

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

describe('sandbox (Data Center): code search', () => {
  let sb: DcSandbox;
  const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-search-');
  });
  after(async () => {
    sb?.stop();
    await sb?.exited;
  });

  async function call(method: string, path: string, body?: unknown, auth = ADMIN): Promise<{ status: number; body: Json }> {
    const r = await fetch(`${sb.ready.url}${path}`, {
      method,
      headers: { Authorization: auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Json) : {} };
  }
  const search = (query: unknown, code: Json | null = {}, auth = ADMIN, version = 'latest') =>
    call('POST', `/rest/search/${version}/search`, { query, ...(code ? { entities: { code } } : {}), limits: { primary: 25, secondary: 10 } }, auth);
  const files = (r: { body: Json }) => r.body.code.values.map((v: Json) => `${v.repository.project.key}/${v.repository.slug}:${v.file}`);

  test('finds text and paths in the default branches, with highlighted hit contexts, as Bitbucket answers', async () => {
    const r = await search('health');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.scope, { type: 'GLOBAL' });
    assert.deepEqual(r.body.query, { substituted: false });
    const { values, ...page } = r.body.code;
    assert.deepEqual(page, { category: 'primary', isLastPage: true, count: 2, start: 0 });
    assert.deepEqual(files(r), ['ACME/api:docs/api.md', 'ACME/api:src/health.js']);
    const [doc, js] = values as [Json, Json];
    assert.equal(doc.repository.slug, 'api');
    assert.equal(doc.repository.project.key, 'ACME');
    assert.equal(doc.repository.scmId, 'git');
    // two lines of context before the match; the text is HTML, the match in <em>
    assert.deepEqual(doc.hitContexts, [
      [
        { line: 1, text: '# API' },
        { line: 2, text: '' },
        { line: 3, text: 'GET &#x2F;<em>health</em>' },
      ],
    ]);
    assert.equal(doc.hitCount, 1);
    assert.deepEqual(doc.pathMatches, []);
    // a match in the path only
    assert.deepEqual(js.hitContexts, []);
    assert.equal(js.hitCount, 0);
    assert.deepEqual(js.pathMatches, [{ text: 'src/' }, { text: 'health', match: true }, { text: '.js' }]);
    // the feature branch's files are not searched (src/login.js is only on feature/login)
    assert.equal((await search('login')).body.code.count, 0);
  });

  test('1.0 as latest; paging with entities.code start and limit; limits.primary as the limit', async () => {
    assert.deepEqual((await search('health', {}, ADMIN, '1.0')).body, (await search('health')).body);
    const first = await search('health', { limit: 1 });
    assert.deepEqual(files(first), ['ACME/api:docs/api.md']);
    assert.equal(first.body.code.isLastPage, false);
    assert.equal(first.body.code.nextStart, 1);
    assert.equal(first.body.code.count, 2);
    const second = await search('health', { start: 1, limit: 1 });
    assert.deepEqual(files(second), ['ACME/api:src/health.js']);
    assert.equal(second.body.code.isLastPage, true);
    assert.equal(second.body.code.nextStart, undefined);
    const primary = await call('POST', '/rest/search/latest/search', { query: 'health', entities: { code: {} }, limits: { primary: 1 } });
    assert.deepEqual(files(primary), ['ACME/api:docs/api.md']);
    // no code entity asked for: no code in the answer
    const none = await search('health', null);
    assert.equal(none.status, 200);
    assert.equal(none.body.code, undefined);
  });

  test('modifiers (repo:, project:, ext:), NOT, and HTML escaping of the file text', async () => {
    const web = await search('acme repo:ACME/web');
    assert.deepEqual(files(web), ['ACME/web:index.html']);
    assert.deepEqual(web.body.code.values[0].hitContexts, [[{ line: 1, text: '&lt;h1&gt;<em>Acme</em>&lt;&#x2F;h1&gt;' }]]);
    assert.deepEqual(files(await search('acme repo:web project:ACME')), ['ACME/web:index.html']);
    assert.equal((await search('health project:NOPE')).body.code.count, 0);
    assert.deepEqual(files(await search('health ext:md')), ['ACME/api:docs/api.md']);
    assert.deepEqual(files(await search('health NOT GET')), ['ACME/api:src/health.js']);
  });

  test('a request without a query is a 400 in DC’s envelope; GET is a 405', async () => {
    for (const body of [{ entities: { code: {} } }, { query: '', entities: { code: {} } }, { query: 'ext:md', entities: { code: {} } }]) {
      const r = await call('POST', '/rest/search/latest/search', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(typeof r.body.errors[0].message, 'string');
    }
    const bad = await search('health', { limit: -1 });
    assert.equal(bad.status, 400);
    assert.equal((await call('GET', '/rest/search/latest/search')).status, 405);
  });

  test('only repositories the caller may read are searched: the user’s permissions and the token’s cap', async () => {
    // a token bound to ACME/web reads nothing else
    const webOnly = await sb.mintToken({ user: 'admin', permissions: ['REPO_READ'], repo: 'ACME/web' });
    assert.equal((await search('health', {}, `Bearer ${webOnly}`)).body.code.count, 0);
    assert.deepEqual(files(await search('acme', {}, `Bearer ${webOnly}`)), ['ACME/web:index.html']);

    // dev reads ACME/api by its own permission and ACME/web through the project; without the project's, only api
    const dev = await sb.mintToken({ user: 'dev', permissions: ['PROJECT_READ', 'REPO_READ'] });
    assert.deepEqual(files(await search('acme', {}, `Bearer ${dev}`)), ['ACME/web:index.html']);
    const revoke = await call('DELETE', '/rest/api/latest/projects/ACME/permissions/users?name=dev');
    assert.equal(revoke.status, 204);
    assert.equal((await search('acme', {}, `Bearer ${dev}`)).body.code.count, 0);
    assert.deepEqual(files(await search('health', {}, `Bearer ${dev}`)), ['ACME/api:docs/api.md', 'ACME/api:src/health.js']);
  });
});
