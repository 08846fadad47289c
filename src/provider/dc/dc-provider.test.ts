import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gitWithRemote, runBb, tempDir } from '../../../test/support/run.js';
import { parseDcRemoteUrl, parseHostRepoRef } from '../../git/remote.js';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { isCloudHostname, normalizeBaseUrl } from '../../resolve/host.js';

test('DC remotes: /scm/ https, ssh on port 7999, web pages, personal repos; only known hosts', () => {
  const hosts = ['bitbucket.example.com', '127.0.0.1:7990'];
  assert.deepEqual(parseDcRemoteUrl('https://bitbucket.example.com/scm/proj/repo.git', hosts), {
    workspace: 'PROJ',
    repo: 'repo',
    host: 'bitbucket.example.com',
  });
  assert.deepEqual(parseDcRemoteUrl('https://bitbucket.example.com/bitbucket/scm/PROJ/my-repo.git', hosts), {
    workspace: 'PROJ',
    repo: 'my-repo',
    host: 'bitbucket.example.com',
  });
  assert.deepEqual(parseDcRemoteUrl('ssh://git@bitbucket.example.com:7999/proj/repo.git', hosts), {
    workspace: 'PROJ',
    repo: 'repo',
    host: 'bitbucket.example.com',
  });
  assert.deepEqual(parseDcRemoteUrl('https://bitbucket.example.com/projects/PROJ/repos/repo/browse', hosts)?.workspace, 'PROJ');
  assert.deepEqual(parseDcRemoteUrl('https://bitbucket.example.com/scm/~ada/dotfiles.git', hosts)?.workspace, '~ada');
  assert.deepEqual(parseDcRemoteUrl('http://127.0.0.1:7990/scm/acme/api.git', hosts), { workspace: 'ACME', repo: 'api', host: '127.0.0.1:7990' });
  assert.equal(parseDcRemoteUrl('https://other.example.com/scm/proj/repo.git', hosts), undefined);
  assert.equal(parseDcRemoteUrl('http://127.0.0.1:9999/scm/acme/api.git', hosts), undefined);
  assert.equal(parseDcRemoteUrl('https://bitbucket.example.com/scm/../repo.git', hosts), undefined);
  assert.deepEqual(parseHostRepoRef('bitbucket.example.com/proj/repo'), { workspace: 'PROJ', repo: 'repo', host: 'bitbucket.example.com' });
  assert.equal(parseHostRepoRef('a/b/c'), undefined);
  assert.equal(normalizeBaseUrl('bitbucket.example.com/'), 'https://bitbucket.example.com');
  assert.equal(normalizeBaseUrl('https://h.example.com:8443/bitbucket/'), 'https://h.example.com:8443/bitbucket');
  assert.ok(isCloudHostname('bitbucket.org') && !isCloudHostname('bitbucket.example.com'));
});

let h: DcSandboxHandle;
let config: string;
let env: Record<string, string>;
before(async () => {
  h = (await startSandbox({ kind: 'dc' })) as DcSandboxHandle;
  config = tempDir();
  env = { BB_HOST: h.url };
});
after(() => h?.close());

const bb = (argv: string[], extra: Parameters<typeof runBb>[1] = {}) => runBb(argv, { fetch: globalThis.fetch, configDir: config, env, ...extra });

test('auth login --hostname detects Data Center, verifies the user and stores the host as kind dc', async () => {
  const r = await runBb(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], {
    fetch: globalThis.fetch,
    configDir: config,
    stdin: 'admin\n',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Logged in to 127\.0\.0\.1:\d+ \(Bitbucket Data Center 10\.0\.0\) as Sandbox Admin/);
  const { readFileSync } = await import('node:fs');
  const hosts = JSON.parse(readFileSync(`${config}/hosts.json`, 'utf8')).hosts;
  const entry = hosts[new URL(h.url).host];
  assert.equal(entry.kind, 'dc');
  assert.equal(entry.baseUrl, h.url);
  // a Bearer token: the user comes from X-AUSERNAME
  const t = await runBb(['auth', 'login', '--hostname', h.url, '--with-token', '--insecure-storage'], {
    fetch: globalThis.fetch,
    configDir: tempDir(),
    stdin: h.token,
  });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /as Sandbox Admin with an HTTP access token \(Bearer\)/);
});

test('DC repo list/view/create/delete, project list/view/create', async () => {
  let r = await bb(['repo', 'list']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]),
    ['ACME/api', 'ACME/web'],
  );
  r = await bb(['repo', 'view', 'ACME/api', '--json', 'fullName,mainBranch,httpsUrl,language,uuid,project']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    fullName: 'ACME/api',
    mainBranch: 'main',
    httpsUrl: `${h.url}/scm/acme/api.git`,
    language: '',
    uuid: null,
    project: { key: 'ACME', name: 'Acme', uuid: null },
  });
  // the repository from a DC git remote
  // without BB_HOST or BB_API_URL (either names the host first): the remote is on a host stored as kind dc (the login above)
  r = await bb(['repo', 'view', '--json', 'fullName'], { git: gitWithRemote(`${h.url}/scm/acme/web.git`), env: { BB_API_URL: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).fullName, 'ACME/web');
  // an unknown host's remote is not taken for a Bitbucket repository
  r = await bb(['repo', 'view'], { git: gitWithRemote('https://git.example.com/scm/acme/web.git'), env: { BB_API_URL: undefined }, configDir: tempDir() });
  assert.match(r.stderr, /NO_REPO_CONTEXT/);
  r = await bb(['repo', 'create', 'ACME/New Tool', '--dry-run']);
  assert.match(r.stdout, /would send: POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/latest\/projects\/ACME\/repos/);
  assert.match(r.stdout, /required permission: REPO_CREATE on the project/);
  r = await bb(['repo', 'create', 'ACME/New Tool', '--json', 'fullName,slug,isPrivate']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { fullName: 'ACME/new-tool', slug: 'new-tool', isPrivate: true });
  r = await bb(['repo', 'delete', 'ACME/new-tool', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['repo', 'view', 'ACME/new-tool']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /API_NOT_FOUND/);
  r = await bb(['project', 'create', 'Tools', '--key', 'TOOLS']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['project', 'list', '--json', 'key,name,visibility,uuid']);
  assert.deepEqual(JSON.parse(r.stdout), [
    { key: 'ACME', name: 'Acme', visibility: 'private', uuid: null },
    { key: 'TOOLS', name: 'Tools', visibility: 'public', uuid: null },
  ]);
  r = await bb(['project', 'view', 'acme']);
  assert.match(r.stdout, /^key:\tACME$/m);
});

