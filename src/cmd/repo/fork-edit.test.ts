import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { fakeGit, REMOTE } from '../pr/test-fixtures.js';

const ENV = { BB_TOKEN: 'secret-token-123' };
const repo = (workspace: string, slug: string, over: Record<string, unknown> = {}) => ({
  type: 'repository',
  full_name: `${workspace}/${slug}`,
  name: slug,
  slug,
  is_private: true,
  links: {
    html: { href: `https://bitbucket.org/${workspace}/${slug}` },
    clone: [
      { name: 'https', href: `https://me@bitbucket.org/${workspace}/${slug}.git` },
      { name: 'ssh', href: `git@bitbucket.org:${workspace}/${slug}.git` },
    ],
  },
  ...over,
});

test('repo fork: POST …/forks with workspace and name; --remote makes the fork origin and the original upstream', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/repositories/acme/web/forks',
    status: 201,
    body: repo('me', 'web-x', { parent: { full_name: 'acme/web' } }),
    check: ({ body }) => assert.deepEqual(JSON.parse(body), { workspace: { slug: 'me' }, name: 'web-x' }),
  });
  const git = fakeGit({ ...REMOTE, 'remote rename origin upstream': '', 'remote add origin https://bitbucket.org/me/web-x.git': '' });
  const r = await runBb(['repo', 'fork', '--workspace', 'me', '--fork-name', 'web-x', '--remote'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://bitbucket.org/me/web-x\n');
  assert.match(r.stderr, /✓ Forked acme\/web to me\/web-x\n✓ Remote origin is the fork; the original is now upstream\n/);
  assert.deepEqual(
    git.calls.filter((c) => c[1] === 'rename' || c[1] === 'add'),
    [
      ['remote', 'rename', 'origin', 'upstream'],
      ['remote', 'add', 'origin', 'https://bitbucket.org/me/web-x.git'],
    ],
  );
  reg.verify();
});

test('repo fork --clone clones the fork and adds the original as upstream; --dry-run sends nothing', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'POST', path: '/repositories/acme/web/forks', status: 201, body: repo('me', 'web') })
    .stub({ method: 'GET', path: '/repositories/acme/web', body: repo('acme', 'web') });
  const git = fakeGit({ 'clone -- https://bitbucket.org/me/web.git web': '', '-C web remote add upstream https://bitbucket.org/acme/web.git': '' });
  const r = await runBb(['repo', 'fork', 'acme/web', '--clone'], { fetch: reg.fetch, env: ENV, git });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    git.calls.map((c) => c.join(' ')),
    ['clone -- https://bitbucket.org/me/web.git web', '-C web remote add upstream https://bitbucket.org/acme/web.git'],
  );
  reg.verify();
  const d = await runBb(['repo', 'fork', 'acme/web', '--dry-run'], { env: ENV });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout + d.stderr, /would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/acme\/web\/forks\n/);
  const both = await runBb(['repo', 'fork', 'acme/web', '--clone', '--remote'], { env: ENV });
  assert.equal(both.code, 2);
});

test('repo edit sends only the given settings; nothing to change is an error; repo rename PUTs the name', async () => {
  const reg = new FetchRegistry()
    .stub({
      method: 'PUT',
      path: '/repositories/acme/web',
      body: repo('acme', 'web', { description: 'Site', is_private: false }),
      check: ({ body }) =>
        assert.deepEqual(JSON.parse(body), { description: 'Site', is_private: false, mainbranch: { type: 'branch', name: 'develop' }, has_issues: true }),
    })
    .stub({
      method: 'PUT',
      path: '/repositories/acme/web',
      body: repo('acme', 'website'),
      check: ({ body }) => assert.deepEqual(JSON.parse(body), { name: 'website' }),
    });
  const e = await runBb(['repo', 'edit', 'acme/web', '--description', 'Site', '--visibility', 'public', '--main-branch', 'develop', '--enable-issues'], {
    fetch: reg.fetch,
    env: ENV,
  });
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /✓ Edited repository acme\/web/);
  const n = await runBb(['repo', 'rename', 'website', '-R', 'acme/web', '--json', 'fullName'], { fetch: reg.fetch, env: ENV });
  assert.equal(n.code, 0, n.stderr);
  assert.deepEqual(JSON.parse(n.stdout), { fullName: 'acme/website' });
  reg.verify();
  const none = await runBb(['repo', 'edit', 'acme/web'], { env: ENV });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /nothing to change/);
});
