import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry, TEST_API } from '../../../test/support/fake-fetch.js';
import { gitWithRemote, runBb } from '../../../test/support/run.js';
import type { Git, GitRunOptions } from '../../git/git.js';

const TOKEN = 'tok-secret-123';
const env = { BB_TOKEN: TOKEN };
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();

function repo(slug: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'repository',
    name: slug,
    slug,
    full_name: `myteam/${slug}`,
    description: `the ${slug} repo`,
    is_private: true,
    language: 'typescript',
    mainbranch: { type: 'branch', name: 'main' },
    created_on: '2024-01-01T00:00:00+00:00',
    updated_on: hoursAgo(3),
    size: 1234,
    uuid: `{${slug}-uuid}`,
    scm: 'git',
    project: { type: 'project', key: 'WEB', name: 'Web', uuid: '{p}' },
    owner: { type: 'team', display_name: 'My Team', uuid: '{t}' },
    links: {
      html: { href: `https://bitbucket.test/myteam/${slug}` },
      clone: [
        { name: 'https', href: `https://ada@bitbucket.test/myteam/${slug}.git` },
        { name: 'ssh', href: `git@bitbucket.test:myteam/${slug}.git` },
      ],
    },
    ...extra,
  };
}

const notFound = { type: 'error', error: { message: 'Repository myteam/nope not found' } };

// ---------------------------------------------------------------- repo list

test('repo list: piped output is tab-separated rows with the raw timestamp', async () => {
  const a = repo('website');
  const b = repo('tools', { is_private: false, description: '' });
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/myteam',
    body: { values: [a, b], pagelen: 30 },
    check: ({ url }) => {
      assert.equal(url.searchParams.get('sort'), '-updated_on');
      assert.equal(url.searchParams.get('pagelen'), '30');
      assert.equal(url.searchParams.get('q'), null);
    },
  });
  const r = await runBb(['repo', 'list', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `myteam/website\tthe website repo\tprivate\t${a.updated_on}\nmyteam/tools\t\tpublic\t${b.updated_on}\n`);
  assert.equal(r.stderr, '');
  reg.verify();
});

test('repo list: on a terminal an aligned table with a header and relative times', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/myteam',
    body: { values: [repo('website'), repo('tools', { is_private: false })] },
  });
  const r = await runBb(['repo', 'list', 'myteam'], { fetch: reg.fetch, env, tty: true });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+DESCRIPTION\s+VISIBILITY\s+UPDATED$/);
  assert.match(lines[1] ?? '', /^myteam\/website\s+the website repo\s+private\s+3 hours ago$/);
  assert.match(lines[2] ?? '', /^myteam\/tools\s+the tools repo\s+public\s+3 hours ago$/);
  // columns line up
  assert.equal(lines[0]?.indexOf('VISIBILITY'), lines[1]?.indexOf('private'));
  reg.verify();
});

test('repo list: filters become one q; --limit sets pagelen; workspace from the git remote', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/myteam',
    body: { values: [repo('website')] },
    check: ({ url }) => {
      assert.equal(url.searchParams.get('q'), '(name ~ "web") AND is_private = true AND language = "go"');
      assert.equal(url.searchParams.get('sort'), 'created_on');
      assert.equal(url.searchParams.get('pagelen'), '5');
    },
  });
  const r = await runBb(['repo', 'list', '--visibility', 'private', '--language', 'Go', '--search', 'name ~ "web"', '--sort', 'created_on', '-L', '5'], {
    fetch: reg.fetch,
    env,
    git: gitWithRemote('git@bitbucket.org:myteam/website.git'),
  });
  assert.equal(r.code, 0, r.stderr);
  reg.verify();
});

test('repo list --all follows next links', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam', body: { values: [repo('a')], next: `${TEST_API}/repositories/myteam?page=2` } })
    .stub({ method: 'GET', path: '/repositories/myteam?page=2', body: { values: [repo('b')] } });
  const r = await runBb(['repo', 'list', 'myteam', '--all', '--json', 'slug'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ slug: 'a' }, { slug: 'b' }]);
  reg.verify();
});

