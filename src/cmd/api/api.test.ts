import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { gitWithRemote, runBb, tempDir } from '../../../test/support/run.js';
import { normalizePath, setNested } from './api.js';

const env = { BB_TOKEN: 'secret-token-123' };

test('api GET prints the body as received and traces the matched operation', async () => {
  const trace = join(tempDir(), 'trace');
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/acme/web/pullrequests/7',
    body: '{"id":7}',
    check: ({ headers }) => {
      assert.equal(headers.get('authorization'), 'Bearer secret-token-123');
      assert.match(headers.get('user-agent') ?? '', /^bb\//);
    },
  });
  const r = await runBb(['api', '/2.0/repositories/acme/web/pullrequests/7'], { fetch: reg.fetch, env: { ...env, BB_SCOPES_TRACE: trace } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '{"id":7}\n');
  assert.equal(readFileSync(trace, 'utf8'), 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}\n');
  reg.verify();
});

test('api: a JSON answer ends with a newline; a file answer is printed byte for byte', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user', body: '{"nickname":"ada"}' })
    .stub({ method: 'GET', path: '/repositories/acme/web/src/main/README', body: 'no newline at the end', headers: { 'content-type': 'text/plain' } });
  const j = await runBb(['api', '/user'], { fetch: reg.fetch, env });
  assert.equal(j.stdout, '{"nickname":"ada"}\n');
  const f = await runBb(['api', '/repositories/acme/web/src/main/README'], { fetch: reg.fetch, env });
  assert.equal(f.code, 0, f.stderr);
  assert.equal(f.stdout, 'no newline at the end');
  reg.verify();
});

test('api fills {workspace} and {repo_slug} from -R, or from the git remote', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/acme/web', body: {} })
    .stub({ method: 'GET', path: '/repositories/team/site/refs/branches', body: {} });
  const a = await runBb(['api', 'repositories/{workspace}/{repo_slug}', '-R', 'acme/web'], { fetch: reg.fetch, env });
  assert.equal(a.code, 0, a.stderr);
  const b = await runBb(['api', '/repositories/{workspace}/{repo_slug}/refs/branches'], {
    fetch: reg.fetch,
    env,
    git: gitWithRemote('git@bitbucket.org:team/site.git'),
  });
  assert.equal(b.code, 0, b.stderr);
  reg.verify();
  const c = await runBb(['api', '/repositories/{workspace}/{repo_slug}/pullrequests/{id}', '-R', 'a/b'], { env });
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^error 5002 INVALID_ARGUMENT: unknown placeholder \{id\}/);
});

test('api fields build a JSON body and make the request a POST; -F is typed, nested keys nest', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'desc.txt'), 'from a file');
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/repositories/acme/web/pullrequests',
    status: 201,
    body: { id: 1 },
    check: ({ headers, body }) => {
      assert.equal(headers.get('content-type'), 'application/json');
      assert.equal(headers.get('x-extra'), 'yes');
      assert.deepEqual(JSON.parse(body), {
        title: 'Hello, world',
        draft: true,
        count: 3,
        none: null,
        number_as_text: '42',
        description: 'from a file',
        source: { branch: { name: 'feature' } },
        reviewers: ['a', 'b'],
      });
    },
  });
  const r = await runBb(
    [
      'api',
      '/repositories/acme/web/pullrequests',
      '-f',
      'title=Hello, world',
      '-F',
      'draft=true',
      '-F',
      'count=3',
      '-F',
      'none=null',
      '-f',
      'number_as_text=42',
      '-F',
      `description=@${join(dir, 'desc.txt')}`,
      '-F',
      'source[branch][name]=feature',
      '-f',
      'reviewers[]=a',
      '-f',
      'reviewers[]=b',
      '-H',
      'X-Extra: yes',
    ],
    { fetch: reg.fetch, env },
  );
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
});

test('api GET with fields sends them as the query; --input sends a raw body from stdin', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: /^\/repositories\/acme\?q=.*&pagelen=5$/,
      body: {},
      check: ({ url }) => assert.equal(url.searchParams.get('q'), 'name~"x"'),
    })
    .stub({
      method: 'PUT',
      path: '/repositories/acme/web',
      body: {},
      check: ({ body, headers }) => {
        assert.equal(body, '{"description":"raw"}');
        assert.equal(headers.get('content-type'), 'application/json');
      },
    });
  const a = await runBb(['api', '-X', 'GET', '/repositories/acme', '-f', 'q=name~"x"', '-F', 'pagelen=5'], { fetch: reg.fetch, env });
  assert.equal(a.code, 0, a.stderr);
  const b = await runBb(['api', '-X', 'put', '/repositories/acme/web', '--input', '-'], { fetch: reg.fetch, env, stdin: '{"description":"raw"}' });
  assert.equal(b.code, 0, b.stderr);
  reg.verify();
});

