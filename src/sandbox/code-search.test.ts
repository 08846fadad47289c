/**
 * The pieces behind the sandbox's code search (code-search.ts), ref ordering (query.ts naturalCompare) and repository
 * sizes (repo-size.ts): the query parser, match ranges, the natural order Bitbucket uses on `sort=name`, and the size
 * cache that keeps repository listings from starting git on every request.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { matchRanges, parseSearchQuery, pieces, SearchQueryError } from './code-search.js';
import { type SandboxHandle, startSandbox } from './index.js';
import { naturalCompare, sortItems } from './query.js';

const run = promisify(execFile);

test('search queries: terms (AND), phrases, OR, NOT and -term, modifiers; a query without a term is refused', () => {
  const q = parseSearchQuery('Foo "bar baz" AND qux ext:.TS path:/src lang:python repo:ACME/web project:acme');
  assert.deepEqual(q.expr, { and: [{ term: 'foo' }, { term: 'bar baz' }, { term: 'qux' }] });
  assert.deepEqual(q.terms, ['foo', 'bar baz', 'qux']);
  assert.deepEqual([q.ext, q.path, q.lang, q.repo, q.project], [['ts'], ['src'], ['python'], 'ACME/web', 'acme']);
  assert.deepEqual(parseSearchQuery('a b OR c').expr, { or: [{ and: [{ term: 'a' }, { term: 'b' }] }, { term: 'c' }] });
  const not = parseSearchQuery('a NOT b -c');
  assert.deepEqual(not.expr, { and: [{ term: 'a' }, { not: { term: 'b' } }, { not: { term: 'c' } }] });
  assert.deepEqual(not.terms, ['a'], 'excluded terms are not highlighted');
  assert.deepEqual(not.allTerms, ['a', 'b', 'c']);
  for (const bad of ['', '   ', 'ext:ts', 'NOT a', '-a']) assert.throws(() => parseSearchQuery(bad), SearchQueryError, JSON.stringify(bad));
});

test('match ranges ignore case and merge overlaps; pieces cut a text at them', () => {
  assert.deepEqual(matchRanges('Foo foo FOOD', ['foo']), [
    [0, 3],
    [4, 7],
    [8, 11],
  ]);
  assert.deepEqual(matchRanges('abcd', ['abc', 'bcd']), [[0, 4]]);
  assert.deepEqual(pieces('say hello there', [[4, 9]]), [
    { text: 'say ', match: false },
    { text: 'hello', match: true },
    { text: ' there', match: false },
  ]);
});

test("natural order (Bitbucket's sort=name on refs): numbers as numbers", () => {
  const names = ['v10', 'branch10', 'v9', '1.10', 'branch2', '1.2', 'v1.10', 'v1.2', 'branch1'];
  assert.deepEqual([...names].sort(naturalCompare), ['1.2', '1.10', 'branch1', 'branch2', 'branch10', 'v1.2', 'v1.10', 'v9', 'v10']);
  assert.ok(naturalCompare('a01', 'a1') > 0 && naturalCompare('a1', 'a01') < 0, 'equal numbers: the shorter spelling first');
  const items = names.map((name) => ({ name }));
  assert.deepEqual(
    sortItems(items, '-name', ['name']).map((i) => i.name),
    ['v10', 'v9', 'v1.10', 'v1.2', 'branch10', 'branch2', 'branch1', '1.10', '1.2'],
  );
  assert.deepEqual(
    sortItems(items, 'name').map((i) => i.name),
    ['1.10', '1.2', 'branch1', 'branch10', 'branch2', 'v1.10', 'v1.2', 'v10', 'v9'],
    'other listings keep the plain order',
  );
});

describe('repository sizes', () => {
  let h: SandboxHandle;
  before(async () => {
    h = await startSandbox({ seed: 'demo' });
  });
  after(() => h.close());

  const size = async () => {
    const r = await fetch(`${h.url}/repositories/acme/web`, { headers: { Authorization: `Bearer ${h.token}` } });
    return ((await r.json()) as { size: number }).size;
  };

  test('are read from git once and kept until a write: a change made behind the server shows only after changed()', async () => {
    const first = await size();
    assert.ok(first > 0);
    const repo = h.sandbox.store.repository('acme', 'web');
    assert.ok(repo);
    // 64 KiB that do not compress, written straight into the object store (no request: the cache is not told)
    const git = h.sandbox.git(repo);
    await git.git(['hash-object', '-w', '--stdin'], randomBytes(65536));
    assert.equal(await size(), first, 'the cached size');
    h.sandbox.sizes.changed();
    const second = await size();
    assert.ok(second > first, `${first} → ${second}`);
    assert.equal(second, await git.diskSize());
  });

  test('a git push is a write: the size after it is computed afresh', async () => {
    const before = await size();
    const dir = await mkdtemp(join(tmpdir(), 'bb-size-push-'));
    try {
      // the token goes to git through its environment, never argv
      const env = { ...process.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Bearer ${h.token}` };
      const git = (args: string[], cwd = dir) => run('git', args, { cwd, env });
      await git(['clone', '--quiet', `${new URL(h.url).origin}/acme/web.git`, 'web']);
      const work = join(dir, 'web');
      await writeFile(join(work, 'noise.bin'), randomBytes(96 * 1024));
      await git(['add', 'noise.bin'], work);
      await git(['-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '--quiet', '-m', 'noise'], work);
      await git(['push', '--quiet', 'origin', 'HEAD:main'], work);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const after = await size();
    assert.ok(after >= before + 90 * 1024, `${before} → ${after}`);
  });
});
