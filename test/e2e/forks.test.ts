/**
 * Forks, end to end: the sandbox's fork API (POST/GET …/forks, `parent`), pull requests from a fork into its
 * parent (commits, diff and merge across the two bare repositories), and `bb pr checkout` of such a pull request
 * into a fresh clone of the parent — the built CLI (`./bin/bb`) and real git against one `bb sandbox` (demo
 * seed: dev/web-fork, a fork of acme/web, with an open pull request from its docs/contributing branch).
 * Tokens reach bb and git only through the environment, never argv or URLs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type BbResult, bb, gitAuthEnv, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

const run = promisify(execFile);

interface PullRequest {
  id: number;
  source: { branch: { name: string }; commit: { hash: string }; repository: { full_name: string } | null };
  destination: { branch: { name: string }; repository: { full_name: string } };
  state: string;
  merge_commit: { hash: string } | null;
}

describe('forks: the sandbox fork API, pull requests from a fork, bb pr checkout of one (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let home: string;
  let env: Record<string, string | undefined>;

  const git = async (cwd: string, ...args: string[]): Promise<string> => {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...env } as NodeJS.ProcessEnv });
    return stdout;
  };
  const bbIn = (cwd: string, args: string[], extra: Record<string, string | undefined> = {}): Promise<BbResult> => bb(args, { env: { ...env, ...extra }, cwd });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const r = await sb.api(path, init.body ? { ...init, headers: { 'Content-Type': 'application/json' } } : init);
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const branchHead = async (full: string, branch: string): Promise<string> =>
    (await api<{ target: { hash: string } }>(`/repositories/${full}/refs/branches/${branch}`)).body.target.hash;
  const forkPrs = async (): Promise<PullRequest[]> =>
    (await api<{ values: PullRequest[] }>('/repositories/acme/web/pullrequests?pagelen=50')).body.values.filter(
      (p) => p.source.repository?.full_name !== 'acme/web',
    );

  before(async () => {
    sb = await startSandbox();
    home = tempDir('bb-e2e-forks-');
    env = sb.env({
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Sandbox Developer',
      GIT_AUTHOR_EMAIL: 'dev@sandbox.test',
      GIT_COMMITTER_NAME: 'Sandbox Developer',
      GIT_COMMITTER_EMAIL: 'dev@sandbox.test',
    });
  });
  after(async () => {
    await sb?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('the demo fork: parent, listed under the parent’s forks, a bare clone with every branch and tag', async () => {
    const fork = await api<{ full_name: string; parent?: { full_name: string }; mainbranch: { name: string } }>('/repositories/dev/web-fork');
    assert.equal(fork.status, 200);
    assert.equal(fork.body.parent?.full_name, 'acme/web');
    assert.equal(fork.body.mainbranch.name, 'main');
    const parent = await api<Record<string, unknown>>('/repositories/acme/web');
    assert.equal(parent.body.parent, undefined, 'a repository that is not a fork has no parent');
    const forks = await api<{ values: Array<{ full_name: string }> }>('/repositories/acme/web/forks');
    assert.deepEqual(
      forks.body.values.map((f) => f.full_name),
      ['dev/web-fork'],
    );
    assert.equal(await branchHead('dev/web-fork', 'feature/login'), await branchHead('acme/web', 'feature/login'), 'branches were cloned');
    const tags = await api<{ values: Array<{ name: string }> }>('/repositories/dev/web-fork/refs/tags');
    assert.deepEqual(
      tags.body.values.map((t) => t.name),
      ['v1.0.0'],
    );
  });

  test('the demo pull request from the fork: source in dev/web-fork, commits and diff computed across the two repositories', async () => {
    const [pr] = await forkPrs();
    assert.ok(pr, 'a pull request from the fork');
    assert.equal(pr.source.repository?.full_name, 'dev/web-fork');
    assert.equal(pr.destination.repository.full_name, 'acme/web');
    assert.equal(pr.source.branch.name, 'docs/contributing');
    const commits = await api<{ values: Array<{ hash: string; message: string }> }>(`/repositories/acme/web/pullrequests/${pr.id}/commits`);
    assert.deepEqual(
      commits.body.values.map((c) => c.message),
      ['Add contributing notes\n'],
    );
    assert.equal(commits.body.values[0]?.hash, await branchHead('dev/web-fork', 'docs/contributing'));
    const diff = await bbIn(home, ['pr', 'diff', String(pr.id), '--name-only', '-R', 'acme/web']);
    ok(diff, 'pr diff');
    assert.equal(diff.stdout, 'CONTRIBUTING.md\n');
    // the parent's branches are untouched: the fork's branch lives under a hidden ref
    assert.equal((await api(`/repositories/acme/web/refs/branches/docs/contributing`)).status, 404);
  });

  test('POST …/forks, push to the fork, a pull request with source.repository.full_name; bb pr checkout into a fresh clone of the parent', async () => {
    const made = await api<{ full_name: string; parent: { full_name: string } }>('/repositories/acme/web/forks', {
      method: 'POST',
      body: JSON.stringify({ name: 'web-mine', workspace: { slug: 'dev' } }),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.full_name, 'dev/web-mine');
    assert.equal(made.body.parent.full_name, 'acme/web');
    const again = await api('/repositories/acme/web/forks', { method: 'POST', body: JSON.stringify({ name: 'web-mine', workspace: { slug: 'dev' } }) });
    assert.equal(again.status, 400, 'the slug is taken');

    // push a branch named like the parent's main branch to the fork (real git, credential in the environment)
    const work = join(home, 'mine');
    const origin = `${sb.url.replace(/\/2\.0$/, '')}/dev/web-mine.git`;
    const gitEnv = gitAuthEnv(sb.email, sb.token);
    const g = async (cwd: string, ...args: string[]) =>
      (await run('git', args, { cwd, env: { ...process.env, ...env, ...gitEnv } as NodeJS.ProcessEnv })).stdout;
    await g(home, 'clone', '-q', origin, work);
    writeFileSync(join(work, 'FORK.md'), 'made in a fork\n');
    await g(work, 'add', 'FORK.md');
    await g(work, 'commit', '-q', '-m', 'Add a note from the fork');
    await g(work, 'push', '-q', 'origin', 'main');
    const forkHead = (await g(work, 'rev-parse', 'HEAD')).trim();

    const created = await api<PullRequest>('/repositories/acme/web/pullrequests', {
      method: 'POST',
      body: JSON.stringify({
        title: 'A note from the fork',
        source: { branch: { name: 'main' }, repository: { full_name: 'dev/web-mine' } },
        destination: { branch: { name: 'main' } },
      }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.body.source.repository?.full_name, 'dev/web-mine');
    assert.ok(forkHead.startsWith(created.body.source.commit.hash));
    const notFork = await api('/repositories/acme/web/pullrequests', {
      method: 'POST',
      body: JSON.stringify({ title: 'x', source: { branch: { name: 'main' }, repository: { full_name: 'acme/api' } } }),
    });
    assert.equal(notFork.status, 400, 'only a fork of the destination can be the source');

    // bb pr checkout in a fresh clone of acme/web: the fork's branch, fetched from the fork's clone URL
    const fresh = tempDir('bb-e2e-fork-checkout-');
    try {
      ok(await bbIn(fresh, ['repo', 'clone', 'acme/web', 'site']), 'repo clone');
      const dir = join(fresh, 'site');
      const c = await bbIn(dir, ['pr', 'checkout', String(id)]);
      ok(c, 'pr checkout');
      assert.match(c.stderr, /Fetching main from the fork dev\/web-mine/);
      // the source branch is called like the destination: the local branch is named after the fork's workspace
      assert.match(c.stderr, new RegExp(`✓ Checked out pull request #${id} on branch dev/main \\(from dev/web-mine\\)`));
      assert.equal((await git(dir, 'branch', '--show-current')).trim(), 'dev/main');
      assert.equal((await git(dir, 'rev-parse', 'HEAD')).trim(), forkHead, "the local branch has the fork's commit");
      assert.equal(await git(dir, 'show', 'HEAD:FORK.md'), 'made in a fork\n');
      assert.ok(!(await git(dir, 'config', '--list')).includes(sb.token), 'the token is not in .git/config');

      // the demo fork's pull request too, on a branch of its own name
      const [demo] = (await forkPrs()).filter((p) => p.source.repository?.full_name === 'dev/web-fork');
      assert.ok(demo);
      const d = await bbIn(dir, ['pr', 'checkout', String(demo.id)]);
      ok(d, 'pr checkout (demo fork)');
      assert.equal((await git(dir, 'branch', '--show-current')).trim(), 'docs/contributing');
      assert.equal((await git(dir, 'rev-parse', 'HEAD')).trim(), await branchHead('dev/web-fork', 'docs/contributing'));

      // a new commit on the fork: checking out again fast-forwards the local branch
      writeFileSync(join(work, 'FORK.md'), 'made in a fork, updated\n');
      await g(work, 'commit', '-q', '-am', 'Update the note');
      await g(work, 'push', '-q', 'origin', 'main');
      const next = (await g(work, 'rev-parse', 'HEAD')).trim();
      ok(await bbIn(dir, ['pr', 'checkout', String(id)]), 'pr checkout again');
      assert.equal((await git(dir, 'rev-parse', 'HEAD')).trim(), next);
      const commits = await api<{ values: Array<{ hash: string }> }>(`/repositories/acme/web/pullrequests/${id}/commits`);
      assert.deepEqual(
        commits.body.values.map((k) => k.hash),
        [next, forkHead],
        'the pull request follows the fork',
      );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }

    // merged into the parent with a real merge across the two repositories
    const m = await bbIn(home, ['pr', 'merge', String(id), '-R', 'acme/web']);
    ok(m, 'pr merge');
    const after = (await api<PullRequest>(`/repositories/acme/web/pullrequests/${id}`)).body;
    assert.equal(after.state, 'MERGED');
    const main = await branchHead('acme/web', 'main');
    assert.ok(after.merge_commit && main.startsWith(after.merge_commit.hash));
    const merged = await api<{ parents: Array<{ hash: string }> }>(`/repositories/acme/web/commit/${main}`);
    assert.equal(merged.body.parents[1]?.hash, await branchHead('dev/web-mine', 'main'), "the merge commit's second parent is the fork's head");
  });

  test('bb pr create in a clone of a fork: pushes to the fork, opens the pull request in the parent; -R and --head REPO:BRANCH choose', async () => {
    const work = tempDir('bb-e2e-fork-create-');
    try {
      ok(await bbIn(work, ['repo', 'clone', 'dev/web-fork', 'fork']), 'repo clone of the fork');
      const dir = join(work, 'fork');
      await git(dir, 'checkout', '-q', '-b', 'feature/from-fork');
      writeFileSync(join(dir, 'FROM-FORK.md'), 'proposed from the fork\n');
      await git(dir, 'add', 'FROM-FORK.md');
      await git(dir, 'commit', '-q', '-m', 'Propose a change from the fork');
      const local = (await git(dir, 'rev-parse', 'HEAD')).trim();

      // no -R: the destination is the fork's parent; the branch is pushed to the fork (this clone's remote) with
      // bb's own login, handed to that one git process (this git has no credential of its own)
      const c = await bbIn(dir, ['pr', 'create', '--title', 'From the fork', '--push', '--json', 'id,baseRepository,headRepository,headRefName']);
      ok(c, 'pr create from the fork');
      const made = JSON.parse(c.stdout);
      assert.deepEqual([made.baseRepository, made.headRepository, made.headRefName], ['acme/web', 'dev/web-fork', 'feature/from-fork'], c.stdout);
      assert.equal(await branchHead('dev/web-fork', 'feature/from-fork'), local, 'pushed to the fork');
      assert.ok(!(await git(dir, 'config', '--list')).includes(sb.token), "the token is not in the clone's git config");
      assert.equal((await api(`/repositories/acme/web/refs/branches/feature%2Ffrom-fork`)).status, 404, 'nothing pushed to the parent');
      const pr = (await api<PullRequest>(`/repositories/acme/web/pullrequests/${made.id}`)).body;
      assert.equal(pr.source.repository?.full_name, 'dev/web-fork');
      // the branch's pull request is in the parent: without -R, bb says so; with it, finds it
      const here = await bbIn(dir, ['pr', 'view']);
      assert.equal(here.code, 1);
      assert.match(here.stderr, /^error 2002 API_NOT_FOUND: no open pull request from branch "feature\/from-fork" in dev\/web-fork\n/);
      assert.match(
        here.stderr,
        /hint: dev\/web-fork is a fork of acme\/web, where `bb pr create` opens its pull requests: add -R acme\/web, or make it this clone's default: bb repo set-default acme\/web\n/,
      );
      const there = await bbIn(dir, ['pr', 'view', '-R', 'acme/web', '--json', 'id']);
      ok(there, 'pr view -R the parent');
      assert.deepEqual(JSON.parse(there.stdout), { id: made.id });

      // -R the fork itself: a pull request inside the fork
      const inside = await bbIn(dir, ['pr', 'create', '-R', 'dev/web-fork', '--title', 'Inside the fork', '--json', 'baseRepository,headRepository']);
      ok(inside, 'pr create -R the fork');
      assert.deepEqual(JSON.parse(inside.stdout), { baseRepository: 'dev/web-fork', headRepository: 'dev/web-fork' });

      // outside any clone: --head WORKSPACE/REPO:BRANCH names the fork's branch, -R the destination
      await git(dir, 'checkout', '-q', '-b', 'feature/second');
      await git(dir, 'commit', '-q', '--allow-empty', '-m', 'A second proposal');
      const gitEnv = gitAuthEnv(sb.email, sb.token);
      await run('git', ['push', '-q', 'origin', 'feature/second'], { cwd: dir, env: { ...process.env, ...env, ...gitEnv } as NodeJS.ProcessEnv });
      const named = await bbIn(home, ['pr', 'create', '-R', 'acme/web', '--head', 'dev/web-fork:feature/second', '--title', 'Second']);
      ok(named, 'pr create --head REPO:BRANCH');
      assert.match(named.stderr, /✓ Created pull request #\d+ in acme\/web: dev\/web-fork:feature\/second → main\n/);
      const secondId = Number(/pull-requests\/(\d+)\n$/.exec(named.stdout)?.[1]);
      assert.match(
        named.stderr,
        new RegExp(`\\n  follow it with: bb pr view ${secondId} -R acme/web \\(or once for this clone: bb repo set-default acme/web\\)\\n`),
      );
      const second = (await api<PullRequest>(`/repositories/acme/web/pullrequests/${secondId}`)).body;
      assert.deepEqual([second.source.repository?.full_name, second.source.branch.name], ['dev/web-fork', 'feature/second']);
      const missing = await bbIn(home, ['pr', 'create', '-R', 'acme/web', '--head', 'dev/web-fork:no-such-branch', '--title', 'x', '--no-push']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^error 5002 INVALID_ARGUMENT: branch no-such-branch is not on dev\/web-fork\n/);
      const bad = await bbIn(home, ['pr', 'create', '-R', 'acme/web', '--head', 'not a repo:x', '--title', 'x']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: --head not a repo:x: expected BRANCH or WORKSPACE\/REPO:BRANCH/);

      // bb repo set-default: this clone's commands act on the parent; a new pull request still comes from the fork
      await git(dir, 'checkout', '-q', 'feature/from-fork');
      ok(await bbIn(dir, ['repo', 'set-default', 'acme/web']), 'repo set-default');
      assert.equal((await bbIn(dir, ['repo', 'set-default', '--view'])).stdout, 'acme/web\n');
      assert.equal((await git(dir, 'config', '--local', '--get', 'bb.repo')).trim(), 'acme/web');
      const found = await bbIn(dir, ['pr', 'view', '--json', 'id']);
      ok(found, 'pr view with the default');
      assert.deepEqual(JSON.parse(found.stdout), { id: made.id });
      await git(dir, 'checkout', '-q', '-b', 'feature/third');
      await git(dir, 'commit', '-q', '--allow-empty', '-m', 'A third proposal');
      const third = await bbIn(dir, ['pr', 'create', '--title', 'Third', '--push', '--json', 'baseRepository,headRepository,headRefName']);
      ok(third, 'pr create with the default');
      assert.deepEqual(JSON.parse(third.stdout), { baseRepository: 'acme/web', headRepository: 'dev/web-fork', headRefName: 'feature/third' });
      const nope = await bbIn(dir, ['repo', 'set-default', 'acme/no-such-repo']);
      assert.equal(nope.code, 1);
      assert.match(nope.stderr, /^error 2002 API_NOT_FOUND: /);
      assert.equal((await git(dir, 'config', '--local', '--get', 'bb.repo')).trim(), 'acme/web', 'unchanged by a failed set');
      ok(await bbIn(dir, ['repo', 'set-default', '--unset']), 'repo set-default --unset');
      assert.equal((await bbIn(dir, ['repo', 'set-default', '--view'])).stdout, '');
      assert.deepEqual(JSON.parse((await bbIn(dir, ['repo', 'view', '--json', 'fullName'])).stdout), { fullName: 'dev/web-fork' }, 'back to the remote');
      const outside = await bbIn(home, ['repo', 'set-default', 'acme/web']);
      assert.equal(outside.code, 1);
      assert.match(outside.stderr, /^error 3002 GIT_FAILED: not in a git clone/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('a token without read:repository: bb pr checkout fails with 2003 naming it (git over https answered 403), exit 4', async () => {
    const fresh = tempDir('bb-e2e-fork-scope-');
    try {
      ok(await bbIn(fresh, ['repo', 'clone', 'acme/web', 'site']), 'repo clone');
      const dir = join(fresh, 'site');
      const { token, email } = await sb.mintToken({ scopes: ['read:pullrequest:bitbucket'] });
      const r = await bbIn(dir, ['pr', 'checkout', '1'], { BB_TOKEN: token, BB_EMAIL: email });
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /^error 2003 API_FORBIDDEN: git fetch of acme\/web was refused \(HTTP 403\): .*read:repository:bitbucket/m);
      assert.ok(!r.stderr.includes(token), 'the token is never printed');
      const [pr] = await forkPrs();
      const f = await bbIn(dir, ['pr', 'checkout', String(pr?.id)], { BB_TOKEN: token, BB_EMAIL: email });
      assert.equal(f.code, 4, f.stderr);
      assert.match(f.stderr, /^error 2003 API_FORBIDDEN: .*read:repository:bitbucket/m);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
