import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchOperation, matchRoute } from './match.js';

test('matchOperation finds the spec template of a concrete path', () => {
  assert.equal(matchOperation('GET', '/user')?.operation, 'GET /user');
  assert.equal(matchOperation('get', '/repositories/acme/web/')?.operation, 'GET /repositories/{workspace}/{repo_slug}');
  const m = matchOperation('GET', '/repositories/acme/web/pullrequests/7?fields=id');
  assert.equal(m?.operation, 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}');
  assert.deepEqual(m?.params, { workspace: 'acme', repo_slug: 'web', pull_request_id: '7' });
  assert.equal(matchOperation('POST', '/repositories/acme/web/pullrequests')?.operation, 'POST /repositories/{workspace}/{repo_slug}/pullrequests');
  assert.equal(matchOperation('PATCH', '/user'), undefined);
  assert.equal(matchOperation('GET', '/no/such/endpoint/anywhere/at/all'), undefined);
});

test('literal segments beat parameters, wherever they are', () => {
  // /pullrequests/activity (literal) vs /pullrequests/{pull_request_id}
  assert.equal(matchOperation('GET', '/repositories/a/b/pullrequests/activity')?.operation, 'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity');
  // /refs/branches (literal) vs /refs/{…} style templates
  assert.equal(matchOperation('GET', '/repositories/a/b/refs/branches')?.operation, 'GET /repositories/{workspace}/{repo_slug}/refs/branches');
  assert.equal(matchOperation('GET', '/repositories/a/b/refs/branches/main')?.operation, 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}');
  // snippets: /{encoded_id}/watch (literal) beats /{encoded_id}/{node_id}
  assert.equal(matchOperation('GET', '/snippets/ws/abc/watch')?.operation, 'GET /snippets/{workspace}/{encoded_id}/watch');
  assert.equal(matchOperation('GET', '/snippets/ws/abc/n1')?.operation, 'GET /snippets/{workspace}/{encoded_id}/{node_id}');
});

test('a trailing {path} takes the rest; mixed segments match by pattern', () => {
  const m = matchOperation('GET', '/repositories/a/b/src/main/docs/guide%20one.md');
  assert.equal(m?.operation, 'GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}');
  assert.equal(m?.params.path, 'docs/guide one.md');
  const z = matchOperation('GET', '/repositories/a/b/issues/export/b-issues-42.zip');
  assert.equal(z?.operation, 'GET /repositories/{workspace}/{repo_slug}/issues/export/{repo_name}-issues-{task_id}.zip');
  assert.deepEqual(z?.params, { workspace: 'a', repo_slug: 'b', repo_name: 'b', task_id: '42' });
});

test('matchOperation works over any list of templates', () => {
  const ops = ['GET /a/{x}', 'GET /a/b', 'GET /a/{x}/c', 'GET /{y}/b/c'];
  assert.equal(matchOperation('GET', '/a/b', ops)?.operation, 'GET /a/b');
  assert.equal(matchOperation('GET', '/a/z', ops)?.operation, 'GET /a/{x}');
  // first differing segment decides: /a/… (literal) beats /{y}/…
  assert.equal(matchOperation('GET', '/a/b/c', ops)?.operation, 'GET /a/{x}/c');
  assert.equal(matchOperation('GET', '/', ops), undefined);
});

test('a trailing {name}, {spec}, {revision}, {filename} or {path} spans slashes, losing to exact matches', () => {
  const b = matchOperation('GET', '/repositories/a/b/refs/branches/feature/x');
  assert.equal(b?.operation, 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}');
  assert.equal(b?.params.name, 'feature/x');
  assert.equal(matchOperation('GET', '/repositories/a/b/refs/branches/feature%2Fx')?.params.name, 'feature/x');
  const ops = ['GET /a/{name}', 'GET /a/{x}/c'];
  assert.equal(matchOperation('GET', '/a/b/c', ops)?.operation, 'GET /a/{x}/c');
  assert.deepEqual(matchOperation('GET', '/a/b/d', ops)?.params, { name: 'b/d' });
});

test('matchRoute lists the methods a path has when the method is wrong', () => {
  assert.deepEqual(matchRoute('PATCH', '/user'), { methods: ['GET'] });
  assert.equal(matchOperation('PATCH', '/user'), undefined);
  assert.equal(matchRoute('GET', '/user')?.operation, 'GET /user');
  assert.equal(matchRoute('GET', '/no/such/endpoint/anywhere/at/all'), undefined);
  assert.deepEqual(matchRoute('DELETE', '/a/b', ['GET /a/{x}', 'PUT /a/b']), { methods: ['GET', 'PUT'] });
});
