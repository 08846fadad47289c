import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FetchRegistry, TEST_API } from '../../../test/support/fake-fetch.js';
import { gitWithRemote, runBb, tempDir } from '../../../test/support/run.js';

const env = { BB_TOKEN: 'tok-secret-123' };

const access = (slug: string, administrator: boolean, name?: string) => ({
  type: 'workspace_access',
  administrator,
  workspace: { type: 'workspace_base', slug, uuid: `{${slug}}`, ...(name ? { name } : {}), links: { html: { href: `https://bitbucket.test/${slug}/` } } },
});

const workspace = {
  type: 'workspace',
  slug: 'myteam',
  name: 'My Team',
  uuid: '{myteam-uuid}',
  is_private: true,
  forking_mode: 'allow_forks',
  created_on: '2020-05-01T10:00:00+00:00',
  links: { html: { href: 'https://bitbucket.test/myteam/' } },
};

test('workspace list: GET /user/workspaces; rows piped, table on a terminal, JSON', async () => {
  const values = [access('myteam', true, 'My Team'), access('oss', false)];
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/user/workspaces', body: { values }, check: ({ url }) => assert.equal(url.searchParams.get('administrator'), null) })
    .stub({ method: 'GET', path: '/user/workspaces', body: { values } })
    .stub({ method: 'GET', path: '/user/workspaces', body: { values } });
  const r = await runBb(['workspace', 'list'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'myteam\tMy Team\tadmin\noss\t\tmember\n');
  const t = await runBb(['workspace', 'list'], { fetch: reg.fetch, env, tty: true });
  assert.match(t.stdout, /^SLUG\s+NAME\s+ROLE\nmyteam\s+My Team\s+admin\noss\s+member\n$/);
  const j = await runBb(['workspace', 'list', '--json', 'slug,administrator,url'], { fetch: reg.fetch, env });
  assert.deepEqual(JSON.parse(j.stdout), [
    { slug: 'myteam', administrator: true, url: 'https://bitbucket.test/myteam/' },
    { slug: 'oss', administrator: false, url: 'https://bitbucket.test/oss/' },
  ]);
  reg.verify();
});

test('workspace list --admin filters on the server; --limit; --jq', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/user/workspaces',
    body: { values: [access('myteam', true)] },
    check: ({ url }) => {
      assert.equal(url.searchParams.get('administrator'), 'true');
      assert.equal(url.searchParams.get('pagelen'), '2');
    },
  });
  const r = await runBb(['workspace', 'list', '--admin', '-L', '2', '--json', 'slug', '--jq', '.[].slug'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'myteam\n');
  reg.verify();
});

test('workspace list: unknown --json field is exit 2, code 5004; 401 is exit 4', async () => {
  const bad = await runBb(['workspace', 'list', '--json', 'owner'], { env });
  assert.equal(bad.code, 2);
  assert.equal(JSON.parse(bad.stderr).error.code, 5004);
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/user/workspaces',
    status: 401,
    body: { type: 'error', error: { message: 'Token is invalid' } },
  });
  const r = await runBb(['workspace', 'list'], { fetch: reg.fetch, env });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 1002 AUTH_INVALID/m);
  reg.verify();
});

test('workspace view: key-value fields; from the argument, the default_workspace setting or the git remote', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/workspaces/myteam', body: workspace })
    .stub({ method: 'GET', path: '/workspaces/myteam', body: workspace })
    .stub({ method: 'GET', path: '/workspaces/myteam', body: workspace });
  const r = await runBb(['workspace', 'view', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'name:\tMy Team\nslug:\tmyteam\nvisibility:\tprivate\nuuid:\t{myteam-uuid}\ncreated:\t2020-05-01T10:00:00+00:00\nweb:\thttps://bitbucket.test/myteam/\n',
  );
  const configDir = tempDir();
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ default_workspace: 'myteam' }));
  const c = await runBb(['workspace', 'view', '--json', 'slug,isPrivate'], { fetch: reg.fetch, env, configDir });
  assert.deepEqual(JSON.parse(c.stdout), { slug: 'myteam', isPrivate: true });
  const g = await runBb(['workspace', 'view', '--json', 'name'], { fetch: reg.fetch, env, git: gitWithRemote('git@bitbucket.org:myteam/website.git') });
  assert.deepEqual(JSON.parse(g.stdout), { name: 'My Team' });
  reg.verify();
});

test('workspace view --web opens the page; errors: not found, no workspace, malformed', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/workspaces/myteam', body: workspace })
    .stub({ method: 'GET', path: '/workspaces/ghost', status: 404, body: { type: 'error', error: { message: 'No workspace with identifier ghost' } } });
  const opened: string[] = [];
  const w = await runBb(['workspace', 'view', 'myteam', '--web'], { fetch: reg.fetch, env, browser: { open: async (u) => void opened.push(u) } });
  assert.equal(w.code, 0, w.stderr);
  assert.deepEqual(opened, ['https://bitbucket.test/myteam/']);
  assert.equal(w.stdout, '');
  const nf = await runBb(['workspace', 'view', 'ghost'], { fetch: reg.fetch, env });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND: .*ghost/m);
  reg.verify();

  const none = await runBb(['workspace', 'view'], { env });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error 6002 NO_WORKSPACE/m);
  const bad = await runBb(['workspace', 'view', 'my/team'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: "my\/team" is not a workspace/m);
  assert.ok(TEST_API);
});
