import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runBb, tempDir } from '../../../test/support/run.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';

/** `bb webhook …` on Data Center, against the DC sandbox: repository webhooks, DC event keys, numeric ids. */
let h: DcSandboxHandle;
let env: Record<string, string>;
before(async () => {
  h = (await startSandbox({ kind: 'dc' })) as DcSandboxHandle;
  env = { BB_HOST: h.url, BB_TOKEN: h.token, BB_REPO: 'ACME/api' };
});
after(() => h?.close());

const bb = (argv: string[], extra: Parameters<typeof runBb>[1] = {}) =>
  runBb(argv, { fetch: globalThis.fetch, configDir: tempDir(), ...extra, env: { ...env, ...extra.env } });
const SECRET = 'dc-webhook-signing-secret';

test('webhook create/list/delete on Data Center: DC events, the secret sent in configuration and never shown', async () => {
  let r = await bb(['webhook', 'list'], { tty: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No webhooks on ACME\/api/);

  h.server.requests.clear();
  r = await bb(
    [
      'webhook',
      'create',
      '--url',
      'https://ci.example.test/hook',
      '--events',
      'repo:refs_changed,pr:opened,pr:reviewer:approved',
      '--description',
      'ci',
      '--secret-file',
      '-',
    ],
    {
      stdin: `${SECRET}\n`,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  assert.match(id, /^\d+$/);
  assert.match(r.stderr, new RegExp(`✓ Created webhook ${id} on ACME/api`));
  assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  // no request for the event list: Data Center's events are a fixed set
  assert.deepEqual(
    h.server.requests.entries().map((e) => `${e.status} ${e.operation}`),
    ['200 POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/webhooks'],
  );
  // the secret reached the server, in DC's configuration
  const stored = await fetch(`${h.url}/rest/api/latest/projects/ACME/repos/api/webhooks/${id}`, { headers: { Authorization: `Bearer ${h.token}` } });
  assert.equal(((await stored.json()) as { configuration: { secret: string } }).configuration.secret, SECRET);

  r = await bb(['webhook', 'list', '--json', 'id,uuid,url,description,events,active,secretSet,subjectType']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    {
      id,
      uuid: null,
      url: 'https://ci.example.test/hook',
      description: 'ci',
      events: ['pr:opened', 'pr:reviewer:approved', 'repo:refs_changed'],
      active: true,
      secretSet: true,
      subjectType: 'repository',
    },
  ]);
  assert.ok(!r.stdout.includes(SECRET));
  r = await bb(['webhook', 'list'], { tty: true });
  assert.match(r.stdout, /^ID +URL +EVENTS +ACTIVE +NAME\n\d+ +https:\/\/ci\.example\.test\/hook /);

  r = await bb(['webhook', 'delete', id]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5005 CONFIRMATION_REQUIRED/m);
  r = await bb(['webhook', 'delete', id, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Deleted webhook ${id} from ACME/api`));
  r = await bb(['webhook', 'delete', id, '--yes']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error 2002 API_NOT_FOUND: no webhook ${id} on ACME/api`, 'm'));
});

test('webhook create on Data Center: Cloud event keys are refused with the DC one as a hint (nothing translated); --dry-run names REPO_ADMIN', async () => {
  h.server.requests.clear();
  let r = await bb(['webhook', 'create', '--url', 'https://x.test/h', '--events', 'repo:push,pr:merged']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: not Data Center repository webhook event: repo:push$/m);
  assert.match(r.stderr, /^hint: repo:push is a Bitbucket Cloud event; on Data Center: repo:refs_changed$/m);
  assert.match(r.stderr, /^hint: Data Center repository events: .*pr:merged.*repo:refs_changed/m);
  assert.deepEqual(h.server.requests.entries(), []);

  r = await bb(['webhook', 'create', '--url', 'https://x.test/h', '--events', 'pr:merged', '--secret', SECRET, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /would send: POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/latest\/projects\/ACME\/repos\/api\/webhooks/);
  assert.match(r.stdout, /required permission: REPO_ADMIN on the repository/);
  assert.ok(!r.stdout.includes(SECRET));
  assert.deepEqual(h.server.requests.entries(), []);

  r = await bb(['webhook', 'list', '--workspace', 'ACME'], { env: { BB_REPO: '' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 6003 NOT_ON_DC: Data Center .* has no workspaces/m);
  r = await bb(['webhook', 'delete', '{4f1c2d3e-0000-4000-8000-000000000001}', '--yes']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not a webhook id: expected its number/);
});

test('webhook list on Data Center: a token without REPO_ADMIN gets 2003 naming it', async () => {
  const mint = await fetch(`${h.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', permissions: ['REPO_WRITE'] }),
  });
  const { token } = (await mint.json()) as { token: string };
  const r = await bb(['webhook', 'list'], { env: { BB_TOKEN: token } });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*webhooks needs REPO_ADMIN permission on this repository/m);
});