test('api --paginate merges every page; --jq filters; --include prints the status line and headers', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/acme', body: { values: [{ slug: 'a' }], next: 'https://api.bitbucket.test/2.0/repositories/acme?page=2' } })
    .stub({ method: 'GET', path: '/repositories/acme?page=2', body: { values: [{ slug: 'b' }, { slug: 'c' }] } });
  const r = await runBb(['api', '--paginate', '/repositories/acme', '--jq', '.[].slug'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'a\nb\nc\n');
  reg.verify();

  const reg2 = new FetchRegistry().stub({ method: 'GET', path: '/user', body: { nickname: 'ada' }, headers: { 'x-request-id': 'r1' } });
  const i = await runBb(['api', '/user', '--include'], { fetch: reg2.fetch, env });
  assert.equal(i.code, 0, i.stderr);
  assert.match(i.stdout, /^HTTP\/1\.1 200 OK\n/);
  assert.match(i.stdout, /\nX-Request-Id: r1\n/);
  assert.match(i.stdout, /\n\n\{"nickname":"ada"\}\n$/);
  assert.ok(!i.stdout.includes('secret-token-123'));

  const reg3 = new FetchRegistry().stub({ method: 'GET', path: '/user', body: { nickname: 'ada' } });
  const s = await runBb(['api', '/user', '--silent'], { fetch: reg3.fetch, env });
  assert.equal(s.code, 0);
  assert.equal(s.stdout, '');
});

test('api --paginate refuses a next link on another origin', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/acme',
    body: { values: [1], next: 'https://evil.example/2.0/repositories/acme?page=2' },
  });
  const r = await runBb(['api', '--paginate', '/repositories/acme'], { fetch: reg.fetch, env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*evil\.example/);
  assert.equal(reg.requests.length, 1);
});

test('api prints the body of an error answer and exits 1, or 4 with the missing scopes on 403', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/acme/nope', status: 404, body: { type: 'error', error: { message: 'Repository acme/nope not found' } } })
    .stub({
      method: 'DELETE',
      path: '/repositories/acme/web',
      status: 403,
      body: {
        type: 'error',
        error: { message: 'Your credentials lack one or more required privilege scopes.', detail: { required: ['delete:repository:bitbucket'], granted: [] } },
      },
    });
  const a = await runBb(['api', '/repositories/acme/nope'], { fetch: reg.fetch, env });
  assert.equal(a.code, 1);
  assert.match(a.stdout, /Repository acme\/nope not found/);
  assert.match(a.stderr, /^error 2002 API_NOT_FOUND: GET \/repositories\/\{workspace\}\/\{repo_slug\}: Repository acme\/nope not found/);
  const b = await runBb(['api', '-X', 'DELETE', '/repositories/acme/web'], { fetch: reg.fetch, env });
  assert.equal(b.code, 4);
  assert.match(b.stderr, /^error 2003 API_FORBIDDEN: DELETE \/repositories\/\{workspace\}\/\{repo_slug\} needs scope delete:repository:bitbucket/);
  reg.verify();
});

test('api refuses full URLs on other hosts and Authorization headers, and never retries a POST', async () => {
  const a = await runBb(['api', 'https://evil.example/2.0/user'], { env });
  assert.equal(a.code, 2);
  assert.match(a.stderr, /^error 5002 INVALID_ARGUMENT: bb api only sends requests to https:\/\/api\.bitbucket\.test/);
  const b = await runBb(['api', '/user', '-H', 'Authorization: Bearer x'], { env });
  assert.equal(b.code, 2);
  assert.match(b.stderr, /Authorization/);
  const reg = new FetchRegistry().stub({ method: 'POST', path: '/repositories/acme/web/forks', status: 503, body: 'busy' });
  const c = await runBb(['api', '/repositories/acme/web/forks', '-f', 'name=x'], { fetch: reg.fetch, env });
  assert.equal(c.code, 1);
  assert.equal(reg.requests.length, 1);
  assert.match(c.stderr, /^error 2006 API_SERVER_ERROR/);
});

test('normalizePath strips /2.0 and accepts full URLs on the API host only', () => {
  const base = 'https://api.bitbucket.org/2.0';
  assert.equal(normalizePath('/2.0/user', base), '/user');
  assert.equal(normalizePath('2.0/user?x=1', base), '/user?x=1');
  assert.equal(normalizePath('user', base), '/user');
  assert.equal(normalizePath('/2.0', base), '/');
  assert.equal(normalizePath('/2.0x/user', base), '/2.0x/user');
  assert.equal(normalizePath('https://api.bitbucket.org/2.0/user', base), '/user');
  assert.throws(() => normalizePath('//evil.example/x', base), /only sends requests/);
  assert.throws(() => normalizePath('http://api.bitbucket.org/2.0/user', base), /only sends requests/);
  assert.throws(() => normalizePath('file:///etc/passwd', base), /only sends requests/);
});

test('setNested builds objects and arrays and refuses conflicts', () => {
  const o: Record<string, unknown> = {};
  setNested(o, 'a[b][c]', 1);
  setNested(o, 'a[d]', 2);
  setNested(o, 'list[]', 'x');
  setNested(o, 'list[]', 'y');
  setNested(o, 'plain', 'p');
  assert.deepEqual(o, { a: { b: { c: 1 }, d: 2 }, list: ['x', 'y'], plain: 'p' });
  assert.throws(() => setNested(o, 'plain[x]', 1), /conflicts/);
  assert.throws(() => setNested(o, 'a[][x]', 1), /only allowed at the end/);
});
