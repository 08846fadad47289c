/**
 * The scope proof on Bitbucket Data Center (the Cloud one is test/support/proof.ts): bb runs in-process (`main` with
 * the real fetch) against an in-process DC sandbox on the demo seed. For each case and each DC credential — an HTTP
 * access token (personal, Bearer) holding exactly the permissions `bb scopes --dc --json "<command>"` names, and an
 * OAuth 2.0 token holding exactly its scope — the command must succeed and call no DC operation it does not declare
 * (`dcOperations`); then with the same credential one level below (the highest named permission or scope lowered a
 * step; at the bottom of the ladder, the same permissions bound to another repository or project) it must fail with
 * exit 4 and `error 2003 API_FORBIDDEN` naming the permission. The tokens belong to `admin` (SYS_ADMIN), so the
 * user's own permission never caps them: what is proven is the token's need. Writes get fresh targets.
 *
 * HTTP access tokens cannot change the account they act for (Atlassian, "HTTP access tokens": "You can't use a token
 * to perform changes on behalf of a user"): for `ssh-key add` and `ssh-key delete` the proof checks that
 * `bb scopes --dc` says so (no token fits) and that a token holding every permission is refused with 2003, and
 * proves the OAuth 2.0 scope only. `pr checkout` runs in a fresh clone with the real git (the fetch carries the same
 * credential as the API calls).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { systemGit } from '../../src/git/git.js';
import type { DcSandboxHandle } from '../../src/sandbox/dc/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { runBb, tempDir } from '../support/run.js';

interface DcCase {
  command: string;
  args: string[] | ((fx: DcFixtures) => Promise<string[]>);
  /** -R for the command (default ACME/api through BB_REPO); null: none. */
  repo?: string | null;
  /**
   * A list DC filters to what the credential may see (the spec's "only … for which the user has … permission"):
   * one level below succeeds without this entry instead of answering 403.
   */
  hides?: RegExp;
  /** `hides` holds for this credential only; with the other, the step below is refused (403). */
  hidesWith?: 'access-token' | 'oauth';
  /** No HTTP access token can run it (it changes the account): the reason `bb scopes --dc` must give. */
  tokenRefused?: RegExp;
  /**
   * The HTTP access token case has nothing below: the operation is on no project or repository and needs only a
   * signed-in user, which any token is, and REPO_READ is the least a token can hold. The proof checks the exact grant.
   */
  tokenFloor?: true;
  /** Runs in a fresh clone of ACME/api (origin at the sandbox's /scm URL), with the real git. */
  clone?: true;
}

type Credential = 'access-token' | 'oauth';

interface Needs {
  oauthScopes: string[];
  accessToken: { usable: boolean; repositoryPermission?: string; projectPermission?: string };
  commands: Array<{ operations: Array<{ operation: string }> }>;
}

const REPO_LADDER = ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN'];
const PROJECT_LADDER = ['PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN'];
const SCOPE_LADDER = ['PUBLIC_REPOS', 'REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_ADMIN', 'ADMIN_WRITE', 'SYSTEM_ADMIN'];
const R = '/rest/api/latest/projects/ACME/repos';
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOdcProofKeyForTheDcScopeProofOnly0000000000';
const ACCOUNT = /HTTP access tokens cannot change the account they act for/;

class DcFixtures {
  private n = 0;
  constructor(readonly h: DcSandboxHandle) {}

  unique(prefix = 'proof'): string {
    this.n += 1;
    return `${prefix}-${this.n}-${randomBytes(3).toString('hex')}`;
  }

