import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BareRepo } from './git.js';

/** What git itself says the branches are. */
function forEachRef(gitDir: string): Array<{ name: string; target: string }> {
  return execFileSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/heads'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name = '', target = ''] = l.split(' ');
      return { name, target };
    });
}

test('branches from the ref files match git for-each-ref: packed, loose over packed, nested, deleted, being written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-sandbox-git-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const gitDir = join(dir, 'r.git');
  const repo = await BareRepo.init(gitDir, 'main');
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' }).trim();
  const tree = git('mktree');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@x', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@x' };
  const commit = (msg: string, parent?: string) =>
    execFileSync('git', ['--git-dir', gitDir, 'commit-tree', tree, '-m', msg, ...(parent ? ['-p', parent] : [])], { encoding: 'utf8', env }).trim();
  const c1 = commit('one');
  const c2 = commit('two', c1);

  assert.deepEqual(await repo.branches(), [], 'an empty repository');
  for (const b of ['main', 'feature/login', 'feature/deep/x', 'z-last', 'Upper']) git('update-ref', `refs/heads/${b}`, c1);
  git('pack-refs', '--all');
  git('update-ref', 'refs/heads/main', c2); // loose, over the packed value
  git('update-ref', 'refs/heads/feature/new', c2); // loose only
  git('update-ref', '-d', 'refs/heads/z-last'); // deleted from packed-refs
  git('update-ref', 'refs/tags/v1', c1); // not a branch
  writeFileSync(join(gitDir, 'refs', 'heads', 'wip.lock'), `${c2}\n`); // a ref being written
  const expected = forEachRef(gitDir);
  assert.ok(expected.length === 5 && expected.some((b) => b.name === 'main' && b.target === c2));
  assert.deepEqual(await repo.branches(), expected);

  // a symbolic ref under refs/heads: git answers (the files can't, simply)
  mkdirSync(join(gitDir, 'refs', 'heads'), { recursive: true });
  git('symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
  assert.deepEqual(await repo.branches(), forEachRef(gitDir));
  assert.ok((await repo.branches()).some((b) => b.name === 'alias' && b.target === c2));
});
