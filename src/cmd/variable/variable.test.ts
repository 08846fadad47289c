import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const R = ['-R', 'myteam/website'];
const REPO_VARS = '/repositories/myteam/website/pipelines_config/variables';
const SECRET = 'super-secret-value-42';

test('variable list: repository, workspace and environment levels; secured values masked', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'GET',
      path: REPO_VARS,
      body: {
        values: [
          { uuid: '{v1}', key: 'MODE', value: 'fast', secured: false },
          { uuid: '{v2}', key: 'TOKEN', secured: true },
        ],
      },
    })
    .stub({ method: 'GET', path: '/workspaces/myteam/pipelines-config/variables', body: { values: [] } })
    .stub({ method: 'GET', path: '/repositories/myteam/website/environments', body: { values: [{ uuid: '{e1}', name: 'Production' }] } })
    .stub({
      method: 'GET',
      path: '/repositories/myteam/website/deployments_config/environments/%7Be1%7D/variables',
      body: { values: [{ uuid: '{v3}', key: 'URL', value: 'https://x', secured: false }] },
    });
  const r = await runBb(['variable', 'list', ...R], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'MODE\tfast\tno\t{v1}\nTOKEN\t••••••••\tyes\t{v2}\n');
  const w = await runBb(['variable', 'list', '--workspace', 'myteam', '--json', 'key'], { fetch: reg.fetch, env });
  assert.equal(w.stdout.trim(), '[]');
  const e = await runBb(['variable', 'list', ...R, '--env', 'production', '--json', 'key,value,secured'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(e.stdout), [{ key: 'URL', value: 'https://x', secured: false }]);
  reg.verify();
});

test('variable set --secured from stdin: created, then updated; the value is never printed, not even by --dry-run', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: REPO_VARS, body: { values: [] } })
    .stub({
      method: 'POST',
      path: REPO_VARS,
      status: 201,
      body: { uuid: '{v9}', key: 'TOKEN', secured: true },
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { key: 'TOKEN', value: SECRET, secured: true }),
    })
    .stub({ method: 'GET', path: '/workspaces/myteam/pipelines-config/variables', body: { values: [{ uuid: '{w1}', key: 'TOKEN', secured: true }] } })
    .stub({
      method: 'PUT',
      path: '/workspaces/myteam/pipelines-config/variables/%7Bw1%7D',
      // a server that (wrongly) echoes the value back must still not get it printed
      body: { uuid: '{w1}', key: 'TOKEN', value: SECRET, secured: true },
      check: ({ body }) => assert.equal(JSON.parse(body).value, SECRET),
    });
  const c = await runBb(['variable', 'set', 'TOKEN', '--secured', ...R, '--json', 'key,value,secured'], { fetch: reg.fetch, env, stdin: `${SECRET}\n` });
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), { key: 'TOKEN', value: null, secured: true });
  assert.match(c.stderr, /✓ Created secured variable TOKEN on myteam\/website/);
  const u = await runBb(['variable', 'set', 'TOKEN', '--secured', '--workspace', 'myteam', '--value-file', '-', '--json', 'uuid,value'], {
    fetch: reg.fetch,
    env,
    stdin: SECRET,
  });
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stderr, /✓ Updated secured variable TOKEN on workspace myteam/);
  for (const out of [c.stdout, c.stderr, u.stdout, u.stderr]) assert.ok(!out.includes(SECRET));
  reg.verify();

  const dry = await runBb(['variable', 'set', 'TOKEN', '--secured', '--value', SECRET, ...R, '--dry-run'], { env: {} });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /would send: POST .*pipelines_config\/variables/);
  assert.ok(!dry.stdout.includes(SECRET) && !dry.stderr.includes(SECRET));
  const badKey = await runBb(['variable', 'set', '1BAD', '--value', 'x', ...R], { env });
  assert.equal(badKey.code, 2);
});

test('variable delete: looks the key up, needs --yes; unknown key is 2002; unknown environment lists them', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: REPO_VARS, body: { values: [{ uuid: '{v1}', key: 'MODE', value: 'fast' }] } })
    .stub({ method: 'DELETE', path: `${REPO_VARS}/%7Bv1%7D`, status: 204 })
    .stub({ method: 'GET', path: REPO_VARS, body: { values: [] } })
    .stub({ method: 'GET', path: '/repositories/myteam/website/environments', body: { values: [{ uuid: '{e1}', name: 'Production' }] } });
  const r = await runBb(['variable', 'delete', 'MODE', ...R, '--yes'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  const nf = await runBb(['variable', 'delete', 'NOPE', ...R, '--yes'], { fetch: reg.fetch, env });
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: no variable NOPE on myteam\/website/m);
  const ne = await runBb(['variable', 'list', ...R, '--env', 'Staging'], { fetch: reg.fetch, env });
  assert.match(ne.stderr, /no deployment environment "Staging"\nhint: its environments: Production/);
  reg.verify();
});

test('variable set with an empty, non-terminal stdin creates nothing: an error with a hint', async () => {
  for (const stdin of ['', '\n']) {
    const r = await runBb(['variable', 'set', 'FOO', '-R', 'acme/web'], { env: { BB_TOKEN: 't' }, stdin });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: no value: stdin was empty\nhint: pipe the value in, or pass --value or --value-file/);
  }
});
