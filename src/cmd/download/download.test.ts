import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb, tempDir } from '../../../test/support/run.js';
import { multipartAware } from '../snippet/multipart-fetch.testutil.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const R = ['-R', 'myteam/website'];

test('download upload/list/delete: multipart `files` parts; list piped and JSON; delete needs --yes', async () => {
  const dir = tempDir();
  const file = join(dir, 'app-1.0.tgz');
  writeFileSync(file, 'BINARY');
  const reg = new FetchRegistry()
    .stub({
      method: 'POST',
      path: '/repositories/myteam/website/downloads',
      status: 201,
      check: ({ headers, body }) => {
        assert.match(headers.get('content-type') ?? '', /^multipart\/form-data/);
        assert.match(body, /name="files"; filename="app-latest.tgz"\r\nContent-Type: [^\r]*\r\n\r\nBINARY\r\n/);
      },
    })
    .stub({
      method: 'GET',
      path: '/repositories/myteam/website/downloads',
      body: { values: [{ name: 'app-latest.tgz', size: 6, downloads: 3, created_on: '2024-01-01T00:00:00Z' }] },
    })
    .stub({ method: 'DELETE', path: '/repositories/myteam/website/downloads/app-latest.tgz', status: 204 });
  const fetch = multipartAware(reg);
  const u = await runBb(['download', 'upload', file, '--name', 'app-latest.tgz', ...R], { fetch, env });
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stderr, /✓ Uploaded app-latest\.tgz \(6 B\)/);
  const l = await runBb(['download', 'list', ...R], { fetch, env });
  assert.equal(l.stdout, 'app-latest.tgz\t6\t3\t2024-01-01T00:00:00Z\n');
  const no = await runBb(['download', 'delete', 'app-latest.tgz', ...R], { env });
  assert.equal(no.code, 2);
  const d = await runBb(['download', 'delete', 'app-latest.tgz', ...R, '--yes'], { fetch, env });
  assert.equal(d.code, 0, d.stderr);
  reg.verify();
  const dry = await runBb(['download', 'upload', file, ...R, '--dry-run'], { env: {} });
  assert.match(dry.stdout, /would send: POST .*\/downloads\n[\s\S]*app-1\.0\.tgz \(6 bytes\)[\s\S]*required scopes: write:repository:bitbucket/);
  const missing = await runBb(['download', 'upload', join(dir, 'nope'), ...R], { env });
  assert.match(missing.stderr, /^error 5007 INPUT_READ_FAILED: cannot read .*nope: ENOENT/m);
});
