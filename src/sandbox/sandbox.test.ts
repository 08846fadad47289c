import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkScopes } from './auth.js';
import { FaultInjector, parseFaults } from './faults.js';
import { applyFields, filterItems, sortItems } from './query.js';
import { Router } from './router.js';

test('router: literal segments win over params; greedy trailing names; unknown paths', () => {
  const r = new Router();
  assert.deepEqual(r.match('GET', '/repositories/acme/web/refs/branches'), {
    operation: 'GET /repositories/{workspace}/{repo_slug}/refs/branches',
    params: { workspace: 'acme', repo_slug: 'web' },
  });
  assert.deepEqual(r.match('GET', '/repositories/acme/web/refs/branches/feature/x'), {
    operation: 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}',
    params: { workspace: 'acme', repo_slug: 'web', name: 'feature/x' },
  });
  assert.equal((r.match('GET', '/repositories/acme/web/refs/branches/feature%2Fx') as { params: Record<string, string> }).params.name, 'feature/x');
  assert.equal(r.match('GET', '/nope/at/all'), undefined);
  assert.deepEqual(r.match('PATCH', '/user'), { methods: ['GET'] });
});

test('scopes: granular alternatives, legacy implications, all', () => {
  const now = new Date().toISOString();
  const g = (scopes: string[]) => ({ user: 'u', kind: 'granular' as const, scopes, created_on: now });
  assert.equal(checkScopes(g(['read:user:bitbucket']), 'GET /user').ok, true);
  assert.deepEqual(checkScopes(g([]), 'GET /user'), { ok: false, required: ['read:user:bitbucket'], granted: [] });
  // granular scopes imply nothing
  assert.equal(checkScopes(g(['write:repository:bitbucket']), 'GET /repositories/{workspace}/{repo_slug}').ok, false);
  const legacy = { user: 'u', kind: 'legacy' as const, scopes: ['pullrequest:write'], created_on: now };
  assert.equal(checkScopes(legacy, 'GET /repositories/{workspace}/{repo_slug}').ok, true);
  assert.equal(checkScopes(legacy, 'DELETE /repositories/{workspace}/{repo_slug}').ok, false);
  assert.equal(checkScopes({ user: 'u', kind: 'all', scopes: [], created_on: now }, 'DELETE /repositories/{workspace}/{repo_slug}').ok, true);
});

test('q, sort and fields', () => {
  const items = [
    { name: 'main', target: { date: '2024-01-02T00:00:00Z' }, tags: [{ n: 'a' }] },
    { name: 'feature/login', target: { date: '2024-01-03T00:00:00Z' }, tags: [{ n: 'b' }] },
    { name: 'fix', target: { date: '2024-01-01T00:00:00Z' }, tags: [] },
  ];
  assert.deepEqual(
    filterItems(items, 'name ~ "LOG" OR name = "fix"').map((i) => i.name),
    ['feature/login', 'fix'],
  );
  assert.deepEqual(
    filterItems(items, 'target.date > 2024-01-01T12:00:00Z AND NOT (name = "main")').map((i) => i.name),
    ['feature/login'],
  );
  assert.deepEqual(
    filterItems(items, 'tags.n = "a"').map((i) => i.name),
    ['main'],
  );
  assert.throws(() => filterItems(items, 'name = '));
  assert.deepEqual(
    sortItems(items, '-target.date').map((i) => i.name),
    ['feature/login', 'main', 'fix'],
  );
  const page = { values: [{ name: 'a', x: 1, links: { self: 1, html: 2 } }], next: 'n', size: 1 };
  assert.deepEqual(applyFields(page, 'values.name,next'), { values: [{ name: 'a' }], next: 'n' });
  assert.deepEqual(applyFields(page, '-values.links.html,-size'), { values: [{ name: 'a', x: 1, links: { self: 1 } }], next: 'n' });
  assert.deepEqual(applyFields(page, 'values.*'), { values: [{ name: 'a', x: 1, links: { self: 1, html: 2 } }] });
});

test('faults: parsing and a repeatable generator', () => {
  assert.deepEqual(parseFaults('429=0.1, reset=0.01'), [
    { kind: 429, probability: 0.1 },
    { kind: 'reset', probability: 0.01 },
  ]);
  assert.throws(() => parseFaults('429=2'));
  assert.throws(() => parseFaults('teapot=0.1'));
  const a = new FaultInjector({ faults: '500=0.5', seed: 3 });
  const b = new FaultInjector({ faults: '500=0.5', seed: 3 });
  const draws = (f: FaultInjector) => Array.from({ length: 20 }, () => f.draw());
  assert.deepEqual(draws(a), draws(b));
});
