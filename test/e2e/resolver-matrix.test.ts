/**
 * The resolver matrix (src/resolve/target.ts): for each row — where bb runs (a Cloud or Data Center clone, https or
 * ssh remote, a fork, no clone), which logins are stored, which variables are set, which arguments are given — the
 * exact request line each sandbox received and the identity that authenticated it (the sandboxes log the user), or
 * the error bb gave instead. Both sandboxes run for the whole file; each row clears their request logs first.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

interface Logged {
  method: string;
  path: string;
  status: number;
  user?: string;
}

let cloud: SandboxProcess;
let dc: DcSandbox;
let dir: string;
/** A config dir with a Cloud login (dev, every scope) and a Data Center login (admin). */
let both: string;
/** A config dir with the Data Center login only. */
let dcOnly: string;
let web: string;
let webSsh: string;
let fork: string;
let dcWeb: string;
let dcSsh: string;
let outside: string;
let cloudWeb = '';
let dcUrl = '';
let dcHost = '';
let alexToken = '';
let dcDevToken = '';

function clone(name: string, remotes: Record<string, string>, branch?: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  execFileSync('git', ['init', '-q', '-b', 'main', d]);
  for (const [n, url] of Object.entries(remotes)) execFileSync('git', ['-C', d, 'remote', 'add', n, url]);
  if (branch) {
    execFileSync('git', ['-C', d, 'commit', '-q', '--allow-empty', '-m', 'work']);
    execFileSync('git', ['-C', d, 'checkout', '-q', '-b', branch]);
  }
  return d;
}

async function logs(): Promise<{ cloud: Logged[]; dc: Logged[] }> {
  const c = (await (await fetch(`${cloud.admin}/requests`)).json()) as Logged[];
  const d = (await (await fetch(`${dc.ready.admin}/requests`)).json()) as Logged[];
  return { cloud: c.filter((r) => r.path.startsWith('/2.0')), dc: d };
}

async function clearLogs(): Promise<void> {
  await fetch(`${cloud.admin}/requests`, { method: 'DELETE' });
  await fetch(`${dc.ready.admin}/requests`, { method: 'DELETE' });
}

const line = (r: Logged) => `${r.method} ${r.path} ${r.status}${r.user ? ` as ${r.user}` : ''}`;

before(async () => {
  [cloud, dc] = await Promise.all([startSandbox(), startDcSandbox('bb-e2e-matrix-')]);
  dir = mkdtempSync(join(tmpdir(), 'bb-matrix-'));
  cloudWeb = cloud.url.replace(/\/2\.0$/, '');
  dcUrl = dc.ready.url;
  dcHost = new URL(dcUrl).host;
  both = join(dir, 'both');
  dcOnly = join(dir, 'dc-only');
  for (const config of [both, dcOnly]) {
    const r = await bb(['auth', 'login', '--hostname', dcUrl, '--username', 'admin', '--with-token', '--insecure-storage'], {
      env: { BB_CONFIG_DIR: config },
      input: 'admin\n',
    });
    assert.equal(r.code, 0, r.stderr);
  }
  const r = await bb(['auth', 'login', '--email', cloud.email, '--with-token', '--insecure-storage'], {
    env: { BB_CONFIG_DIR: both, BB_API_URL: cloud.url },
    input: `${cloud.token}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  alexToken = (await cloud.mintToken({ scopes: ['read:pullrequest:bitbucket', 'read:repository:bitbucket'], user: 'alex' })).token;
  const minted = await fetch(`${dc.ready.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'dev', permissions: ['REPO_READ'] }),
  });
  dcDevToken = ((await minted.json()) as { token: string }).token;
  // a fork of acme/web owned by the sandbox's primary user's workspace
  const forked = await cloud.api('/repositories/acme/web/forks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'web-fork', workspace: { slug: 'acme' } }),
  });
  assert.ok(forked.status === 201 || forked.status === 200, await forked.text());
  web = clone('web', { origin: `${cloudWeb}/acme/web.git` });
  webSsh = clone('web-ssh', { origin: 'git@bitbucket.org:acme/web.git' });
  fork = clone('fork', { origin: `${cloudWeb}/acme/web-fork.git`, upstream: `${cloudWeb}/acme/web.git` });
  dcWeb = clone('dc-web', { origin: `${dcUrl}/scm/acme/web.git` }, 'feature/matrix');
  dcSsh = clone('dc-ssh', { origin: `ssh://git@${new URL(dcUrl).hostname}:7999/acme/web.git` });
  outside = join(dir, 'outside');
  mkdirSync(outside);
});