test('repo list --json picks fields; unknown field is exit 2, code 5004, before any request', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam', body: { values: [repo('website')] } });
  const r = await runBb(['repo', 'list', 'myteam', '--json', 'fullName,visibility,mainBranch,project'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { fullName: 'myteam/website', visibility: 'private', mainBranch: 'main', project: { key: 'WEB', name: 'Web', uuid: '{p}' } },
  ]);
  reg.verify();

  const bad = await runBb(['repo', 'list', 'myteam', '--json', 'fullName,stars'], { env });
  assert.equal(bad.code, 2);
  const err = JSON.parse(bad.stderr);
  assert.equal(err.error.code, 5004);
  assert.match(err.error.message, /unknown JSON field: stars/);
});

test('repo list: no workspace anywhere is NO_WORKSPACE; a bad --sort is INVALID_ARGUMENT', async () => {
  const r = await runBb(['repo', 'list'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 6002 NO_WORKSPACE: no workspace given/m);
  assert.match(r.stderr, /^hint: .*default_workspace/m);

  const s = await runBb(['repo', 'list', 'myteam', '--sort', 'name; drop'], { env });
  assert.equal(s.code, 2);
  assert.match(s.stderr, /^error 5002 INVALID_ARGUMENT: --sort/m);

  const v = await runBb(['repo', 'list', 'myteam', '--visibility', 'secret'], { env });
  assert.equal(v.code, 2);
  assert.match(v.stderr, /^error 5002 INVALID_ARGUMENT: .*secret/m);
});

test('repo list: an empty workspace prints nothing on stdout, a note on a terminal', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam', body: { values: [] } }).stub({
    method: 'GET',
    path: '/repositories/myteam',
    body: { values: [] },
  });
  const piped = await runBb(['repo', 'list', 'myteam'], { fetch: reg.fetch, env });
  assert.equal(piped.code, 0);
  assert.equal(piped.stdout + piped.stderr, '');
  const tty = await runBb(['repo', 'list', 'myteam'], { fetch: reg.fetch, env, tty: true });
  assert.equal(tty.stdout, '');
  assert.match(tty.stderr, /No repositories match in myteam/);
  reg.verify();
});

// ---------------------------------------------------------------- repo view

test('repo view: key-value fields, piped as label<TAB>value; clone URL without the user name', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const r = await runBb(['repo', 'view', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^name:\tmyteam\/website$/m);
  assert.match(r.stdout, /^description:\tthe website repo$/m);
  assert.match(r.stdout, /^visibility:\tprivate$/m);
  assert.match(r.stdout, /^main branch:\tmain$/m);
  assert.match(r.stdout, /^project:\tWeb \(WEB\)$/m);
  assert.match(r.stdout, /^language:\ttypescript$/m);
  assert.match(r.stdout, /^clone \(https\):\thttps:\/\/bitbucket\.test\/myteam\/website\.git$/m);
  assert.match(r.stdout, /^clone \(ssh\):\tgit@bitbucket\.test:myteam\/website\.git$/m);
  assert.match(r.stdout, /^web:\thttps:\/\/bitbucket\.test\/myteam\/website$/m);
  reg.verify();
});