  /** The API as admin (password), throwing unless 2xx. */
  async api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.h.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `fixture ${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A new branch of ACME/api with one new commit on main; its name. */
  async branch(): Promise<string> {
    const name = this.unique('proof/branch');
    const repo = this.h.store.repo('ACME', 'api');
    assert.ok(repo);
    const git = this.h.store.git(repo);
    const main = (await git.resolve('main')) as string;
    const tree = await git.readFiles(main);
    const c = await git.writeCommit({ ...tree, [`${name.replace(/\//g, '-')}.txt`]: `${name}\n` }, name, [main], {
      name: 'Sandbox Admin',
      email: 'admin@sandbox.test',
      date: '2024-02-01T10:00:00Z',
    });
    await git.updateRef(`refs/heads/${name}`, c);
    return name;
  }

  async head(branch = 'main'): Promise<string> {
    const repo = this.h.store.repo('ACME', 'api');
    assert.ok(repo);
    return (await this.h.store.git(repo).resolve(branch)) as string;
  }

  /** A new open pull request of admin's from a new branch into main; its id. */
  async pr(extra: Record<string, unknown> = {}): Promise<string> {
    const branch = await this.branch();
    const repository = { slug: 'api', project: { key: 'ACME' } };
    const pr = await this.api<{ id: number }>('POST', `${R}/api/pull-requests`, {
      title: branch,
      fromRef: { id: `refs/heads/${branch}`, repository },
      toRef: { id: 'refs/heads/main', repository },
      ...extra,
    });
    return String(pr.id);
  }

  /** A new comment of admin's on a pull request; its id. */
  async comment(pr: string): Promise<string> {
    const c = await this.api<{ id: number }>('POST', `${R}/api/pull-requests/${pr}/comments`, { text: this.unique('comment') });
    return String(c.id);
  }

  /** A new task (blocker comment) of admin's on a pull request; its id. */
  async task(pr: string): Promise<string> {
    const c = await this.api<{ id: number }>('POST', `${R}/api/pull-requests/${pr}/blocker-comments`, { text: this.unique('task') });
    return String(c.id);
  }

  /** A new webhook of ACME/api; its id. */
  async webhook(): Promise<string> {
    const w = await this.api<{ id: number }>('POST', `${R}/api/webhooks`, {
      name: this.unique('hook'),
      url: 'https://ci.example.test/h',
      events: ['pr:opened'],
    });
    return String(w.id);
  }

  /** A new SSH key of admin's; its id. */
  async sshKey(): Promise<string> {
    const k = await this.api<{ id: number }>('POST', '/rest/ssh/latest/keys', { text: `${PUB} ${this.unique('key')}` });
    return String(k.id);
  }

  /** A fresh clone of ACME/api from its bare repository on disk, origin set to the sandbox's /scm URL (no credential). */
  clone(): string {
    const repo = this.h.store.repo('ACME', 'api');
    assert.ok(repo);
    const dir = join(tempDir('bb-proof-dc-clone-'), 'api');
    execFileSync('git', ['clone', '-q', this.h.store.gitDir(repo), dir]);
    execFileSync('git', ['remote', 'set-url', 'origin', `${this.h.url}/scm/acme/api.git`], { cwd: dir });
    return dir;
  }

  /** A new default reviewer condition of ACME/web (any branch → any branch) holding dev. */
  async defaultReviewer(): Promise<void> {
    const dev = this.h.store.users.dev;
    assert.ok(dev);
    await this.api('POST', '/rest/default-reviewers/latest/projects/ACME/repos/web/condition', {
      sourceMatcher: { id: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' } },
      targetMatcher: { id: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' } },
      reviewers: [{ id: dev.id }],
      requiredApprovals: 0,
    });
  }

  /** A new default reviewer condition of the project ACME (any branch → any branch) holding dev. */
  async projectDefaultReviewer(): Promise<void> {
    const dev = this.h.store.users.dev;
    assert.ok(dev);
    await this.api('POST', '/rest/default-reviewers/latest/projects/ACME/condition', {
      sourceMatcher: { id: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' } },
      targetMatcher: { id: 'ANY_REF_MATCHER_ID', type: { id: 'ANY_REF' } },
      reviewers: [{ id: dev.id }],
      requiredApprovals: 0,
    });
  }

  /** A new comment of admin's on ACME/api's main; its id. */
  async commitComment(): Promise<string> {
    const c = await this.api<{ id: number }>('POST', `${R}/api/commits/${await this.head()}/comments`, { text: this.unique('comment') });
    return String(c.id);
  }

  /** A new Code Insights report of admin's on ACME/api's main (with the annotation `a-1` when asked); its key. */
  async report(annotated = false): Promise<string> {
    const key = this.unique('report');
    const path = `/rest/insights/latest/projects/ACME/repos/api/commits/${await this.head()}/reports/${key}`;
    await this.api('PUT', path, { title: 'Proof', data: [] });
    if (annotated) await this.api('POST', `${path}/annotations`, { annotations: [{ externalId: 'a-1', message: 'proof', severity: 'LOW' }] });
    return key;
  }

  /** A new repository in ACME; its slug. */
  async repo(): Promise<string> {
    const name = this.unique('doomed');
    await this.api('POST', '/rest/api/latest/projects/ACME/repos', { name, scmId: 'git' });
    return name;
  }
}

const CASES: DcCase[] = [
  // pull requests
  { command: 'pr list', args: [] },
  { command: 'pr view', args: ['1'] },
  { command: 'pr create', args: async (fx) => ['--head', await fx.branch(), '--base', 'main', '--title', 'Proof', '--no-push'] },
  { command: 'pr edit', args: async (fx) => [await fx.pr(), '--title', fx.unique('title')] },
  { command: 'pr ready', args: async (fx) => [await fx.pr({ draft: true })] },
  { command: 'pr diff', args: ['1'] },
  { command: 'pr activity', args: ['1'] },
  { command: 'pr checks', args: ['1'] },
  { command: 'pr approve', args: ['1'] },
  { command: 'pr unapprove', args: ['1'] },
  { command: 'pr request-changes', args: ['1'] },
  { command: 'pr review', args: async (fx) => [await fx.pr(), '--request-changes', '--body', fx.unique('r')] },
  {
    command: 'pr review',
    args: async (fx) => {
      const pr = await fx.pr();
      await fx.api('POST', `${R}/api/pull-requests/${pr}/comments`, { text: fx.unique('pending'), state: 'PENDING' });
      return [pr, '--approve', '--submit'];
    },
  },
  { command: 'pr comments add', args: async (fx) => ['1', '--file', 'README.md', '--start-line', '1', '--line', '2', '--pending', '--body', fx.unique('c')] },
  { command: 'pr comments add', args: async (fx) => ['1', '--blocker', '--body', fx.unique('b')] },
  { command: 'pr decline', args: async (fx) => [await fx.pr()] },
  { command: 'pr merge', args: async (fx) => [await fx.pr()] },
  { command: 'pr reviewers list', args: ['1'] },
  { command: 'pr reviewers add', args: async (fx) => [await fx.pr(), 'dev'] },
  {
    command: 'pr reviewers remove',
    args: async (fx) => {
      const id = await fx.pr({ reviewers: [{ user: { name: 'dev' } }] });
      return [id, 'dev'];
    },
  },
  { command: 'pr comments list', args: ['1'] },
  { command: 'pr comments add', args: async (fx) => ['1', '--body', fx.unique('c')] },
  { command: 'pr comment', args: async (fx) => ['1', '--body', fx.unique('c')] },
  {
    command: 'pr comment',
    args: async (fx) => {
      await fx.comment('1');
      return ['1', '--edit-last', '--body', fx.unique('e')];
    },
  },
  { command: 'pr comments reply', args: async (fx) => ['1', await fx.comment('1'), '--body', fx.unique('r')] },
  { command: 'pr comments edit', args: async (fx) => ['1', await fx.comment('1'), '--body', fx.unique('e')] },
  { command: 'pr comments delete', args: async (fx) => ['1', await fx.comment('1'), '--yes'] },
  { command: 'pr comments resolve', args: async (fx) => ['1', await fx.comment('1')] },
  {
    command: 'pr comments unresolve',
    args: async (fx) => {
      const c = await fx.comment('1');
      const cur = await fx.api<{ version: number }>('GET', `${R}/api/pull-requests/1/comments/${c}`);
      await fx.api('PUT', `${R}/api/pull-requests/1/comments/${c}`, { state: 'RESOLVED', version: cur.version });
      return ['1', c];
    },
  },
  // repository side
  { command: 'repo view', args: [] },
  { command: 'repo set-default', args: ['ACME/api'], repo: null, clone: true },
  // the dashboard lists only what the token may read; an OAuth scope below REPO_READ cannot read the dashboard at all
  // the dashboard lists only what a token may read; an OAuth scope below REPO_READ cannot read the dashboard at all
  { command: 'pr status', args: ['--workspace', 'ACME'], repo: null, hides: /#\d+ {2}ACME\/api /m, hidesWith: 'access-token' },
  { command: 'pr commits', args: ['1'] },
  { command: 'pr patch', args: ['1'] },
  { command: 'pr merge-base', args: ['1'] },
  { command: 'pr conflicts', args: ['1'] },
  { command: 'pr tasks list', args: ['1'] },
  { command: 'pr tasks create', args: async (fx) => ['1', '--body', fx.unique('t')] },
  { command: 'pr tasks edit', args: async (fx) => ['1', await fx.task('1'), '--body', fx.unique('e')] },
  { command: 'pr tasks resolve', args: async (fx) => ['1', await fx.task('1')] },
  { command: 'pr tasks reopen', args: async (fx) => ['1', await fx.task('1')] },
  { command: 'pr tasks delete', args: async (fx) => ['1', await fx.task('1'), '--yes'] },
  { command: 'repo list', args: ['ACME'], repo: null },
  { command: 'repo create', args: async (fx) => [`ACME/${fx.unique('new')}`], repo: null },
  { command: 'repo delete', args: async (fx) => [`ACME/${await fx.repo()}`, '--yes'], repo: null },
  { command: 'repo fork', args: async (fx) => ['ACME/api', '--fork-name', fx.unique('fork')], repo: null },
  { command: 'repo edit', args: async (fx) => [`ACME/${await fx.repo()}`, '--description', 'proof', '--fork-policy', 'no_forks'], repo: null },
  { command: 'repo rename', args: async (fx) => [fx.unique('renamed'), '-R', `ACME/${await fx.repo()}`], repo: null },
  { command: 'branch list', args: [] },
  { command: 'branch create', args: async (fx) => [fx.unique('proof/new')] },
  { command: 'branch delete', args: async (fx) => [await fx.branch(), '--yes'] },
  { command: 'tag list', args: [] },
  { command: 'tag create', args: async (fx) => [fx.unique('v')] },
  {
    command: 'tag delete',
    args: async (fx) => {
      const name = fx.unique('v');
      await fx.api('POST', `${R}/api/tags`, { name, startPoint: await fx.head() });
      return [name, '--yes'];
    },
  },
  { command: 'commit list', args: [] },
  { command: 'commit view', args: async (fx) => [await fx.head()] },
  // files (#20 item 4): the edit needs REPO_WRITE (the spec's own 401 text; scripts/gen-dc-scopes.mjs SUPPLEMENT)
  { command: 'file view', args: ['README.md'] },
  { command: 'file list', args: [] },
  { command: 'file history', args: ['README.md'] },
  { command: 'file commit', args: async (fx) => [`${fx.unique('proof')}.txt`, '--content', 'proof\n', '-m', 'proof', '--branch', 'main'] },
  {
    command: 'file commit',
    args: async (fx) => ['docs/new.md', '--content', 'proof\n', '-m', 'proof', '--branch', fx.unique('proof/new'), '--from-branch', 'main'],
  },
  { command: 'status list', args: async (fx) => [await fx.head()] },
  { command: 'status set', args: async (fx) => [await fx.head(), '--state', 'SUCCESSFUL', '--key', fx.unique('ci'), '--url', 'https://ci.example.test/1'] },
  // commit discussions
  { command: 'commit comments list', args: async (fx) => [await fx.head()] },
  { command: 'commit comment', args: async (fx) => [await fx.head(), '-b', fx.unique('c')] },
  { command: 'commit comments edit', args: async (fx) => [await fx.head(), await fx.commitComment(), '-b', fx.unique('e')] },
  { command: 'commit comments delete', args: async (fx) => [await fx.head(), await fx.commitComment(), '--yes'] },
  // Code Insights (bb commit report …)
  { command: 'commit report list', args: async (fx) => [await fx.head()] },
  { command: 'commit report view', args: async (fx) => [await fx.head(), await fx.report()] },
  { command: 'commit report create', args: async (fx) => [await fx.head(), fx.unique('r'), '--title', 'Proof', '--result', 'PASSED'] },
  { command: 'commit report delete', args: async (fx) => [await fx.head(), await fx.report(), '--yes'] },
  { command: 'commit report annotations list', args: async (fx) => [await fx.head(), await fx.report(true)] },
  { command: 'commit report annotations add', args: async (fx) => [await fx.head(), await fx.report(), '--file', '-'] },
  { command: 'commit report annotations delete', args: async (fx) => [await fx.head(), await fx.report(true), 'a-1', '--yes'] },
  { command: 'project list', args: [], repo: null, hides: /^ACME\t/m },
  { command: 'project view', args: ['ACME'], repo: null },
  { command: 'pr checkout', args: ['1'], clone: true },
  // webhooks (REPO_ADMIN)
  { command: 'webhook list', args: [] },
  { command: 'webhook create', args: async (fx) => ['--url', `https://ci.example.test/${fx.unique('h')}`, '--events', 'repo:refs_changed,pr:opened'] },
  { command: 'webhook delete', args: async (fx) => [await fx.webhook(), '--yes'] },
  { command: 'webhook view', args: async (fx) => [await fx.webhook()] },
  // default reviewer conditions (REPO_ADMIN), on ACME/web so that the pull request cases above keep theirs
  { command: 'repo default-reviewers list', args: [], repo: 'ACME/web' },
  { command: 'repo default-reviewers add', args: ['dev'], repo: 'ACME/web' },
  {
    command: 'repo default-reviewers remove',
    args: async (fx) => {
      await fx.defaultReviewer();
      return ['dev'];
    },
    repo: 'ACME/web',
  },
  // branch permissions (REPO_ADMIN; issue 21), on fresh patterns nothing pushes to
  { command: 'branch protection list', args: [] },
  { command: 'branch protection view', args: async (fx) => [await restriction(fx)] },
  { command: 'branch protection create', args: async (fx) => [`${fx.unique('proof')}/*`, '--kind', 'force'] },
  { command: 'branch protection delete', args: async (fx) => [await restriction(fx), '--yes'] },
  // permissions (issue 21): repository ones need REPO_ADMIN, project ones PROJECT_ADMIN; grants keep dev's own levels
  { command: 'repo permissions list', args: [] },
  { command: 'repo permissions grant', args: ['write', '--user', 'dev'] },
  { command: 'repo permissions grant', args: ['read', '--group', 'developers'] },
  {
    command: 'repo permissions revoke',
    args: async (fx) => {
      await fx.api('PUT', '/rest/api/latest/projects/ACME/repos/api/permissions/groups?name=developers&permission=REPO_READ');
      return ['--group', 'developers', '--yes'];
    },
  },
  { command: 'project edit', args: ['ACME', '--description', 'The demo project'], repo: null },
  {
    command: 'project delete',
    args: async (fx) => {
      const key = fx.unique('D').replace(/-/g, '').toUpperCase();
      await fx.api('POST', '/rest/api/latest/projects', { key, name: key });
      return [key, '--yes'];
    },
    repo: null,
  },
  { command: 'project permissions list', args: ['ACME'], repo: null },
  { command: 'project permissions grant', args: ['ACME', 'read', '--user', 'dev'], repo: null },
  {
    command: 'project permissions revoke',
    args: async (fx) => {
      await fx.api('PUT', '/rest/api/latest/projects/ACME/permissions/groups?name=contractors&permission=PROJECT_READ');
      return ['ACME', '--group', 'contractors', '--yes'];
    },
    repo: null,
  },
  // repository forks, project default reviewers (issue 21, item 5)
  { command: 'repo forks', args: [] },
  // project default reviewer conditions (PROJECT_ADMIN): after the pull request cases, which a project condition on ACME
  // would give dev as a reviewer; each remove takes out what its fixture put in
  { command: 'project default-reviewers list', args: ['ACME'], repo: null },
  { command: 'project default-reviewers add', args: ['ACME', 'dev'], repo: null },
  {
    command: 'project default-reviewers remove',
    args: async (fx) => {
      await fx.projectDefaultReviewer();
      return ['ACME', 'dev', '--yes'];
    },
    repo: null,
  },
  // the user's own SSH keys: reading is for any signed-in user; changes are the account's (no HTTP access token)
  { command: 'ssh-key list', args: [], repo: null, tokenFloor: true },
  { command: 'ssh-key add', args: async (fx) => ['--key-file', '-', '--label', fx.unique('k')], repo: null, tokenRefused: ACCOUNT },
  { command: 'ssh-key delete', args: async (fx) => [await fx.sshKey(), '--yes'], repo: null, tokenRefused: ACCOUNT },
];

/** A new branch permission of ACME/api (fast-forward-only on a fresh pattern); its id. */
async function restriction(fx: DcFixtures): Promise<string> {
  const r = await fx.api<{ id: number }>('POST', '/rest/branch-permissions/latest/projects/ACME/repos/api/restrictions', {
    type: 'fast-forward-only',
    matcher: { id: `${fx.unique('doomed')}/*`, type: { id: 'PATTERN' } },
    userSlugs: [],
    groupNames: [],
    accessKeyIds: [],
  });
  return String(r.id);
}

let h: DcSandboxHandle;
let fx: DcFixtures;
before(async () => {
  h = await startSandbox({ kind: 'dc' });
  fx = new DcFixtures(h);
  // another project, for tokens bound elsewhere
  h.store.projects.OTHER = { id: h.store.next('project'), key: 'OTHER', name: 'Other', description: '', public: false, permissions: {} };
});
after(() => h?.close());

for (const c of CASES) {
  for (const credential of ['access-token', 'oauth'] as const) {
    test(`DC proof (${credential}): bb ${c.command}`, async () => {
      if (credential === 'access-token' && c.tokenRefused) await proveTokenRefused(c, c.tokenRefused);
      else await proveCase(c, credential);
    });
  }
}

/** The token request for exactly what `bb scopes --dc` names, and for one level below; `named`: what the refusal must name. */
function grants(needs: Needs, credential: Credential): { exact: Record<string, unknown>; below: Record<string, unknown>; named: string } {
  if (credential === 'oauth') {
    assert.equal(needs.oauthScopes.length, 1, `one OAuth 2.0 scope: ${needs.oauthScopes.join(', ')}`);
    const scope = needs.oauthScopes[0] as string;
    // ACCOUNT_WRITE stands apart from the ladder; below it is what it includes, PUBLIC_REPOS
    const lower = scope === 'ACCOUNT_WRITE' ? 'PUBLIC_REPOS' : SCOPE_LADDER[SCOPE_LADDER.indexOf(scope) - 1];
    assert.ok(lower, `a scope below ${scope}`);
    return { exact: { scope }, below: { scope: lower }, named: scope };
  }
  const { repositoryPermission: repo, projectPermission: project } = needs.accessToken;
  assert.ok(needs.accessToken.usable && repo, 'an HTTP access token fits');
  const exact = [project, repo].filter((p): p is string => !!p);
  // the highest named permission, a step lower (a token's repository permission stays as high as its project one)
  if (project && project !== 'PROJECT_READ') {
    const lower = PROJECT_LADDER[PROJECT_LADDER.indexOf(project) - 1] as string;
    return { exact: { permissions: exact }, below: { permissions: [lower, repo] }, named: project };
  }
  if (project) return { exact: { permissions: exact }, below: { permissions: exact, project: 'OTHER' }, named: project };
  if (repo !== 'REPO_READ') {
    const lower = REPO_LADDER[REPO_LADDER.indexOf(repo) - 1] as string;
    return { exact: { permissions: exact }, below: { permissions: [lower] }, named: repo };
  }
  return { exact: { permissions: exact }, below: { permissions: exact, repo: 'ACME/web' }, named: repo };
}

async function mint(req: Record<string, unknown>): Promise<string> {
  const r = await fetch(`${h.admin}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', name: 'proof', ...req }),
  });
  assert.equal(r.status, 201, `minting a token: ${await r.clone().text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** The command with a freshly minted token holding `grant`. */
async function runCase(c: DcCase, grant: Record<string, unknown>) {
  const args = typeof c.args === 'function' ? await c.args(fx) : c.args;
  const argv = [...c.command.split(' '), ...args];
  const token = await mint(grant);
  const cwd = c.clone ? fx.clone() : undefined;
  h.server.requests.clear();
  const env: Record<string, string> = { BB_HOST: h.url, BB_TOKEN: token, BB_NO_INPUT: '1' };
  if (c.repo !== null) env.BB_REPO = c.repo ?? 'ACME/api';
  const r = await runBb(argv, {
    env,
    fetch: globalThis.fetch,
    configDir: tempDir('bb-proof-dc-'),
    ...(c.command === 'ssh-key add' ? { stdin: `${PUB} ${fx.unique('key')}\n` } : {}),
    ...(c.command === 'commit report annotations add' ? { stdin: '[{"summary":"proof","severity":"LOW"}]' } : {}),
    ...(cwd ? { cwd, git: systemGit({ PATH: process.env.PATH ?? '', HOME: cwd }, cwd) } : {}),
  });
  const log = h.server.requests.entries();
  const trace = log.map((e) => `  ${e.status} ${e.operation ?? `${e.method} ${e.path}`}`).join('\n');
  return { ...r, argv, log, trace };
}

/** An account change: `bb scopes --dc` names no HTTP access token, and a token with every permission is refused (2003). */
async function proveTokenRefused(c: DcCase, reason: RegExp): Promise<void> {
  const q = await runBb(['scopes', '--dc', '--json', c.command], { configDir: tempDir('bb-proof-dc-') });
  assert.equal(q.code, 0, q.stderr);
  const needs = JSON.parse(q.stdout) as { accessToken: { usable: boolean; refused: string[] } };
  assert.equal(needs.accessToken.usable, false, `bb scopes --dc "${c.command}" must say no HTTP access token fits`);
  assert.match(needs.accessToken.refused.join('\n'), reason);
  const all = { permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] };
  const r = await runCase(c, all);
  assert.equal(r.code, 4, `bb ${r.argv.join(' ')} with an HTTP access token ${JSON.stringify(all)} must be refused:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .* needs [A-Z_]+ permission/m);
  assert.match(r.stderr, reason);
}

async function proveCase(c: DcCase, credential: Credential): Promise<void> {
  const q = await runBb(['scopes', '--dc', '--json', c.command], { configDir: tempDir('bb-proof-dc-') });
  assert.equal(q.code, 0, q.stderr);
  const needs = JSON.parse(q.stdout) as Needs;
  const declared = new Set(needs.commands.flatMap((e) => e.operations.map((o) => o.operation)));
  const g = grants(needs, credential);

  const run = async (grant: Record<string, unknown>) => runCase(c, grant);

  const ok = await run(g.exact);
  const what = `bb ${ok.argv.join(' ')}`;
  assert.equal(ok.code, 0, `${what} with exactly ${JSON.stringify(g.exact)}:\n${ok.stderr}\ncalled:\n${ok.trace}`);
  const undeclared = [...new Set(ok.log.map((e) => e.operation ?? `${e.method} ${e.path}`).filter((op) => !declared.has(op)))];
  assert.deepEqual(undeclared, [], `${what} called DC operations it does not declare:\n${ok.trace}`);

  if (credential === 'access-token' && c.tokenFloor) {
    assert.equal(g.named, 'REPO_READ', `${what}: a token at the floor holds REPO_READ`);
    return;
  }
  const r = await run(g.below);
  const cmd = `bb ${r.argv.join(' ')}`;
  if (c.hides && (!c.hidesWith || c.hidesWith === credential)) {
    assert.match(ok.stdout, c.hides, `${what} with exactly ${JSON.stringify(g.exact)} lists it:\n${ok.stdout}`);
    assert.equal(r.code, 0, `${cmd} with ${JSON.stringify(g.below)}:\n${r.stderr}`);
    assert.doesNotMatch(r.stdout, c.hides, `${cmd} with ${JSON.stringify(g.below)} must not list it (else ${g.named} is more than needed):\n${r.stdout}`);
    return;
  }
  assert.equal(
    r.code,
    4,
    `${cmd} with ${JSON.stringify(g.below)} should fail (else ${g.named} is more than needed):\n${r.stdout}${r.stderr}\ncalled:\n${r.trace}`,
  );
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .* needs [A-Z_]+ permission/m, `${cmd}:\n${r.stderr}`);
  assert.match(r.stderr, new RegExp(`(^|[^\\w])${g.named}(?![\\w])`, 'm'), `${cmd}: the error names ${g.named}:\n${r.stderr}`);
}
