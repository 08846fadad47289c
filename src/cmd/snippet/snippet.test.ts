import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb, tempDir } from '../../../test/support/run.js';
import { multipartAware } from './multipart-fetch.testutil.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const snippet = {
  id: 'kypj',
  title: 'Deploy',
  is_private: true,
  files: { 'a.sh': {}, 'b.txt': {} },
  links: { html: { href: 'https://bitbucket.test/snippets/myteam/kypj' } },
};

test('snippet create: several files and stdin as multipart/form-data with title and is_private', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.sh'), 'echo hi\n');
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/snippets/myteam',
    status: 201,
    body: snippet,
    check: ({ headers, body }) => {
      assert.match(headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
      assert.match(body, /name="title"\r\n\r\nDeploy\r\n/);
      assert.match(body, /name="is_private"\r\n\r\ntrue\r\n/);
      assert.match(body, /name="file"; filename="a.sh"\r\nContent-Type: [^\r]*\r\n\r\necho hi\n\r\n/);
      assert.match(body, /name="file"; filename="b.txt"\r\nContent-Type: [^\r]*\r\n\r\nfrom stdin\r\n/);
    },
  });
  const r = await runBb(['snippet', 'create', join(dir, 'a.sh'), '-', '--filename', 'b.txt', '--title', 'Deploy', '--workspace', 'myteam'], {
    fetch: multipartAware(reg),
    env,
    stdin: 'from stdin',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://bitbucket.test/snippets/myteam/kypj\n');
  assert.match(r.stderr, /✓ Created snippet kypj \(2 files, private\)/);
  reg.verify();
  const noName = await runBb(['snippet', 'create', '-', '--workspace', 'myteam'], { env, stdin: 'x' });
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /needs a name: pass --filename/);
  const dry = await runBb(['snippet', 'create', join(dir, 'a.sh'), '--workspace', 'myteam', '--public', '--dry-run'], { env: {} });
  assert.match(dry.stdout, /would send: POST .*\/snippets\/myteam\n[\s\S]*"a\.sh \(8 bytes\)"/);
});

test('snippet view: metadata and files; --raw --file prints one file as is; list; edit; delete', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/snippets/myteam/kypj', body: snippet })
    .stub({ method: 'GET', path: '/snippets/myteam/kypj/files/a.sh', body: 'echo hi\n', headers: { 'content-type': 'text/plain' } })
    .stub({ method: 'GET', path: '/snippets/myteam/kypj/files/b.txt', body: 'bee\n', headers: { 'content-type': 'text/plain' } })
    .stub({ method: 'GET', path: '/snippets/myteam/kypj', body: snippet })
    .stub({ method: 'GET', path: '/snippets/myteam/kypj/files/b.txt', body: 'bee\n', headers: { 'content-type': 'text/plain' } })
    .stub({ method: 'GET', path: '/snippets/myteam', body: { values: [snippet] } })
    .stub({
      method: 'PUT',
      path: '/snippets/myteam/kypj',
      body: snippet,
      check: ({ body }) => {
        assert.match(body, /name="title"\r\n\r\nNew\r\n/);
        assert.match(body, /name="files"\r\n\r\nb\.txt\r\n/);
      },
    })
    .stub({ method: 'DELETE', path: '/snippets/myteam/kypj', status: 204 })
    .stub({ method: 'GET', path: '/snippets/myteam/nope', status: 404, body: { type: 'error', error: { message: 'nope' } } });
  const fetch = multipartAware(reg);
  const v = await runBb(['snippet', 'view', 'https://bitbucket.test/snippets/myteam/kypj'], { fetch, env });
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^title:\tDeploy\nid:\tkypj\nvisibility:\tprivate\n/);
  assert.match(v.stdout, /\n-- a\.sh --\necho hi\n\n-- b\.txt --\nbee\n$/);
  const raw = await runBb(['snippet', 'view', 'kypj', '--workspace', 'myteam', '--raw', '--file', 'b.txt'], { fetch, env });
  assert.equal(raw.stdout, 'bee\n');
  const l = await runBb(['snippet', 'list', '--workspace', 'myteam', '--json', 'id,files,visibility'], { fetch, env });
  assert.deepEqual(JSON.parse(l.stdout), [{ id: 'kypj', files: ['a.sh', 'b.txt'], visibility: 'private' }]);
  const e = await runBb(['snippet', 'edit', 'kypj', '--workspace', 'myteam', '--title', 'New', '--delete-file', 'b.txt'], { fetch, env });
  assert.equal(e.code, 0, e.stderr);
  const d = await runBb(['snippet', 'delete', 'kypj', '--workspace', 'myteam', '--yes'], { fetch, env });
  assert.equal(d.code, 0, d.stderr);
  const nf = await runBb(['snippet', 'view', 'nope', '--workspace', 'myteam'], { fetch, env });
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: snippet nope in myteam not found/m);
  reg.verify();
});

test('snippet list outside a repository hints at --workspace, which it accepts (not an argument, which it refuses)', async () => {
  const r = await runBb(['snippet', 'list'], { env: { BB_TOKEN: 't' } });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^error 6002 NO_WORKSPACE: no workspace given\nhint: pass --workspace WORKSPACE, or set one: `bb config set default_workspace WORKSPACE`\n$/,
  );
});