test('repo view --json full_name: an old field name still works for one release, with a notice naming the new one', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') })
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const r = await runBb(['repo', 'view', '-R', 'myteam/website', '--json', 'full_name,sshUrl,mainbranch'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  // under the name asked for, so a script's `.full_name` keeps reading it
  assert.deepEqual(JSON.parse(r.stdout), { full_name: 'myteam/website', sshUrl: 'git@bitbucket.test:myteam/website.git', mainbranch: 'main' });
  assert.equal(
    r.stderr,
    'full_name is now fullName (the old --json name works until the next release)\n' +
      'mainbranch is now mainBranch (the old --json name works until the next release)\n',
  );
  const q = await runBb(['repo', 'view', '-R', 'myteam/website', '--json', 'full_name', '--jq', '.full_name'], { fetch: reg.fetch, env });
  assert.equal(q.stdout, 'myteam/website\n');
  // the list of fields names only today's
  const list = await runBb(['repo', 'view', '-R', 'myteam/website', '--json'], { env });
  assert.equal(list.code, 2);
  assert.match(list.stderr, /available fields: .*\bfullName\b/);
  assert.doesNotMatch(list.stderr, /full_name|https_url/);
  reg.verify();
});

test('repo view: the repository from -R, BB_REPO or the git remote; --json; --web', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') })
    .stub({ method: 'GET', path: '/repositories/myteam/tools', body: repo('tools') })
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const a = await runBb(['repo', 'view', '-R', 'myteam/website', '--json', 'fullName,httpsUrl,sshUrl'], { fetch: reg.fetch, env });
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout), {
    fullName: 'myteam/website',
    httpsUrl: 'https://bitbucket.test/myteam/website.git',
    sshUrl: 'git@bitbucket.test:myteam/website.git',
  });
  const b = await runBb(['repo', 'view', '--json', 'slug'], { fetch: reg.fetch, env: { ...env, BB_REPO: 'myteam/tools' } });
  assert.deepEqual(JSON.parse(b.stdout), { slug: 'tools' });

  const opened: string[] = [];
  const w = await runBb(['repo', 'view', '--web'], {
    fetch: reg.fetch,
    env,
    git: gitWithRemote('https://ada@bitbucket.org/myteam/website.git'),
    browser: { open: async (url) => void opened.push(url) },
  });
  assert.equal(w.code, 0, w.stderr);
  assert.equal(w.stdout, '');
  assert.deepEqual(opened, ['https://bitbucket.test/myteam/website']);
  reg.verify();
});

test('repo view accepts a Bitbucket URL', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const r = await runBb(['repo', 'view', 'https://bitbucket.org/myteam/website', '--json', 'slug'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { slug: 'website' });
  reg.verify();
});

test('repo view: not found is API_NOT_FOUND (exit 1); a malformed repository is INVALID_REPO (exit 2)', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/nope', status: 404, body: notFound });
  const r = await runBb(['repo', 'view', 'myteam/nope'], { fetch: reg.fetch, env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 2002 API_NOT_FOUND: .*not found/m);
  reg.verify();

  for (const bad of [
    ['repo', 'view', 'just-a-name'],
    ['repo', 'view', '-R', 'a/b/c'],
  ]) {
    const x = await runBb(bad, { env });
    assert.equal(x.code, 2, bad.join(' '));
    assert.match(x.stderr, /^error 5003 INVALID_REPO: /m);
    assert.doesNotMatch(x.stderr, /\n\s+at /);
  }
  const both = await runBb(['repo', 'view', 'myteam/a', '-R', 'myteam/b'], { env });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^error 5002 INVALID_ARGUMENT: two repositories given/m);

  const none = await runBb(['repo', 'view'], { env });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error 6001 NO_REPO_CONTEXT/m);
});

// ---------------------------------------------------------------- repo clone

interface GitCall {
  args: string[];
  opts?: GitRunOptions;
}

function recordingGit(calls: GitCall[]): Git {
  return {
    async run(args, opts) {
      calls.push({ args, opts });
      if (args[0] === 'remote') throw new Error('not a git repository');
      return '';
    },
  };
}

test('repo clone: https URL without credentials; the token reaches git only through a helper in its environment', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'clone', 'myteam/website', 'site', '--', '--depth', '1'], { fetch: reg.fetch, env, git: recordingGit(calls) });
  assert.equal(r.code, 0, r.stderr);
  const clone = calls.find((c) => c.args[0] === 'clone');
  assert.ok(clone);
  assert.deepEqual(clone.args, ['clone', '--depth', '1', '--', 'https://bitbucket.test/myteam/website.git', 'site']);
  assert.equal(clone.opts?.inherit, true);
  assert.ok(!clone.args.join(' ').includes(TOKEN), 'token not in argv');
  const e = clone.opts?.env ?? {};
  assert.equal(e.GIT_CONFIG_COUNT, '2');
  assert.equal(e.GIT_CONFIG_KEY_0, 'credential.https://bitbucket.test.helper');
  assert.equal(e.GIT_CONFIG_VALUE_0, '', 'resets the user helpers for this host');
  assert.equal(e.GIT_CONFIG_KEY_1, 'credential.https://bitbucket.test.helper');
  assert.match(e.GIT_CONFIG_VALUE_1 ?? '', /^!f\(\) \{ .*\$BB_GIT_PASSWORD/);
  assert.ok(!(e.GIT_CONFIG_VALUE_1 ?? '').includes(TOKEN), 'token not in the helper text');
  assert.equal(e.BB_GIT_USERNAME, 'x-token-auth', 'access tokens use x-token-auth');
  assert.equal(e.BB_GIT_PASSWORD, TOKEN);
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN));
  reg.verify();
});