after(async () => {
  await cloud?.stop();
  dc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  name: string;
  cwd: () => string;
  config: () => string;
  env?: () => Record<string, string>;
  argv: () => string[];
  /** Every request line each sandbox logged (`METHOD /path STATUS as USER`), in order. */
  cloud?: () => string[];
  dc?: () => string[];
  /** Or: the error line bb printed (then no request reached either sandbox unless `cloud`/`dc` say so). */
  error?: RegExp;
  stdout?: () => RegExp;
  /** Requests made concurrently: compared in sorted order. */
  sorted?: boolean;
}

const cloudEnv = () => ({ BB_API_URL: cloud.url });

const rows: Row[] = [
  {
    name: 'a pull request URL of another repository, inside a clone of acme/web: that repository',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', `${cloudWeb}/acme/api/pull-requests/1`, '--json', 'id'],
    cloud: () => ['GET /2.0/repositories/acme/api/pullrequests/1 200 as dev'],
    dc: () => [],
    stdout: () => /"id": 1/,
  },
  {
    name: 'the same URL with --dry-run: the plan names that repository, nothing is sent',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'approve', `${cloudWeb}/acme/api/pull-requests/1`, '--dry-run'],
    cloud: () => [],
    dc: () => [],
    stdout: () => /POST \S+\/2\.0\/repositories\/acme\/api\/pullrequests\/1\/approve/,
  },
  {
    name: 'a URL and a -R that disagree: refused before any request',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', `${cloudWeb}/acme/api/pull-requests/1`, '-R', 'acme/web'],
    error: /^error 5\d{3} INVALID_ARGUMENT: .*names acme\/api, but -R says acme\/web/m,
    cloud: () => [],
    dc: () => [],
  },
  {
    name: 'a URL and a -R that agree',
    cwd: () => outside,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', `${cloudWeb}/acme/api/pull-requests/1`, '-R', 'acme/api', '--json', 'id'],
    cloud: () => ['GET /2.0/repositories/acme/api/pullrequests/1 200 as dev'],
    dc: () => [],
  },
  {
    name: 'a commit URL: that repository and commit',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['commit', 'view', `${cloudWeb}/acme/api/commits/0000000000000000000000000000000000000000`],
    error: /^error 2002 /m,
    cloud: () => ['GET /2.0/repositories/acme/api/commit/0000000000000000000000000000000000000000 404 as dev'],
    dc: () => [],
  },
  {
    name: 'a URL of the wrong kind is refused',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', `${cloudWeb}/acme/api/commits/abcdef1`],
    error: /^error 5\d{3} INVALID_ARGUMENT: .* is a commit URL, not a pull request URL/m,
    cloud: () => [],
    dc: () => [],
  },
  {
    name: 'a URL on a host that is no Bitbucket is refused',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', 'https://example.com/acme/api/pull-requests/1'],
    error: /^error 5\d{3} INVALID_ARGUMENT: "https:\/\/example\.com\/acme\/api\/pull-requests\/1" is not a Bitbucket URL/m,
    cloud: () => [],
    dc: () => [],
  },
  {
    name: 'Cloud clone: BB_TOKEN wins over the stored login',
    cwd: () => web,
    config: () => both,
    env: () => ({ ...cloudEnv(), BB_TOKEN: alexToken, BB_EMAIL: 'alex@sandbox.test' }),
    argv: () => ['pr', 'view', '1', '--json', 'id'],
    cloud: () => ['GET /2.0/repositories/acme/web/pullrequests/1 200 as alex'],
    dc: () => [],
  },
  {
    name: 'Cloud clone: a bogus BB_TOKEN is sent (and refused), never replaced by the stored login',
    cwd: () => web,
    config: () => both,
    env: () => ({ ...cloudEnv(), BB_TOKEN: 'bogus', BB_EMAIL: 'dev@sandbox.test' }),
    argv: () => ['pr', 'view', '1'],
    error: /^error 1\d{3} /m,
    cloud: () => ['GET /2.0/repositories/acme/web/pullrequests/1 401'],
    dc: () => [],
  },
  {
    name: 'Cloud clone over ssh (git@bitbucket.org:…): Cloud, that repository',
    cwd: () => webSsh,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', '1', '--json', 'id'],
    cloud: () => ['GET /2.0/repositories/acme/web/pullrequests/1 200 as dev'],
    dc: () => [],
  },
  {
    name: "a fork's clone: origin (the fork) before upstream",
    cwd: () => fork,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'list', '--json', 'id'],
    cloud: () => ['GET /2.0/repositories/acme/web-fork/pullrequests 200 as dev'],
    dc: () => [],
  },
  {
    name: 'Data Center clone (https), both logins stored: the Data Center login',
    cwd: () => dcWeb,
    config: () => both,
    argv: () => ['pr', 'list', '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/web/pull-requests 200 as admin'],
  },
  {
    name: 'Data Center clone over ssh: the Data Center host',
    cwd: () => dcSsh,
    config: () => both,
    argv: () => ['pr', 'list', '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/web/pull-requests 200 as admin'],
  },
  {
    name: 'Data Center clone: BB_TOKEN (a REPO_READ token) wins over the stored admin login — the merge is refused',
    cwd: () => dcWeb,
    config: () => both,
    env: () => ({ BB_TOKEN: dcDevToken }),
    argv: () => ['pr', 'merge', '1', '-R', 'ACME/api'],
    error: /^error 2003 API_FORBIDDEN/m,
    cloud: () => [],
    dc: () => [
      'GET /rest/api/latest/projects/ACME/repos/api/pull-requests/1 200 as dev',
      'GET /rest/api/latest/projects/ACME/repos/api/pull-requests/1/merge 200 as dev',
      'POST /rest/api/latest/projects/ACME/repos/api/pull-requests/1/merge 403 as dev',
    ],
  },
  {
    name: 'Data Center clone: a bogus BB_TOKEN is sent (and refused), never replaced by the stored login',
    cwd: () => dcWeb,
    config: () => both,
    env: () => ({ BB_TOKEN: 'bogus' }),
    argv: () => ['pr', 'list'],
    error: /^error 1\d{3} /m,
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/web/pull-requests 401'],
  },
  {
    name: 'Data Center clone, both logins stored: pr create asks the Data Center API only',
    cwd: () => dcWeb,
    config: () => both,
    argv: () => ['pr', 'create', '--title', 'matrix', '--body', 'x', '--base', 'main', '--dry-run'],
    cloud: () => [],
    dc: () => [
      'GET /rest/api/latest/projects/ACME/repos/web 200 as admin',
      'GET /rest/api/latest/projects/ACME/repos/web 200 as admin',
      'GET /rest/api/latest/projects/ACME/repos/web/branches 200 as admin',
      'GET /rest/api/latest/projects/ACME/repos/web/default-branch 200 as admin',
      'GET /rest/default-reviewers/latest/projects/ACME/repos/web/reviewers 200 as admin',
    ],
    sorted: true,
  },
  {
    name: 'a Data Center pull request URL from inside a Cloud clone: the URL names the host',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'view', `${dcUrl}/projects/ACME/repos/api/pull-requests/1/overview`, '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/api/pull-requests/1 200 as admin'],
  },
  {
    name: '-R HOST/PROJECT/REPO from inside a Cloud clone: that Data Center host',
    cwd: () => web,
    config: () => both,
    env: cloudEnv,
    argv: () => ['pr', 'list', '-R', `${dcHost}/ACME/api`, '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/api/pull-requests 200 as admin'],
  },
  {
    name: 'BB_HOST names the Data Center instance: BB_TOKEN goes there; the Cloud remote is not its repository',
    cwd: () => webSsh,
    config: () => both,
    env: () => ({ BB_HOST: dcUrl, BB_TOKEN: dcDevToken }),
    argv: () => ['pr', 'list'],
    error: /^error 6\d{3} NO_REPO_CONTEXT: .*\n(hint: .*\n)*hint: tried: .*on another host than/m,
    cloud: () => [],
    dc: () => [],
  },
  {
    name: 'BB_HOST with -R: the Data Center repository with BB_TOKEN',
    cwd: () => web,
    config: () => both,
    env: () => ({ BB_HOST: dcUrl, BB_TOKEN: dcDevToken }),
    argv: () => ['pr', 'list', '-R', 'ACME/api', '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/api/pull-requests 200 as dev'],
  },
  {
    name: 'a URL naming a host with no login: BB_TOKEN is not sent there',
    cwd: () => outside,
    config: () => join(dir, 'empty'),
    env: () => ({ BB_TOKEN: 'cloud-token-not-for-dc' }),
    argv: () => ['pr', 'view', `${dcUrl}/projects/ACME/repos/api/pull-requests/1`],
    error: /^error 1001 AUTH_REQUIRED: not logged in to 127\.0\.0\.1:\d+\nhint: BB_TOKEN is not sent to 127\.0\.0\.1:\d+: .*set BB_HOST=/m,
    cloud: () => [],
    dc: () => [],
  },
  {
    name: 'outside any clone, only a Data Center login: that host',
    cwd: () => outside,
    config: () => dcOnly,
    argv: () => ['pr', 'list', '-R', 'ACME/api', '--json', 'id'],
    cloud: () => [],
    dc: () => ['GET /rest/api/latest/projects/ACME/repos/api/pull-requests 200 as admin'],
  },
];

for (const row of rows) {
  test(row.name, async () => {
    await clearLogs();
    const r = await bb(row.argv(), { cwd: row.cwd(), env: { BB_CONFIG_DIR: row.config(), ...(row.env?.() ?? {}) } });
    if (row.error) {
      assert.notEqual(r.code, 0, `expected a failure\n${r.stdout}`);
      assert.match(r.stderr, row.error);
    } else {
      assert.equal(r.code, 0, r.stderr);
    }
    if (row.stdout) assert.match(r.stdout, row.stdout());
    const seen = await logs();
    const order = (lines: string[]) => (row.sorted ? [...lines].sort() : lines);
    if (row.cloud) assert.deepEqual(order(seen.cloud.map(line)), row.cloud(), 'requests the Cloud sandbox received');
    if (row.dc) assert.deepEqual(order(seen.dc.map(line)), row.dc(), 'requests the Data Center sandbox received');
  });
}
