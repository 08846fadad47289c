import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123', BB_EMAIL: 'ada@example.com' };
const R = ['-R', 'myteam/website'];
const U = '{4f1c2d3e-0000-4000-8000-000000000001}';
const hook = {
  uuid: U,
  url: 'https://ci.example.com/hook',
  description: 'ci',
  active: true,
  events: ['repo:push', 'issue:created'],
  secret_set: true,
  subject_type: 'repository',
};
const events = { values: [{ event: 'repo:push' }, { event: 'issue:created' }, { event: 'pullrequest:created' }] };
const SECRET = 'hunter2-webhook-secret';

test('webhook list: repository and workspace; the secret is never shown', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam/website/hooks', body: { values: [{ ...hook, secret: SECRET }] } })
    .stub({ method: 'GET', path: '/workspaces/myteam/hooks', body: { values: [] } });
  const r = await runBb(['webhook', 'list', ...R, '--json', 'uuid,events,secretSet'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ uuid: U, events: ['issue:created', 'repo:push'], secretSet: true }]);
  const w = await runBb(['webhook', 'list', '--workspace', 'myteam'], { fetch: reg.fetch, env, tty: true });
  assert.equal(w.stdout, '');
  assert.match(w.stderr, /No webhooks on workspace myteam/);
  reg.verify();
});

test('webhook create: events validated against GET /hook_events; secret from stdin sent, never printed', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/hook_events/repository', body: events })
    .stub({
      method: 'POST',
      path: '/repositories/myteam/website/hooks',
      status: 201,
      body: hook,
      check: ({ body }) =>
        assert.deepEqual(JSON.parse(body), { url: 'https://ci.example.com/hook', events: ['repo:push', 'issue:created'], active: true, secret: SECRET }),
    })
    .stub({ method: 'GET', path: '/hook_events/workspace', body: events });
  const r = await runBb(['webhook', 'create', ...R, '--url', 'https://ci.example.com/hook', '--events', 'repo:push,issue:created', '--secret-file', '-'], {
    fetch: reg.fetch,
    env,
    stdin: `${SECRET}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${U}\n`);
  assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  const bad = await runBb(['webhook', 'create', '--workspace', 'myteam', '--url', 'https://x.test/h', '--events', 'repo:pushed'], { fetch: reg.fetch, env });
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^error 5002 INVALID_ARGUMENT: not workspace webhook event: repo:pushed\nhint: workspace events: issue:created, pullrequest:created, repo:push/m,
  );
  reg.verify();
});

test('webhook create --dry-run sends nothing and masks the secret; issue events need the issue scope (legacy scopes only)', async () => {
  const dry = await runBb(
    ['webhook', 'create', ...R, '--url', 'https://ci.example.com/hook', '--events', 'issue:created', '--secret', SECRET, '--no-active', '--dry-run'],
    { env: {} },
  );
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /would send: POST .*\/repositories\/myteam\/website\/hooks/);
  assert.match(dry.stdout, /"active": false/);
  assert.ok(!dry.stdout.includes(SECRET));
  // API tokens: the spec's scopes for POST …/hooks; legacy scopes: webhook and issue, as Bitbucket's scope page says
  const s = await runBb(['scopes', 'webhook create --events issue:created', '--json'], {});
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout).scopes, ['read:webhook:bitbucket', 'write:webhook:bitbucket']);
  assert.deepEqual(JSON.parse(s.stdout).legacyScopes, ['issue', 'webhook']);
  const plain = await runBb(['scopes', 'webhook create --events repo:push', '--json'], {});
  assert.deepEqual(JSON.parse(plain.stdout).scopes, ['read:webhook:bitbucket', 'write:webhook:bitbucket']);
  assert.deepEqual(JSON.parse(plain.stdout).legacyScopes, ['webhook']);
});

test('webhook delete: needs --yes off a terminal; 404 names the webhook', async () => {
  const reg = new FetchRegistry().stub({ method: 'DELETE', path: `/repositories/myteam/website/hooks/${encodeURIComponent(U)}`, status: 204 }).stub({
    method: 'DELETE',
    path: `/workspaces/myteam/hooks/${encodeURIComponent(U)}`,
    status: 404,
    body: { type: 'error', error: { message: 'not found' } },
  });
  const no = await runBb(['webhook', 'delete', U, ...R], { env });
  assert.equal(no.code, 2);
  assert.match(no.stderr, /^error 5005 CONFIRMATION_REQUIRED/m);
  const r = await runBb(['webhook', 'delete', U.slice(1, -1), ...R, '--yes'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  const nf = await runBb(['webhook', 'delete', U, '--workspace', 'myteam', '--yes'], { fetch: reg.fetch, env });
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: no webhook .* on workspace myteam/m);
  reg.verify();
});