test('repo clone: API tokens use the static API-token username; existing GIT_CONFIG_COUNT entries are kept', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'clone', 'https://bitbucket.org/myteam/website'], {
    fetch: reg.fetch,
    env: { BB_TOKEN: TOKEN, BB_EMAIL: 'ada@example.com', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.autocrlf', GIT_CONFIG_VALUE_0: 'false' },
    git: recordingGit(calls),
  });
  assert.equal(r.code, 0, r.stderr);
  const clone = calls.find((c) => c.args[0] === 'clone');
  assert.deepEqual(clone?.args, ['clone', '--', 'https://bitbucket.test/myteam/website.git']);
  const e = clone?.opts?.env ?? {};
  assert.equal(e.GIT_CONFIG_COUNT, '3');
  assert.equal(e.GIT_CONFIG_KEY_0, undefined, "the user's own entry is left alone");
  assert.equal(e.GIT_CONFIG_KEY_1, 'credential.https://bitbucket.test.helper');
  assert.equal(e.GIT_CONFIG_KEY_2, 'credential.https://bitbucket.test.helper');
  assert.equal(e.BB_GIT_USERNAME, 'x-bitbucket-api-token-auth');
  assert.ok(!JSON.stringify(clone?.args).includes('ada@example.com'));
  reg.verify();
});

test('repo clone WORKSPACE/REPO -- FLAGS: the flags go to git, no directory', async () => {
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'clone', 'myteam/website', '--', '--depth', '1', '--branch', 'dev'], { fetch: reg.fetch, env, git: recordingGit(calls) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(calls.find((c) => c.args[0] === 'clone')?.args, [
    'clone',
    '--depth',
    '1',
    '--branch',
    'dev',
    '--',
    'https://bitbucket.test/myteam/website.git',
  ]);
  reg.verify();
});

test('repo clone: git_protocol ssh clones the ssh URL with no credential at all', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tempDir } = await import('../../../test/support/run.js');
  const configDir = tempDir();
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ git_protocol: 'ssh' }));
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'clone', 'myteam/website'], { fetch: reg.fetch, env, git: recordingGit(calls), configDir });
  assert.equal(r.code, 0, r.stderr);
  const clone = calls.find((c) => c.args[0] === 'clone');
  assert.deepEqual(clone?.args, ['clone', '--', 'git@bitbucket.test:myteam/website.git']);
  assert.equal(clone?.opts?.env, undefined);
  reg.verify();
});

test('repo clone: no credential for a clone URL on a host other than the API', async () => {
  const evil = repo('website', { links: { clone: [{ name: 'https', href: 'https://evil.example/myteam/website.git' }] } });
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/repositories/myteam/website', body: evil });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'clone', 'myteam/website'], { fetch: reg.fetch, env, git: recordingGit(calls) });
  assert.equal(r.code, 0, r.stderr);
  const clone = calls.find((c) => c.args[0] === 'clone');
  assert.equal(clone?.opts?.env, undefined);
  reg.verify();
});

