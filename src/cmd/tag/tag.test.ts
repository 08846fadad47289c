import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { API, ENV, page } from '../pr/test-fixtures.js';

const H = 'e'.repeat(40);

test('tag list / create / delete', async () => {
  const tag = { name: 'v1.0.0', type: 'tag', message: 'Release', target: { hash: H, date: '2026-11-27T10:00:00Z', author: { raw: 'Zed <z@x>' } } };
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: `${API}/refs/tags`, body: page([tag]) })
    .stub({ method: 'GET', path: `${API}/commit/release%2F1.0`, body: { hash: H } })
    .stub({
      method: 'POST',
      path: `${API}/refs/tags`,
      status: 201,
      body: tag,
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { name: 'v1.0.0', target: { hash: H }, message: 'Release' }),
    })
    .stub({ method: 'DELETE', path: `${API}/refs/tags/v1.0.0`, status: 204 });
  const l = await runBb(['tag', 'list'], { fetch: reg.fetch, env: ENV });
  assert.equal(l.stdout, `v1.0.0\t${H}\tZed\t2026-11-27T10:00:00Z\n`);
  const c = await runBb(['tag', 'create', 'v1.0.0', '--target', 'release/1.0', '--message', 'Release', '--json', 'name,commit,message'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), { name: 'v1.0.0', commit: H, message: 'Release' });
  const d = await runBb(['tag', 'delete', 'v1.0.0', '--yes'], { fetch: reg.fetch, env: ENV });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stderr, /✓ Deleted tag v1\.0\.0 from acme\/web/);
  reg.verify();
  const none = new FetchRegistry();
  const dry = await runBb(['tag', 'delete', 'v1.0.0', '--dry-run'], { fetch: none.fetch, env: ENV });
  assert.match(dry.stdout, /^would send: DELETE https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/refs\/tags\/v1\.0\.0\n/);
  assert.equal(none.requests.length, 0);
});
