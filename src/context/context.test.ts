import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitWithRemote, noGit, tempDir } from '../../test/support/run.js';
import { createContext } from './context.js';
import type { BbError } from '../core/errors.js';
import type { Git } from '../git/git.js';

function ctx(env: Record<string, string>, git: Git = noGit) {
  return createContext({ env: { BB_API_URL: 'https://api.bitbucket.test/2.0', BB_CONFIG_DIR: tempDir(), ...env }, git });
}

const pipelines = { BITBUCKET_WORKSPACE: 'pipe-ws', BITBUCKET_REPO_SLUG: 'pipe-repo' };
const remote = gitWithRemote('git@bitbucket.org:remote-ws/remote-repo.git');

test('repo context precedence: -R > BB_REPO > git remote > Pipelines variables', async () => {
  const all = ctx({ BB_REPO: 'env-ws/env-repo', ...pipelines }, remote);
  assert.deepEqual(await all.repo('flag-ws/flag-repo'), { workspace: 'flag-ws', repo: 'flag-repo' });
  assert.deepEqual(await all.repo(undefined), { workspace: 'env-ws', repo: 'env-repo' });
  assert.deepEqual(await ctx(pipelines, remote).repo(undefined), { workspace: 'remote-ws', repo: 'remote-repo' });
  assert.deepEqual(await ctx(pipelines).repo(undefined), { workspace: 'pipe-ws', repo: 'pipe-repo' });
  assert.deepEqual(await ctx({ BITBUCKET_REPO_FULL_NAME: 'full/name' }).repo(undefined), { workspace: 'full', repo: 'name' });
});

/** A clone of `remoteUrl` whose `bb repo set-default` is `pinned`. */
function cloneWithDefault(remoteUrl: string, pinned: string): Git {
  return {
    async run(args) {
      if (args[0] === 'remote') return `origin\t${remoteUrl} (fetch)\norigin\t${remoteUrl} (push)\n`;
      if (args.join(' ') === 'config --local --get bb.repo') return `${pinned}\n`;
      throw new Error(`unexpected git ${args.join(' ')}`);
    },
  };
}

test("the clone's default (bb repo set-default) comes after -R and BB_REPO, before the git remote; cloneRepo ignores it", async () => {
  const git = cloneWithDefault('git@bitbucket.org:me/web-fork.git', 'acme/web');
  assert.deepEqual(await ctx({}, git).repo(undefined), { workspace: 'acme', repo: 'web' });
  assert.deepEqual(await ctx({}, git).repo('flag-ws/flag-repo'), { workspace: 'flag-ws', repo: 'flag-repo' });
  assert.deepEqual(await ctx({ BB_REPO: 'env-ws/env-repo' }, git).repo(undefined), { workspace: 'env-ws', repo: 'env-repo' });
  assert.deepEqual(await ctx({}, git).cloneRepo(), { workspace: 'me', repo: 'web-fork' });
  assert.equal(await ctx({}).cloneRepo(), undefined, 'outside a clone');
  await assert.rejects(
    ctx({}, cloneWithDefault('git@bitbucket.org:me/web-fork.git', 'not a repo')).repo(undefined),
    (e: BbError) => e.errorName === 'INVALID_REPO' && /git config bb\.repo is "not a repo"/.test(e.message) && /--unset/.test(e.hints.join()),
  );
});

test('origin wins over other remotes; a sandbox remote counts for a sandbox API', async () => {
  const git: Git = {
    async run(args) {
      if (args[0] !== 'remote') throw new Error(`not set: git ${args.join(' ')}`);
      return [
        'fork\tgit@bitbucket.org:fork-ws/web.git (fetch)',
        'github\tgit@github.com:acme/web.git (fetch)',
        'origin\thttps://bitbucket.org/acme/web.git (fetch)',
        'origin\thttps://bitbucket.org/acme/web.git (push)',
      ].join('\n');
    },
  };
  assert.deepEqual(await ctx({}, git).repo(undefined), { workspace: 'acme', repo: 'web' });
  const sandbox = createContext({
    env: { BB_API_URL: 'http://127.0.0.1:8123/2.0', BB_CONFIG_DIR: tempDir() },
    git: gitWithRemote('http://127.0.0.1:8123/git/acme/web.git'),
  });
  assert.deepEqual(await sandbox.repo(undefined), { workspace: 'acme', repo: 'web' });
});

test('NO_REPO_CONTEXT lists everything that was tried', async () => {
  await assert.rejects(ctx({}, gitWithRemote('git@github.com:acme/web.git')).repo(undefined), (e: BbError) => {
    assert.equal(e.code, 6001);
    assert.equal(e.errorName, 'NO_REPO_CONTEXT');
    const hints = e.hints.join('\n');
    for (const tried of ['-R/--repo', 'BB_REPO', 'git remotes (origin: none is a Bitbucket repository)', 'BITBUCKET_WORKSPACE'])
      assert.ok(hints.includes(tried), `${tried} in ${hints}`);
    return true;
  });
  await assert.rejects(ctx({}).repo(undefined), (e: BbError) => e.hints.join().includes('git remotes (none here)'));
});

test('a malformed -R or BB_REPO is INVALID_REPO (exit 2), not a fallback', async () => {
  await assert.rejects(ctx({}, remote).repo('just-a-name'), (e: BbError) => e.errorName === 'INVALID_REPO' && e.exitCode === 2);
  await assert.rejects(ctx({ BB_REPO: 'a/b/c' }, remote).repo(undefined), (e: BbError) => e.errorName === 'INVALID_REPO');
});

test('workspace: argument, then default_workspace, then the repository context', async () => {
  const c = ctx({ BB_REPO: 'env-ws/r' });
  assert.equal(await c.workspace('arg-ws'), 'arg-ws');
  assert.equal(await c.workspace(undefined), 'env-ws');
  await c.config.set('default_workspace', 'conf-ws');
  assert.equal(await c.workspace(undefined), 'conf-ws');
  await assert.rejects(ctx({}).workspace(undefined), (e: BbError) => e.errorName === 'NO_WORKSPACE' && e.code === 6002);
});

test("the transport: bb's node:http fetch by default, Node's with BB_HTTP=fetch, undici's with a proxy or BB_CA_FILE", () => {
  const plain = ctx({}).fetch;
  assert.notEqual(plain, globalThis.fetch);
  assert.equal((plain as { undici?: boolean }).undici, undefined);
  assert.equal(ctx({ BB_HTTP: 'fetch' }).fetch, globalThis.fetch);
  assert.equal((ctx({ HTTPS_PROXY: 'http://127.0.0.1:9' }).fetch as { undici?: boolean }).undici, true);
  assert.equal((ctx({ BB_CA_FILE: '/nonexistent.pem', BB_HTTP: 'fetch' }).fetch as { undici?: boolean }).undici, true);
});