test('repo clone: bad input, not found, and a failing git', async () => {
  const bad = await runBb(['repo', 'clone', 'website'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5003 INVALID_REPO/m);
  const missing = await runBb(['repo', 'clone'], { env });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error 5001 USAGE: missing required argument/m);
  const flagNoDash = await runBb(['repo', 'clone', 'myteam/website', '--depth', '1'], { env });
  assert.equal(flagNoDash.code, 2);
  assert.match(flagNoDash.stderr, /unknown option '--depth'/);

  const reg = new FetchRegistry()
    .stub({ method: 'GET', path: '/repositories/myteam/nope', status: 404, body: notFound })
    .stub({ method: 'GET', path: '/repositories/myteam/website', body: repo('website') });
  const nf = await runBb(['repo', 'clone', 'myteam/nope'], { fetch: reg.fetch, env, git: recordingGit([]) });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND/m);
  const { BbError } = await import('../../core/errors.js');
  const failing: Git = {
    async run(args) {
      if (args[0] === 'clone') throw new BbError('GIT_FAILED', 'git clone failed (exit 128)');
      throw new Error('no');
    },
  };
  const gf = await runBb(['repo', 'clone', 'myteam/website'], { fetch: reg.fetch, env, git: failing });
  assert.equal(gf.code, 1);
  assert.match(gf.stderr, /^error 3002 GIT_FAILED: git clone failed/m);
  assert.ok(!gf.stderr.includes(TOKEN));
  reg.verify();
});

// ---------------------------------------------------------------- repo create

test('repo create: POSTs the repository (private by default) and prints its URL when piped', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/repositories/myteam/my-site',
    body: repo('my-site', { name: 'My Site' }),
    check: ({ body }) =>
      assert.deepEqual(JSON.parse(body), {
        type: 'repository',
        scm: 'git',
        name: 'My Site',
        is_private: true,
        description: 'hello',
        project: { type: 'project', key: 'WEB' },
      }),
  });
  const r = await runBb(['repo', 'create', 'My Site', '--workspace', 'myteam', '--project', 'WEB', '--description', 'hello'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://bitbucket.test/myteam/my-site\n');
  assert.match(r.stderr, /✓ Created repository myteam\/my-site/);
  reg.verify();
});

test('repo create WORKSPACE/NAME --public --clone clones the new repository', async () => {
  const reg = new FetchRegistry().stub({
    method: 'POST',
    path: '/repositories/myteam/tools',
    body: repo('tools', { is_private: false }),
    check: ({ body }) => assert.equal(JSON.parse(body).is_private, false),
  });
  const calls: GitCall[] = [];
  const r = await runBb(['repo', 'create', 'myteam/tools', '--public', '--clone'], { fetch: reg.fetch, env, git: recordingGit(calls) });
  assert.equal(r.code, 0, r.stderr);
  const clone = calls.find((c) => c.args[0] === 'clone');
  assert.deepEqual(clone?.args, ['clone', '--', 'https://bitbucket.test/myteam/tools.git', 'tools']);
  assert.equal(clone?.opts?.env?.BB_GIT_PASSWORD, TOKEN);
  reg.verify();
});

test('repo create --dry-run sends nothing and needs no credential', async () => {
  const reg = new FetchRegistry();
  const r = await runBb(['repo', 'create', 'myteam/tools', '--dry-run'], { fetch: reg.fetch });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^would send: POST https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/myteam\/tools$/m);
  assert.match(r.stdout, /"is_private": true/);
  assert.match(r.stdout, /^required scopes: admin:repository:bitbucket$/m);
  assert.match(r.stderr, /dry run: nothing was sent/);
  assert.equal(reg.requests.length, 0);
});

test('repo create: bad input', async () => {
  const both = await runBb(['repo', 'create', 'myteam/x', '--public', '--private'], { env });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^error 5002 INVALID_ARGUMENT: --private and --public/m);
  const slug = await runBb(['repo', 'create', 'myteam/!!!'], { env });
  assert.equal(slug.code, 2);
  assert.match(slug.stderr, /^error 5002 INVALID_ARGUMENT: .*slug/m);
  const path = await runBb(['repo', 'create', 'a/b/c'], { env });
  assert.equal(path.code, 2);
  assert.match(path.stderr, /^error 5003 INVALID_REPO/m);
  const nows = await runBb(['repo', 'create', 'tools'], { env });
  assert.equal(nows.code, 1);
  assert.match(nows.stderr, /^error 6002 NO_WORKSPACE/m);
});

// ---------------------------------------------------------------- repo delete