test('DC branches, tags, commits, build statuses', async () => {
  let r = await bb(['branch', 'create', 'topic', '-R', 'ACME/api']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['branch', 'list', '-R', 'ACME/api', '--json', 'name,commit']);
  const branches = JSON.parse(r.stdout) as Array<{ name: string; commit: string }>;
  assert.deepEqual(branches.map((b) => b.name).sort(), ['feature/login', 'main', 'topic']);
  r = await bb(['branch', 'delete', 'topic', '-R', 'ACME/api', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['tag', 'create', 'v2', '-R', 'ACME/api', '--message', 'Two']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['tag', 'list', '-R', 'ACME/api']);
  assert.deepEqual(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]),
    ['v1.0.0', 'v2'],
  );
  r = await bb(['tag', 'delete', 'v2', '-R', 'ACME/api', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['commit', 'list', '-R', 'ACME/api', '--json', 'subject,author']);
  assert.deepEqual(JSON.parse(r.stdout), [
    { subject: 'Document the API', author: 'Sandbox Admin <admin@sandbox.test>' },
    { subject: 'Add health check', author: 'Dana Developer <dev@sandbox.test>' },
    { subject: 'Initial commit', author: 'Sandbox Admin <admin@sandbox.test>' },
  ]);
  r = await bb(['commit', 'list', '-R', 'ACME/api', '--branch', 'feature/login', '--exclude', 'main', '--json', 'subject']);
  assert.deepEqual(JSON.parse(r.stdout), [{ subject: 'Add login endpoint' }]);
  const head = branches.find((b) => b.name === 'main')?.commit as string;
  r = await bb(['commit', 'view', head, '-R', 'ACME/api']);
  assert.match(r.stdout, /^commit:\t[0-9a-f]{40}$/m);
  r = await bb(['status', 'set', head, '-R', 'ACME/api', '--state', 'FAILED', '--key', 'lint', '--url', 'https://ci.example.test/9']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['status', 'list', head, '-R', 'ACME/api', '--json', 'key,state,url']);
  assert.equal(r.code, 1, 'a failed build: exit 1');
  assert.deepEqual(
    (JSON.parse(r.stdout) as Array<{ key: string }>).find((s) => s.key === 'lint'),
    { key: 'lint', state: 'FAILED', url: 'https://ci.example.test/9' },
  );
  r = await bb(['status', 'set', head, '-R', 'ACME/api', '--state', 'FAILED', '--key', 'lint']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs --url/);
});

test('DC tokens; Cloud-only commands refused with NOT_ON_DC; token on Cloud refused with NOT_ON_CLOUD', async () => {
  let r = await bb(['token', 'create', 'ci', '--permission', 'REPO_READ', '--expiry-days', '7']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^BBDC-/);
  r = await bb(['token', 'list', '--json', 'name,permissions,owner,scope']);
  const ci = (JSON.parse(r.stdout) as Array<{ name: string }>).find((t) => t.name === 'ci');
  assert.deepEqual(ci, { name: 'ci', permissions: ['REPO_READ'], owner: 'admin', scope: 'user:admin' });
  r = await bb(['token', 'list', '--json', 'id,name']);
  const id = (JSON.parse(r.stdout) as Array<{ id: string; name: string }>).find((t) => t.name === 'ci')?.id as string;
  r = await bb(['token', 'revoke', id, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await bb(['pipeline', 'list', '-R', 'ACME/api']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 6003 NOT_ON_DC: bb pipeline list is not available on Data Center/);
  r = await bb(['workspace', 'list']);
  assert.match(r.stderr, /NOT_ON_DC[\s\S]*bb project list/);
  r = await runBb(['token', 'list'], { env: { BB_TOKEN: 'x' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error 6004 NOT_ON_CLOUD:[\s\S]*web UI/);
});

test('a DC 403 names the missing permission and explains the cap', async () => {
  const res = await fetch(`${h.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'dev', permissions: ['REPO_ADMIN'] }),
  });
  const { token } = (await res.json()) as { token: string };
  const r = await runBb(['repo', 'view', 'ACME/api', '--json', 'name'], {
    fetch: globalThis.fetch,
    configDir: tempDir(),
    env: { BB_HOST: h.url, BB_TOKEN: token },
  });
  assert.equal(r.code, 0, r.stderr);
  const d = await runBb(['repo', 'delete', 'ACME/api', '--yes'], { fetch: globalThis.fetch, configDir: tempDir(), env: { BB_HOST: h.url, BB_TOKEN: token } });
  assert.equal(d.code, 4);
  assert.match(d.stderr, /^error 2003 API_FORBIDDEN: DELETE \/api\/latest\/projects\/\{projectKey\}\/repos\/\{repositorySlug\} needs REPO_ADMIN permission/);
  assert.match(d.stderr, /^hint: a token's scope never exceeds your own permission/m);
});
