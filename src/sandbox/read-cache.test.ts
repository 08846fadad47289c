/**
 * P2 (issue 18), the sandbox side: per-page work independent of the list's length. Behaviour, not timing:
 * counted computations and git processes, and answers that follow writes and pushes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDcSandbox } from './dc/index.js';
import { gitInvocations } from './git.js';
import { startSandbox } from './index.js';
import { readCacheMisses } from './read-cache.js';

type Page = { values: Array<Record<string, unknown>>; size?: number; next?: string };

test('pull request list: the pages of one list refresh and sort the records once; a write starts over; pages as before', async () => {
  const h = await startSandbox();
  try {
    const auth = { Authorization: `Bearer ${h.token}` };
    const get = async (path: string) => {
      const r = await fetch(`${h.url}${path}`, { headers: auth });
      assert.equal(r.status, 200, path);
      return (await r.json()) as Page;
    };
    const seeded = await fetch(`${h.admin}/seed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ repo: 'acme/api', pullrequests: 120 }),
    });
    assert.equal(seeded.status, 201);
    const list = '/repositories/acme/api/pullrequests?state=OPEN&sort=-updated_on&pagelen=50';
    const first = await get(`${list}&page=1`);
    const missesAfterFirst = readCacheMisses();
    // behind the sandbox's back (no request, no push): the source branch of the oldest bulk pull request appears at
    // main's head, and main moves on by a commit — a refresh would find that pull request merged by a push (its
    // commits all in main) and drop it from the open list
    const repo = h.sandbox.store.repository('acme', 'api');
    assert.ok(repo);
    const git = h.sandbox.git(repo);
    const main = `refs/heads/${repo.mainbranch}`;
    await git.git(['update-ref', 'refs/heads/bulk/1', main]);
    const next = (await git.git(['commit-tree', `${main}^{tree}`, '-p', main, '-m', 'behind the back'])).trim();
    await git.git(['update-ref', main, next]);
    const rest = [await get(`${list}&page=2`), await get(`${list}&page=3`)];
    assert.equal(readCacheMisses(), missesAfterFirst, 'pages 2 and 3 computed nothing: the first page refreshed and sorted the list');
    assert.deepEqual(
      rest.map((p) => p.size),
      [first.size, first.size],
      'the pages of one list are one snapshot: nothing was refreshed for pages 2 and 3',
    );
    const ids = [first, ...rest].flatMap((p) => p.values.map((v) => v.id as number));
    assert.equal(ids.length, first.size);
    assert.equal(new Set(ids).size, ids.length, 'no pull request on two pages');
    const updated = [first, ...rest].flatMap((p) => p.values.map((v) => v.updated_on as string));
    assert.deepEqual(updated, [...updated].sort().reverse(), 'newest activity first across the pages');
    assert.equal(rest[1]?.next, undefined);

    // a write (decline the newest): the next page recomputes, and the list no longer has it
    const newest = ids[0] as number;
    const declined = await fetch(`${h.url}/repositories/acme/api/pullrequests/${newest}/decline`, { method: 'POST', headers: auth });
    assert.equal(declined.status, 200);
    const again = await get(`${list}&page=1`);
    assert.ok(readCacheMisses() > missesAfterFirst, 'the write made the cached list stale');
    assert.ok(!again.values.some((v) => v.id === newest), 'the declined pull request left the open list');
    // and the refresh it ran found the branch moved behind its back: that pull request is merged now
    assert.equal(again.size, (first.size ?? 0) - 2);
  } finally {
    await h.close();
  }
});

test('a pull request from a fork: reads start no git process; a push to the fork (a write) is fetched on the next read', async () => {
  const h = await startSandbox();
  try {
    const auth = { Authorization: `Bearer ${h.token}` };
    const get = async (path: string) => {
      const r = await fetch(`${h.url}${path}`, { headers: auth });
      assert.equal(r.status, 200, path);
      return (await r.json()) as Record<string, unknown> & Page;
    };
    const open = await get('/repositories/acme/web/pullrequests?pagelen=50');
    const forkPr = open.values.find((p) => (p.source as { repository?: { full_name?: string } }).repository?.full_name === 'dev/web-fork');
    assert.ok(forkPr, 'the demo has a pull request from dev/web-fork');
    const path = `/repositories/acme/web/pullrequests/${forkPr.id}`;
    const before = await get(path); // the first read after the start may sync the fork
    const n = gitInvocations();
    for (let i = 0; i < 3; i++) await get(path);
    await get('/repositories/acme/web/pullrequests?pagelen=50');
    assert.equal(gitInvocations(), n, 'no git process (fetch or rev-parse) for reads of a fork pull request');

    // a commit on the fork's branch (a write through the API): the next read fetches it
    const form = new FormData();
    form.set('message', 'More notes');
    form.set('branch', 'docs/contributing');
    form.set('NOTES.md', 'more\n');
    const committed = await fetch(`${h.url}/repositories/dev/web-fork/src`, { method: 'POST', headers: auth, body: form });
    assert.equal(committed.status, 201, await committed.text());
    const fork = await get('/repositories/dev/web-fork/refs/branches/docs%2Fcontributing');
    const head = (fork.target as { hash: string }).hash;
    assert.notEqual(head, (before.source as { commit: { hash: string } }).commit.hash);
    const after = await get(path);
    assert.equal((after.source as { commit: { hash: string } }).commit.hash.slice(0, 12), head.slice(0, 12), 'the pull request follows the fork');
    assert.ok(gitInvocations() > n);
  } finally {
    await h.close();
  }
});

test('repository list: pages of records sorted as the JSON sorts them (every record sort key), as with a q= filter', async () => {
  const h = await startSandbox();
  try {
    const auth = { Authorization: `Bearer ${h.token}` };
    const ids = async (query: string) => {
      const r = await fetch(`${h.url}/repositories/acme?${query}`, { headers: auth });
      assert.equal(r.status, 200, query);
      const p = (await r.json()) as Page & { page: number; pagelen: number };
      return { names: p.values.map((v) => v.full_name), size: p.size, next: p.next !== undefined };
    };
    for (const sort of ['', 'name', '-name', 'slug', 'full_name', '-full_name', 'created_on', '-updated_on', 'updated_on']) {
      for (const pg of [1, 2]) {
        // q=name!="" matches every repository and takes the render-everything path: the same answer
        const paged = await ids(`pagelen=2&page=${pg}${sort ? `&sort=${sort}` : ''}`);
        const rendered = await ids(`pagelen=2&page=${pg}${sort ? `&sort=${sort}` : ''}&q=${encodeURIComponent('name != ""')}`);
        assert.deepEqual(paged, rendered, `sort=${sort} page=${pg}`);
      }
    }
  } finally {
    await h.close();
  }
});

test('Data Center sandbox: a bounded request log; GET /_sandbox/requests says how many were dropped; DELETE resets it', async () => {
  const h = await startDcSandbox({ requestLogSize: 2 });
  try {
    const auth = { Authorization: `Bearer ${h.token}` };
    for (const path of ['/rest/api/latest/projects', '/rest/api/latest/repos', '/rest/api/latest/users', '/rest/api/latest/projects'])
      await fetch(`${h.url}${path}`, { headers: auth }).then((r) => r.arrayBuffer());
    const r = await fetch(`${h.admin}/requests`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-sandbox-requests-dropped'), '2');
    assert.equal(r.headers.get('x-sandbox-requests-limit'), '2');
    const log = (await r.json()) as Array<{ method: string; path: string; operation: string | null; status: number }>;
    assert.deepEqual(
      log.map((e) => e.path),
      ['/rest/api/latest/users', '/rest/api/latest/projects'],
    );
    assert.equal(log[1]?.method, 'GET');
    assert.equal(h.server.requests.length, 2);
    assert.equal((await fetch(`${h.admin}/requests`, { method: 'DELETE' })).status, 204);
    const cleared = await fetch(`${h.admin}/requests`);
    assert.equal(cleared.headers.get('x-sandbox-requests-dropped'), '0');
    assert.deepEqual(await cleared.json(), []);
  } finally {
    await h.close();
  }
});