test('repo delete: without --yes and without a terminal it refuses (exit 2, code 5005) and sends nothing', async () => {
  const reg = new FetchRegistry();
  const r = await runBb(['repo', 'delete', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5005 CONFIRMATION_REQUIRED: refusing to delete repository myteam\/website/m);
  assert.match(r.stderr, /^hint: pass --yes/m);
  assert.equal(reg.requests.length, 0);
  const j = await runBb(['repo', 'delete', 'myteam/website', '--json'], { fetch: reg.fetch, env });
  // repo delete has no --json: a usage error
  assert.equal(j.code, 2);
});

test('repo delete --yes deletes; on a terminal the full name must be typed', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'DELETE', path: '/repositories/myteam/website', status: 204 })
    .stub({ method: 'DELETE', path: '/repositories/myteam/tools', status: 204 });
  const r = await runBb(['repo', 'delete', 'myteam/website', '--yes'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /✓ Deleted repository myteam\/website/);
  assert.equal(r.stdout, '');

  const prompts: string[] = [];
  const t = await runBb(['repo', 'delete', '-R', 'myteam/tools'], {
    fetch: reg.fetch,
    env,
    tty: true,
    prompter: {
      input: async (m) => {
        prompts.push(m);
        return 'myteam/tools';
      },
    },
  });
  assert.equal(t.code, 0, t.stderr);
  assert.match(prompts[0] ?? '', /Type myteam\/tools to confirm/);

  const wrong = await runBb(['repo', 'delete', 'myteam/tools'], { fetch: reg.fetch, env, tty: true, prompter: { input: async () => 'tools' } });
  assert.equal(wrong.code, 130);
  assert.match(wrong.stderr, /^error 5006 CANCELLED/m);
  reg.verify();
});

test('repo delete: --dry-run sends nothing; not found is API_NOT_FOUND', async () => {
  const reg = new FetchRegistry().stub({ method: 'DELETE', path: '/repositories/myteam/nope', status: 404, body: notFound });
  const d = await runBb(['repo', 'delete', 'myteam/website', '--dry-run'], { fetch: reg.fetch, env });
  assert.equal(d.code, 0);
  assert.match(d.stdout, /^would send: DELETE https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/myteam\/website$/m);
  assert.equal(reg.requests.length, 0);
  const nf = await runBb(['repo', 'delete', 'myteam/nope', '--yes'], { fetch: reg.fetch, env });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND/m);
  reg.verify();
});

// ---------------------------------------------------------------- default reviewers

