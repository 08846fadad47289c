import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BbError } from '../core/errors.js';
import { HttpTransport } from './http.js';
import { maxPagelen, PAGE_CONCURRENCY, paginate } from './paginate.js';

const BASE = 'https://api.bitbucket.test/2.0';

function pages(answers: Array<{ values?: unknown[]; next?: string } | string>) {
  const urls: URL[] = [];
  const http = new HttpTransport({
    baseUrl: BASE,
    userAgent: 'bb/t',
    fetch: (async (url: URL) => {
      urls.push(new URL(String(url)));
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected ${url}`);
      return new Response(typeof a === 'string' ? a : JSON.stringify(a), { status: 200 });
    }) as unknown as typeof fetch,
  });
  return { http, urls };
}

test('follows next until the end, keeping the query and asking for the largest useful page', async () => {
  const { http, urls } = pages([{ values: [1, 2], next: `${BASE}/repositories/ws?page=2&pagelen=100&q=x` }, { values: [3] }]);
  const items = await paginate<number>(http, '/repositories/{workspace}', { workspace: 'ws' }, { q: 'x', role: undefined, sort: '' }, { all: true });
  assert.deepEqual(items, [1, 2, 3]);
  assert.equal(urls[0]?.pathname, '/2.0/repositories/ws');
  assert.equal(urls[0]?.searchParams.get('q'), 'x');
  assert.equal(urls[0]?.searchParams.get('pagelen'), '100');
  assert.ok(!urls[0]?.searchParams.has('role') && !urls[0]?.searchParams.has('sort'), 'empty query values are left out');
  assert.equal(urls[1]?.searchParams.get('page'), '2');
});

test('stops at --limit, and pagelen = min(limit, endpoint max)', async () => {
  const a = pages([{ values: [1, 2, 3], next: `${BASE}/repositories/ws?page=2` }]);
  assert.deepEqual(await paginate(a.http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { limit: 3 }), [1, 2, 3]);
  assert.equal(a.urls.length, 1, 'no second page once the limit is reached');
  assert.equal(a.urls[0]?.searchParams.get('pagelen'), '3');

  const b = pages([{ values: Array.from({ length: 50 }, (_, i) => i), next: `${BASE}/repositories/ws/r/pullrequests?page=2` }, { values: [50, 51] }]);
  const prs = await paginate(b.http, '/repositories/{workspace}/{repo_slug}/pullrequests', { workspace: 'ws', repo_slug: 'r' }, {}, { limit: 52 });
  assert.equal(prs.length, 52);
  assert.equal(b.urls[0]?.searchParams.get('pagelen'), '50', 'pull requests accept at most 50');
  assert.equal(maxPagelen('/repositories/{workspace}/{repo_slug}/pullrequests'), 50);
  assert.equal(maxPagelen('/repositories/{workspace}'), 100);

  const c = pages([{ values: Array.from({ length: 40 }, (_, i) => i), next: `${BASE}/repositories/ws?page=2` }]);
  assert.equal((await paginate(c.http, '/repositories/{workspace}', { workspace: 'ws' }, {}, {})).length, 30, 'default: 30 items');
  assert.equal(c.urls[0]?.searchParams.get('pagelen'), '30');

  const d = pages([{ values: [1], next: `${BASE}/repositories/ws?page=2` }, { values: [2], next: `${BASE}/repositories/ws?page=3` }, { values: [3] }]);
  assert.deepEqual(await paginate(d.http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { all: true, limit: 1 }), [1, 2, 3], '--all wins');
  assert.equal(d.urls[0]?.searchParams.get('pagelen'), '100');
});

test('refuses a next link on another origin, and an answer that is not a page', async () => {
  const a = pages([{ values: [1], next: 'https://evil.example/2.0/repositories/ws?page=2' }]);
  await assert.rejects(
    paginate(a.http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { all: true }),
    (e: BbError) => e.errorName === 'API_BAD_RESPONSE' && /evil\.example/.test(e.message),
  );
  assert.equal(a.urls.length, 1);
  const b = pages([{ nope: true } as never]);
  await assert.rejects(paginate(b.http, '/repositories/{workspace}', { workspace: 'ws' }, {}, {}), (e: BbError) => e.errorName === 'API_BAD_RESPONSE');
});

test('path parameters are URL-encoded from the template', async () => {
  const { http, urls } = pages([{ values: [] }]);
  await paginate(http, '/repositories/{workspace}/{repo_slug}/refs/branches', { workspace: 'w s', repo_slug: '{uuid}' }, {}, {});
  assert.equal(urls[0]?.pathname, '/2.0/repositories/w%20s/%7Buuid%7D/refs/branches');
});

test('numbered pages: once the first page tells the size, the rest come in parallel, in order, bounded', async () => {
  const requested: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const http = new HttpTransport({
    baseUrl: BASE,
    userAgent: 'bb/t',
    fetch: (async (url: URL) => {
      const u = new URL(String(url));
      const n = Number(u.searchParams.get('page') ?? 1);
      requested.push(n);
      inFlight++;
      peak = Math.max(peak, inFlight);
      // later pages answer sooner: order must come from the page numbers, not arrival
      await new Promise((r) => setTimeout(r, 30 - n));
      inFlight--;
      const values = Array.from({ length: n === 25 ? 3 : 10 }, (_, i) => (n - 1) * 10 + i);
      const next = n < 25 ? `${BASE}/repositories/ws?pagelen=10&page=${n + 1}&fields=${encodeURIComponent(u.searchParams.get('fields') ?? '')}` : undefined;
      return new Response(JSON.stringify({ size: 243, page: n, pagelen: 10, values, ...(next ? { next } : {}) }), { status: 200 });
    }) as unknown as typeof fetch,
  });
  const items = await paginate<number>(http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { all: true, fields: ['id', 'name'] });
  assert.deepEqual(
    items,
    Array.from({ length: 243 }, (_, i) => i),
  );
  assert.equal(requested.length, 25, 'each page once');
  assert.equal(requested[0], 1);
  assert.ok(peak <= PAGE_CONCURRENCY && peak > 1, `bounded concurrency (peak ${peak})`);

  requested.length = 0;
  const some = await paginate<number>(http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { limit: 35 });
  assert.equal(some.length, 35);
  assert.deepEqual(
    requested.sort((a, b) => a - b),
    [1, 2, 3, 4],
    'no page past the limit',
  );
});

test('fields= asks for the envelope and the named item fields', async () => {
  const { http, urls } = pages([{ values: [] }]);
  await paginate(http, '/repositories/{workspace}', { workspace: 'ws' }, {}, { fields: ['id', 'author.nickname'] });
  assert.equal(urls[0]?.searchParams.get('fields'), 'next,page,pagelen,size,values.id,values.author.nickname');
});
