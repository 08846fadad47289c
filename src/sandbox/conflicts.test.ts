/**
 * The sandboxes' file conflicts (conflicts.ts): each scenario from a real three-way merge in a bare repository, and
 * Cloud's `file-conflicts/{spec}` and `pullrequests/{id}/conflicts` (its 302) against hostile specs, in process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mergeConflicts } from './conflicts.js';
import { BareRepo } from './git.js';
import { type SandboxHandle, startSandbox } from './index.js';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'a',
  GIT_AUTHOR_EMAIL: 'a@x',
  GIT_COMMITTER_NAME: 'a',
  GIT_COMMITTER_EMAIL: 'a@x',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

test('every scenario the merge tells apart, named with the source first', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-sandbox-conflicts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const work = join(dir, 'w');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env: ENV, encoding: 'utf8' });
  const write = (path: string, content: string | Buffer) => execFileSync('sh', ['-c', 'cat > "$1"', 'sh', path], { cwd: work, input: content });
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env: ENV });
  write('content.txt', 'a\nb\nc\n');
  write('gone-in-source.txt', 'x\n');
  write('gone-in-destination.txt', 'y\n');
  write('image.bin', Buffer.from([0, 1, 2]));
  write('moved.txt', 'r\nr\nr\n');
  write('clean.txt', 'same\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'source');
  write('content.txt', 'a\nSOURCE\nc\n');
  git('rm', '-q', 'gone-in-source.txt');
  write('gone-in-destination.txt', 'y\nchanged\n');
  write('image.bin', Buffer.from([0, 1, 3]));
  write('both-added.txt', 'source\n');
  git('mv', 'moved.txt', 'moved-in-source.txt');
  write('clean.txt', 'same\nsource only\n');
  git('add', '-A');
  git('commit', '-qm', 'source');
  git('checkout', '-q', 'main');
  write('content.txt', 'a\nDESTINATION\nc\n');
  write('gone-in-source.txt', 'x\nchanged\n');
  git('rm', '-q', 'gone-in-destination.txt', 'moved.txt');
  write('image.bin', Buffer.from([0, 1, 4]));
  write('both-added.txt', 'destination\n');
  git('add', '-A');
  git('commit', '-qm', 'destination');

  const repo = new BareRepo(join(work, '.git'));
  const found = await mergeConflicts(repo, 'main', 'source');
  assert.deepEqual(
    found.map((c) => [c.path, c.scenario, c.ours, c.theirs, c.srcPath ?? null]),
    [
      ['both-added.txt', 'content', 'ADD', 'ADD', null],
      ['content.txt', 'content', 'MODIFY', 'MODIFY', null],
      ['gone-in-destination.txt', 'modify_delete', 'DELETE', 'MODIFY', null],
      ['gone-in-source.txt', 'delete_modify', 'MODIFY', 'DELETE', null],
      ['image.bin', 'binary', 'MODIFY', 'MODIFY', null],
      ['moved-in-source.txt', 'rename_delete', 'DELETE', 'MOVE', 'moved.txt'],
    ],
  );
  assert.equal(found.find((c) => c.path === 'gone-in-source.txt')?.message, 'File deleted in source and modified in destination');
  // the other way round, the sides swap
  const swapped = await mergeConflicts(repo, 'source', 'main');
  assert.equal(swapped.find((c) => c.path === 'gone-in-source.txt')?.scenario, 'modify_delete');
  // one side contains the other, or the same commit: no conflict
  assert.deepEqual(await mergeConflicts(repo, 'main', 'main~1'), []);
  assert.deepEqual(await mergeConflicts(repo, 'main', 'main'), []);
  // git's own errors are errors (not "no conflicts")
  await assert.rejects(mergeConflicts(repo, 'main', 'no-such-ref'));
  await assert.rejects(mergeConflicts(repo, 'main', '--output=/tmp/x'));
});

describe('Cloud: file-conflicts and the pull request redirect', () => {
  let h: SandboxHandle;
  const auth = () => ({ Authorization: `Bearer ${h.token}` });
  before(async () => {
    h = await startSandbox();
  });
  after(() => h.close());

  test('a clean pull request: a 302 to the repository file conflicts of source..destination, an empty page', async () => {
    const r = await fetch(`${h.url}/repositories/acme/web/pullrequests/1/conflicts`, { headers: auth(), redirect: 'manual' });
    assert.equal(r.status, 302);
    const location = r.headers.get('location') ?? '';
    assert.match(location, /\/repositories\/acme\/web\/file-conflicts\/[0-9a-f]{40}\.\.[0-9a-f]{40}$/);
    const page = (await (await fetch(location, { headers: auth() })).json()) as { values: unknown[] };
    assert.deepEqual(page.values, []);
  });

  test('hostile specs: no commit is a 404, an option is no option, a bad page length a 400', async () => {
    for (const spec of ['no-such-commit', '--output=x..main', 'main..--upload-pack=x', '-n', 'main..', '...', encodeURIComponent('main\0x')]) {
      const r = await fetch(`${h.url}/repositories/acme/web/file-conflicts/${spec}`, { headers: auth() });
      assert.ok(r.status === 404 || r.status === 400, `${spec}: ${r.status}`);
      const e = (await r.json()) as { type: string };
      assert.equal(e.type, 'error', spec);
    }
    const r = await fetch(`${h.url}/repositories/acme/web/file-conflicts/main..main?pagelen=0`, { headers: auth() });
    assert.equal(r.status, 400);
    // a single commit with one parent has nothing to re-merge
    const one = (await (await fetch(`${h.url}/repositories/acme/web/file-conflicts/main`, { headers: auth() })).json()) as { values: unknown[] };
    assert.deepEqual(one.values, []);
    const missing = await fetch(`${h.url}/repositories/acme/web/pullrequests/999/conflicts`, { headers: auth(), redirect: 'manual' });
    assert.equal(missing.status, 404);
  });
});