const ada = { type: 'user', display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{ada-uuid}', account_id: '557058:ada' };
const bob = { type: 'user', display_name: 'Bob', nickname: 'bob', uuid: '{bob-uuid}', account_id: '557058:bob' };

test('repo default-reviewers list: rows piped, table on a terminal, JSON', async () => {
  const path = '/repositories/myteam/website/default-reviewers';
  const reg = new FetchRegistry()
    .stub({ method: 'GET', path, body: { values: [ada, bob] } })
    .stub({ method: 'GET', path, body: { values: [ada, bob] } })
    .stub({ method: 'GET', path, body: { values: [ada] } });
  const r = await runBb(['repo', 'default-reviewers', 'list', '-R', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Ada Lovelace\tada\t{ada-uuid}\nBob\tbob\t{bob-uuid}\n');
  const t = await runBb(['repo', 'default-reviewers', 'list', '-R', 'myteam/website'], { fetch: reg.fetch, env, tty: true });
  assert.match(t.stdout, /^NAME\s+NICKNAME\s+UUID\nAda Lovelace\s+ada\s+\{ada-uuid\}\nBob\s+bob\s+\{bob-uuid\}\n$/);
  const j = await runBb(['repo', 'default-reviewers', 'list', '--json', 'nickname,accountId'], {
    fetch: reg.fetch,
    env,
    git: gitWithRemote('https://bitbucket.org/myteam/website.git'),
  });
  assert.deepEqual(JSON.parse(j.stdout), [{ nickname: 'ada', accountId: '557058:ada' }]);
  reg.verify();
});

test('repo default-reviewers add/remove: PUT and DELETE; --dry-run sends nothing; bad user; 404', async () => {
  const reg = new FetchRegistry()
    .stub({ method: 'PUT', path: '/repositories/myteam/website/default-reviewers/ada', body: ada })
    .stub({ method: 'DELETE', path: '/repositories/myteam/website/default-reviewers/%7Bbob-uuid%7D', status: 204 })
    .stub({
      method: 'PUT',
      path: '/repositories/myteam/website/default-reviewers/ghost',
      status: 404,
      body: { type: 'error', error: { message: 'ghost not found' } },
    });
  const a = await runBb(['repo', 'default-reviewers', 'add', 'ada', '-R', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /✓ Added Ada Lovelace \(ada\) as a default reviewer of myteam\/website/);
  const d = await runBb(['repo', 'default-reviewers', 'remove', '{bob-uuid}', '-R', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stderr, /✓ Removed \{bob-uuid\} from the default reviewers of myteam\/website/);
  const nf = await runBb(['repo', 'default-reviewers', 'add', 'ghost', '-R', 'myteam/website'], { fetch: reg.fetch, env });
  assert.equal(nf.code, 1);
  assert.match(nf.stderr, /^error 2002 API_NOT_FOUND/m);
  reg.verify();

  const before = reg.requests.length;
  const dry = await runBb(['repo', 'default-reviewers', 'remove', 'ada', '-R', 'myteam/website', '--dry-run'], { fetch: reg.fetch, env });
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /^would send: DELETE https:\/\/api\.bitbucket\.test\/2\.0\/repositories\/myteam\/website\/default-reviewers\/ada$/m);
  const dry2 = await runBb(['repo', 'default-reviewers', 'add', 'ada', '-R', 'myteam/website', '--dry-run', '--json'], { fetch: reg.fetch, env });
  assert.equal(dry2.code, 2, 'add has no --json');
  assert.equal(reg.requests.length, before);

  const bad = await runBb(['repo', 'default-reviewers', 'add', 'a/b', '-R', 'myteam/website'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: "a\/b" is not a user/m);
  const badRepo = await runBb(['repo', 'default-reviewers', 'add', 'ada', '-R', 'nope'], { env });
  assert.equal(badRepo.code, 2);
  assert.match(badRepo.stderr, /^error 5003 INVALID_REPO/m);
});

test('the clone credential helper works with real git, for that host only, and is never stored', async (t) => {
  const { execFile } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tempDir } = await import('../../../test/support/run.js');
  const { createContext } = await import('../../context/context.js');
  const { gitEnv } = await import('../../git/credential.js');
  const home = tempDir();
  const storeFile = join(home, 'stored-credentials');
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', BB_API_URL: TEST_API };
  const git = (args: string[], input: string, extra: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = execFile('git', args, { env: { ...baseEnv, ...extra } }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout }),
      );
      child.stdin?.on('error', () => {}); // git --version does not read stdin
      child.stdin?.end(input);
    });
  const probe = await git(['--version'], '');
  if (probe.code !== 0) return t.skip('git is not installed');
  // the user's own helper would store any credential git approves
  await git(['config', '--global', 'credential.helper', `store --file ${storeFile}`], '');

  const ctx = createContext({ env: baseEnv, configDir: home });
  const helperEnv = gitEnv(ctx, await ctx.host(), 'https://bitbucket.test/myteam/website.git', { kind: 'access-token', token: TOKEN, source: 'env' });
  assert.ok(helperEnv);
  const fill = await git(['credential', 'fill'], 'protocol=https\nhost=bitbucket.test\npath=myteam/website.git\n\n', helperEnv);
  assert.equal(fill.code, 0);
  assert.match(fill.out, /^username=x-token-auth$/m);
  assert.match(fill.out, new RegExp(`^password=${TOKEN}$`, 'm'));
  const approve = await git(['credential', 'approve'], `protocol=https\nhost=bitbucket.test\nusername=x-token-auth\npassword=${TOKEN}\n\n`, helperEnv);
  assert.equal(approve.code, 0);
  assert.equal(existsSync(storeFile), false, "the user's store helper never saw the token");
  // another host gets nothing from bb's helper
  const other = await git(['credential', 'fill'], 'protocol=https\nhost=elsewhere.example\n\n', helperEnv);
  assert.doesNotMatch(other.out, new RegExp(TOKEN));
});
