import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { gitWithRemote, runBb } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123' };

const project = (key: string, extra: Record<string, unknown> = {}) => ({
  type: 'project',
  key,
  name: `${key} project`,
  description: `all about ${key}`,
  is_private: false,
  uuid: `{${key}}`,
  created_on: '2023-01-01T00:00:00+00:00',
  updated_on: '2024-01-01T00:00:00+00:00',
  has_publicly_visible_repos: true,
  links: { html: { href: `https://bitbucket.test/myteam/workspace/projects/${key}` } },
  ...extra,
});

test('project list: rows piped, table on a terminal, JSON; workspace from the git remote', async () => {
  const values = [project('WEB'), project('OPS', { is_private: true, description: '' })];
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/workspaces/myteam/projects', body: { values } })
    .stub({ method: 'GET', path: '/workspaces/myteam/projects', body: { values } })
    .stub({ method: 'GET', path: '/workspaces/myteam/projects', body: { values } });
  const r = await runBb(['project', 'list', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'WEB\tWEB project\tall about WEB\tpublic\nOPS\tOPS project\t\tprivate\n');
  const t = await runBb(['project', 'list', 'myteam'], { fetch: reg.fetch, env, tty: true });
  const lines = t.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^KEY\s+NAME\s+DESCRIPTION\s+VISIBILITY$/);
  assert.match(lines[1] ?? '', /^WEB\s+WEB project\s+all about WEB\s+public$/);
  assert.equal(lines[0]?.indexOf('VISIBILITY'), lines[2]?.indexOf('private'));
  const j = await runBb(['project', 'list', '--json', 'key,visibility'], { fetch: reg.fetch, env, git: gitWithRemote('git@bitbucket.org:myteam/website.git') });
  assert.deepEqual(JSON.parse(j.stdout), [
    { key: 'WEB', visibility: 'public' },
    { key: 'OPS', visibility: 'private' },
  ]);
  reg.verify();
});

test('project list: errors — unknown JSON field, no workspace, 403 names the scope', async () => {
  const bad = await runBb(['project', 'list', 'myteam', '--json', 'owner'], { env });
  assert.equal(bad.code, 2);
  assert.equal(JSON.parse(bad.stderr).error.code, 5004);
  const none = await runBb(['project', 'list'], { env });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error 6002 NO_WORKSPACE/m);
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/workspaces/myteam/projects',
    status: 403,
    body: {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['read:project:bitbucket'], granted: ['read:repository:bitbucket'] },
      },
    },
  });
  const f = await runBb(['project', 'list', 'myteam'], { fetch: reg.fetch, env: { ...env, BB_EMAIL: 'ada@example.com' } });
  assert.equal(f.code, 4);
  assert.match(f.stderr, /^error 2003 API_FORBIDDEN: .*read:project:bitbucket/m);
  reg.verify();
});

test('project view: KEY with --workspace, or WORKSPACE/KEY; key-value fields; --json; --web', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/workspaces/myteam/projects/WEB', body: project('WEB') })
    .stub({ method: 'GET', path: '/workspaces/myteam/projects/WEB', body: project('WEB') })
    .stub({ method: 'GET', path: '/workspaces/myteam/projects/WEB', body: project('WEB') });
  const r = await runBb(['project', 'view', 'WEB', '--workspace', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^key:\tWEB\nname:\tWEB project\ndescription:\tall about WEB\nvisibility:\tpublic\nworkspace:\tmyteam\n/);
  const j = await runBb(['project', 'view', 'myteam/WEB', '--json', 'key,isPrivate,url'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(j.stdout), { key: 'WEB', isPrivate: false, url: 'https://bitbucket.test/myteam/workspace/projects/WEB' });
  const opened: string[] = [];
  const w = await runBb(['project', 'view', 'myteam/WEB', '--web'], { fetch: reg.fetch, env, browser: { open: async (u) => void opened.push(u) } });
  assert.equal(w.code, 0, w.stderr);
  assert.deepEqual(opened, ['https://bitbucket.test/myteam/workspace/projects/WEB']);
  reg.verify();
});

test('project view: not found; bad key; conflicting workspaces', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/workspaces/myteam/projects/NOPE',
    status: 404,
    body: { type: 'error', error: { message: 'Project NOPE not found' } },
  });
  const nf = await runBb(['project', 'view', 'myteam/NOPE'], { fetch: reg.fetch, env });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: .*NOPE/m);
  reg.verify();
  const bad = await runBb(['project', 'view', 'my key', '--workspace', 'myteam'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: "my key" is not a project key/m);
  const two = await runBb(['project', 'view', 'a/WEB', '--workspace', 'b'], { env });
  assert.equal(two.code, 2);
  assert.match(two.stderr, /^error 5002 INVALID_ARGUMENT: two workspaces given/m);
});

test('project create: POSTs name, key, visibility, description; prints the URL when piped', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/workspaces/myteam/projects',
    status: 201,
    body: project('MOB', { name: 'Mobile', is_private: true }),
    check: ({ body }) => assert.deepEqual(JSON.parse(body), { type: 'project', name: 'Mobile', key: 'MOB', is_private: true, description: 'apps' }),
  });
  const r = await runBb(['project', 'create', 'Mobile', '--key', 'MOB', '--private', '--description', 'apps', '--workspace', 'myteam'], {
    fetch: reg.fetch,
    env,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Created project MOB \(Mobile\) in myteam/);
  assert.equal(r.stdout, 'https://bitbucket.test/myteam/workspace/projects/MOB\n');
  reg.verify();
});

test('project create: --dry-run sends nothing; --key is required and checked; 409 conflict', async () => {
  const reg = new FetchRegistry();
  const d = await runBb(['project', 'create', 'Tools', '--key', 'TOOLS', '--workspace', 'myteam', '--dry-run'], { fetch: reg.fetch });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /^would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/workspaces\/myteam\/projects$/m);
  assert.match(d.stdout, /"key": "TOOLS"/);
  assert.match(d.stdout, /^required scopes: admin:project:bitbucket$/m);
  assert.equal(reg.requests.length, 0);

  const nokey = await runBb(['project', 'create', 'Tools', '--workspace', 'myteam'], { env });
  assert.equal(nokey.code, 2);
  assert.match(nokey.stderr, /^error 5001 USAGE: a project needs a key/m);
  const badkey = await runBb(['project', 'create', 'Tools', '--key', '1-bad', '--workspace', 'myteam'], { env });
  assert.equal(badkey.code, 2);
  assert.match(badkey.stderr, /^error 5002 INVALID_ARGUMENT: "1-bad" is not a project key/m);

  const conflict = new FetchRegistry().stub({
    method: 'POST',
    path: '/workspaces/myteam/projects',
    status: 409,
    body: { type: 'error', error: { message: 'A project with key TOOLS already exists' } },
  });
  const c = await runBb(['project', 'create', 'Tools', '--key', 'TOOLS', '--workspace', 'myteam'], { fetch: conflict.fetch, env });
  assert.equal(c.code, 1);
  assert.match(c.stderr, /^error 2004 API_CONFLICT: .*already exists/m);
  conflict.verify();
});
