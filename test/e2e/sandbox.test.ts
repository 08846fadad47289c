/**
 * `./bin/bb sandbox` end to end: the ready line, credentials and scopes, 501 for unimplemented
 * operations, real git clone/push, persistence with --state, faults and latency.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { bb, gitAuthEnv, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

const execFileP = promisify(execFile);

function git(args: string[], cwd: string, env: Record<string, string>) {
  return execFileP('git', args, {
    cwd,
    env: {
      ...process.env,
      ...env,
      GIT_AUTHOR_NAME: 'E2E',
      GIT_AUTHOR_EMAIL: 'e2e@sandbox.test',
      GIT_COMMITTER_NAME: 'E2E',
      GIT_COMMITTER_EMAIL: 'e2e@sandbox.test',
    },
  });
}

describe('bb sandbox (demo seed)', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox({ seed: 'demo', legacy: true });
  });
  after(async () => {
    assert.equal(await sb.stop(), 0, 'the sandbox exits 0 on SIGTERM');
  });

  test('the first stdout line is the ready object, and its token works', async () => {
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+\/2\.0$/);
    assert.equal(sb.admin, sb.url.replace('/2.0', '/_sandbox'));
    assert.equal(sb.email, 'dev@sandbox.test');
    assert.ok(sb.token.length > 20);
    const r = await bb(['api', '/user'], { env: sb.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).nickname, 'dev');
    // Bearer works with the same token
    const bearer = await sb.api('/user', { bearer: true });
    assert.equal(bearer.status, 200);
  });

  test('a bad token answers 401 with the envelope, and bb says AUTH_INVALID', async () => {
    const raw = await sb.api('/user', { token: 'not-a-token' });
    assert.equal(raw.status, 401);
    assert.deepEqual(await raw.json(), { type: 'error', error: { message: 'Token is invalid, expired, or not supported for this endpoint.' } });
    const r = await bb(['repo', 'list', 'acme'], { env: sb.env({ BB_TOKEN: 'not-a-token' }) });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^error 1002 AUTH_INVALID/m);
  });

  test('a token without the scope gets the 403 envelope; bb names the missing scope', async () => {
    const { token } = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
    const raw = await sb.api('/user', { token });
    assert.equal(raw.status, 403);
    assert.deepEqual(await raw.json(), {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['read:user:bitbucket'], granted: ['read:repository:bitbucket'] },
      },
    });
    // bb auth login verifies with GET /user: 1003, naming read:user:bitbucket
    const login = await bb(['auth', 'login', '--email', sb.email, '--with-token'], { env: sb.env({ BB_TOKEN: undefined, BB_EMAIL: undefined }), input: token });
    assert.equal(login.code, 4, login.stderr);
    assert.match(login.stderr, /^error 1003 AUTH_VERIFY_FAILED.*read:user:bitbucket/m);
    // a command: 2003 with the scope
    const narrow = await sb.mintToken({ scopes: ['read:user:bitbucket'] });
    const list = await bb(['repo', 'list', 'acme'], { env: sb.env({ BB_TOKEN: narrow.token }) });
    assert.equal(list.code, 4);
    assert.match(list.stderr, /^error 2003 API_FORBIDDEN.*read:repository:bitbucket/m);
  });

  test('legacy tokens are judged by legacy scopes with implications', async () => {
    const { token } = await sb.mintToken({ legacyScopes: ['pullrequest:write'] });
    // pullrequest:write ⇒ pullrequest ⇒ repository: reading a repository works
    assert.equal((await sb.api('/repositories/acme/web', { token, bearer: true })).status, 200);
    // …but deleting needs repository:delete
    const del = await sb.api('/repositories/acme/web', { token, bearer: true, method: 'DELETE' });
    assert.equal(del.status, 403);
    const body = (await del.json()) as { error: { detail: { required: string[]; granted: string[] } } };
    assert.deepEqual(body.error.detail.required, ['repository:delete']);
    assert.ok(body.error.detail.granted.includes('repository:write'));
  });

  test('an operation of the spec without a handler answers 501 naming it; an unknown path 404', async () => {
    const r = await sb.api('/repositories/acme/web/components');
    assert.equal(r.status, 501);
    const body = (await r.json()) as { type: string; error: { message: string } };
    assert.equal(body.type, 'error');
    assert.match(body.error.message, /GET \/repositories\/\{workspace\}\/\{repo_slug\}\/components/);
    const viaBb = await bb(['api', '/repositories/acme/web/components'], { env: sb.env() });
    assert.equal(viaBb.code, 1);
    assert.match(viaBb.stderr, /2008|501/);
    const unknown = await sb.api('/no/such/path');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { type: string }).type, 'error');
  });

  test('lists: pagination, q, sort and fields', async () => {
    const first = (await (await sb.api('/repositories/acme?pagelen=2&sort=-slug&fields=values.slug,next,size')).json()) as {
      values: Array<{ slug: string }>;
      next: string;
      size: number;
    };
    assert.deepEqual(first.values, [{ slug: 'web' }, { slug: 'docs' }]);
    assert.equal(first.size, 3);
    assert.match(first.next, /^http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\?.*page=2/);
    const second = (await (await sb.api(first.next.slice(sb.url.length))).json()) as { values: Array<{ slug: string }>; next?: string };
    assert.deepEqual(second.values, [{ slug: 'api' }]);
    assert.equal(second.next, undefined);
    const q = encodeURIComponent('name ~ "log" OR (name = "main" AND target.hash != "x")');
    const branches = (await (await sb.api(`/repositories/acme/web/refs/branches?q=${q}&fields=values.name`)).json()) as { values: Array<{ name: string }> };
    assert.deepEqual(branches.values.map((b) => b.name).sort(), ['feature/login', 'main']);
    assert.equal((await sb.api('/repositories/acme?pagelen=101')).status, 400);
    assert.equal((await sb.api(`/repositories/acme?q=${encodeURIComponent('name = ')}`)).status, 400);
  });

  test('clone, commit, push: the new branch shows in the API at once; push needs write scope', async () => {
    const dir = tempDir();
    try {
      const auth = gitAuthEnv(sb.email, sb.token);
      const cloneUrl = `${sb.url.replace('/2.0', '')}/acme/web.git`;
      const repo = (await (await sb.api('/repositories/acme/web')).json()) as { links: { clone: Array<{ name: string; href: string }> } };
      assert.equal(repo.links.clone.find((c) => c.name === 'https')?.href, cloneUrl);
      // without credentials git is asked for them
      await assert.rejects(git(['clone', '-q', cloneUrl, 'anon'], dir, { GIT_TERMINAL_PROMPT: '0' }));
      await git(['clone', '-q', cloneUrl, 'web'], dir, auth);
      const work = join(dir, 'web');
      await git(['checkout', '-q', '-b', 'e2e/pushed'], work, auth);
      writeFileSync(join(work, 'e2e.txt'), 'pushed from the e2e test\n');
      await git(['add', 'e2e.txt'], work, auth);
      await git(['commit', '-q', '-m', 'Add e2e.txt'], work, auth);
      const { stdout: head } = await git(['rev-parse', 'HEAD'], work, auth);

      const readOnly = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
      await assert.rejects(git(['push', '-q', 'origin', 'e2e/pushed'], work, gitAuthEnv(sb.email, readOnly.token)), /403/);

      await git(['push', '-q', 'origin', 'e2e/pushed'], work, auth);
      const r = await bb(['api', '/repositories/acme/web/refs/branches/e2e%2Fpushed'], { env: sb.env() });
      assert.equal(r.code, 0, r.stderr);
      const branch = JSON.parse(r.stdout) as { name: string; target: { hash: string; message: string } };
      assert.equal(branch.name, 'e2e/pushed');
      assert.equal(branch.target.hash, head.trim());
      const diff = await sb.api('/repositories/acme/web/diff/e2e/pushed..main');
      assert.match(await diff.text(), /\+pushed from the e2e test/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('faults and latency can be changed at runtime; the request log records them', async () => {
    const admin = (body: unknown) =>
      fetch(`${sb.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await fetch(`${sb.admin}/requests`, { method: 'DELETE' });
    assert.equal((await admin({ faults: '429=1' })).status, 200);
    const limited = await sb.api('/user');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    await admin({ faults: 'reset=1' });
    await assert.rejects(sb.api('/user'));
    // a seeded generator repeats itself
    const run = async () => {
      await admin({ faults: '500=0.5', seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await sb.api('/user')).status);
      return statuses;
    };
    const a = await run();
    assert.deepEqual(await run(), a);
    assert.ok(a.includes(500) && a.includes(200), `expected a mix: ${a}`);
    await admin({ faults: '', latency: 250 });
    const t0 = Date.now();
    assert.equal((await sb.api('/user')).status, 200);
    assert.ok(Date.now() - t0 >= 240, 'latency applied');
    await admin({ latency: 0 });
    const log = await sb.requests();
    assert.deepEqual(log[0], { method: 'GET', path: '/2.0/user', operation: 'GET /user', status: 429 });
    assert.equal(log[1]?.status, 0);
    assert.equal(log.at(-1)?.status, 200);
  });
});

describe('bb sandbox --state', () => {
  test('data and git repositories survive a restart; the old token still works', async () => {
    const state = tempDir('bb-e2e-state-');
    try {
      const first = await startSandbox({ seed: 'empty', state });
      const created = await first.api('/repositories/dev/kept', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ scm: 'git', description: 'survives restarts' }),
      });
      assert.equal(
        created.status,
        200, // the spec: 200 (issue 16 #11)
        await created.clone().text(),
      );
      const work = tempDir();
      const auth = gitAuthEnv(first.email, first.token);
      const cloneUrl = `${first.url.replace('/2.0', '')}/dev/kept.git`;
      await git(['clone', '-q', cloneUrl, 'kept'], work, auth);
      writeFileSync(join(work, 'kept', 'README.md'), '# kept\n');
      await git(['add', '.'], join(work, 'kept'), auth);
      await git(['commit', '-q', '-m', 'first'], join(work, 'kept'), auth);
      await git(['push', '-q', 'origin', 'HEAD:main'], join(work, 'kept'), auth);
      rmSync(work, { recursive: true, force: true });
      assert.equal(await first.stop(), 0);

      const second = await startSandbox({ seed: 'demo', state });
      try {
        const repo = (await (await second.api('/repositories/dev/kept', { token: first.token })).json()) as {
          description: string;
          mainbranch: { name: string };
        };
        assert.equal(repo.description, 'survives restarts');
        assert.equal(repo.mainbranch.name, 'main');
        const commits = (await (await second.api('/repositories/dev/kept/commits')).json()) as { values: Array<{ message: string }> };
        assert.deepEqual(
          commits.values.map((c) => c.message.trim()),
          ['first'],
        );
        // the state was not re-seeded with the demo
        assert.equal((await second.api('/workspaces/acme')).status, 404);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test('bad flags are usage errors', async () => {
    const r = await bb(['sandbox', '--faults', '429=2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: --faults/m);
  });
});
