/**
 * `bb file view|list|history|commit` (#20 item 4) end to end: ./bin/bb against both sandboxes, on their real git
 * repositories. A binary round trip (every byte 0x00–0xff committed with `file commit`, read back identical with
 * `file view`, piped and with -o), a stale parent refused (2004), a ref that does not exist (2002, with a hint),
 * path traversal refused before anything is sent (5002).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { runBb } from '../support/run.js';
import { BB, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** bb's stdout as bytes (the helpers decode it as text). */
function bbBytes(args: string[], env: Record<string, string | undefined>, cwd: string): Buffer {
  const full: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_')) full[k] = v;
  return execFileSync(process.execPath, [BB, ...args], { env: { ...full, NO_COLOR: '1', BB_NO_INPUT: '1', ...env } as NodeJS.ProcessEnv, cwd });
}

type Run = (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>;

/**
 * `file commit --from-branch` (both hosts): a new branch is created from the named branch's tip by the commit (a new
 * file, and an edit of a file the base has); on an existing branch the commit goes on it; a base that does not exist
 * is 2002; --parent with --from-branch is a usage mistake, refused before anything is sent.
 */
async function fromBranchCases(run: Run): Promise<void> {
  const json = <T>(r: { code: number | null; stdout: string; stderr: string }): T => {
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };
  const readme = (await run(['file', 'view', 'README.md', '--ref', 'main'])).stdout;
  assert.ok(readme.length > 0);
  const [mainTip] = json<Array<{ hash: string }>>(await run(['commit', 'list', '--branch', 'main', '-L', '1', '--json', 'hash']));
  const made = json<{ hash: string; branch: string }>(
    await run([
      'file',
      'commit',
      'docs/new.md',
      '--content',
      'new\n',
      '-m',
      'Start a branch',
      '--branch',
      'topic/new',
      '--from-branch',
      'main',
      '--json',
      'hash,branch',
    ]),
  );
  assert.equal(made.branch, 'topic/new');
  const log = json<Array<{ hash: string; parents: string[] }>>(await run(['commit', 'list', '--branch', 'topic/new', '-L', '2', '--json', 'hash,parents']));
  assert.equal(log[0]?.hash, made.hash);
  assert.deepEqual(log[0]?.parents, [mainTip?.hash], 'the new branch starts at main’s tip');
  let v = await run(['file', 'view', 'README.md', '--ref', 'topic/new']);
  assert.equal(v.stdout, readme, 'the base’s files are on the new branch');
  // an edit of a file the base has, on another new branch (Data Center: its source commit is found on the base)
  json(
    await run([
      'file',
      'commit',
      'README.md',
      '--content',
      '# edited\n',
      '-m',
      'Edit on a branch',
      '--branch',
      'topic/edit',
      '--from-branch',
      'main',
      '--json',
      'hash',
    ]),
  );
  v = await run(['file', 'view', 'README.md', '--ref', 'topic/edit']);
  assert.equal(v.stdout, '# edited\n');
  v = await run(['file', 'view', 'README.md', '--ref', 'main']);
  assert.equal(v.stdout, readme, 'main is untouched');
  // the branch exists now: the commit goes on it
  const again = json<{ hash: string }>(
    await run([
      'file',
      'commit',
      'docs/new.md',
      '--content',
      'newer\n',
      '-m',
      'On the branch',
      '--branch',
      'topic/new',
      '--from-branch',
      'main',
      '--json',
      'hash',
    ]),
  );
  const log2 = json<Array<{ hash: string; parents: string[] }>>(await run(['commit', 'list', '--branch', 'topic/new', '-L', '1', '--json', 'hash,parents']));
  assert.deepEqual(log2[0], { hash: again.hash, parents: [made.hash] });
  const missing = await run(['file', 'commit', 'x.md', '--content', 'x', '-m', 'x', '--branch', 'topic/x', '--from-branch', 'no-such-branch']);
  assert.match(missing.stderr, /error 2002 API_NOT_FOUND: branch no-such-branch not found/);
  const both = await run(['file', 'commit', 'x.md', '--content', 'x', '-m', 'x', '--branch', 'topic/x', '--from-branch', 'main', '--parent', 'abc1234']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /error 5002 INVALID_ARGUMENT: --parent and --from-branch cannot be used together/);
  const bad = await run(['file', 'commit', 'x.md', '--content', 'x', '-m', 'x', '--branch', 'topic/x', '--from-branch', '--upload-pack=evil']);
  assert.notEqual(bad.code, 0);
}

describe('bb file on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  let dir: string;
  const run = (args: string[]) => bb(args, { env: sb.env() });
  before(async () => {
    sb = await startSandbox();
    dir = tempDir('bb-e2e-files-');
    writeFileSync(join(dir, 'all.bin'), ALL_BYTES);
  });
  after(() => sb?.stop());

  test('view: a file at the main branch and at a ref; list; history', async () => {
    const v = await run(['file', 'view', 'README.md', '-R', 'acme/web']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^# web\n/);
    const l = await run(['file', 'list', '-R', 'acme/web', '--json', 'path,type,size']);
    assert.equal(l.code, 0, l.stderr);
    const entries = JSON.parse(l.stdout) as Array<{ path: string; type: string; size: number | null }>;
    assert.ok(
      entries.some((e) => e.path === 'README.md' && e.type === 'file' && typeof e.size === 'number'),
      l.stdout,
    );
    const h = await run(['file', 'history', 'README.md', '-R', 'acme/web', '--json', 'hash,subject']);
    assert.equal(h.code, 0, h.stderr);
    assert.ok((JSON.parse(h.stdout) as unknown[]).length >= 1);
  });

  test('binary round trip: commit 0x00–0xff, read it back byte for byte (piped and -o); history names the commit', async () => {
    const c = await run([
      'file',
      'commit',
      'bin/all.bin',
      '--from',
      join(dir, 'all.bin'),
      '-m',
      'All the bytes',
      '--branch',
      'main',
      '-R',
      'acme/web',
      '--json',
      'hash',
    ]);
    assert.equal(c.code, 0, c.stderr);
    const { hash } = JSON.parse(c.stdout) as { hash: string };
    assert.match(hash, /^[0-9a-f]{40}$/);
    const piped = bbBytes(['file', 'view', 'bin/all.bin', '-R', 'acme/web'], sb.env() as Record<string, string>, dir);
    assert.ok(piped.equals(ALL_BYTES), `piped: ${piped.length} bytes`);
    const o = await run(['file', 'view', 'bin/all.bin', '--ref', hash, '-R', 'acme/web', '-o', join(dir, 'back.bin')]);
    assert.equal(o.code, 0, o.stderr);
    assert.ok(readFileSync(join(dir, 'back.bin')).equals(ALL_BYTES));
    const h = await run(['file', 'history', 'bin/all.bin', '-R', 'acme/web', '--json', 'hash,subject']);
    assert.deepEqual(JSON.parse(h.stdout), [{ hash, subject: 'All the bytes' }]);
  });

  test('on a terminal: a binary file is refused with a hint (--force prints it); text is shown', async () => {
    const refused = await runBb(['file', 'view', 'bin/all.bin', '-R', 'acme/web'], { fetch: globalThis.fetch, env: sb.env(), tty: true });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /error 5002 INVALID_ARGUMENT: bin\/all\.bin is a binary file/);
    assert.match(refused.stderr, /hint: write it to a file: bb file view bin\/all\.bin -o FILE/);
    assert.equal(refused.stdout, '');
    const forced = await runBb(['file', 'view', 'bin/all.bin', '--force', '-R', 'acme/web'], { fetch: globalThis.fetch, env: sb.env(), tty: true });
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(forced.stdout.length > 0);
    const text = await runBb(['file', 'view', 'README.md', '-R', 'acme/web'], { fetch: globalThis.fetch, env: sb.env(), tty: true });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^# web\n/);
  });

  test('a stale --parent is refused with 2004 and a hint; the current tip is accepted', async () => {
    const first = await run(['file', 'commit', 'notes.txt', '--content', 'one\n', '-m', 'one', '--branch', 'main', '-R', 'acme/web', '--json', 'hash']);
    assert.equal(first.code, 0, first.stderr);
    const tip = (JSON.parse(first.stdout) as { hash: string }).hash;
    const second = await run(['file', 'commit', 'notes.txt', '--content', 'two\n', '-m', 'two', '--branch', 'main', '--parent', tip, '-R', 'acme/web']);
    assert.equal(second.code, 0, second.stderr);
    const stale = await run(['file', 'commit', 'notes.txt', '--content', 'three\n', '-m', 'three', '--branch', 'main', '--parent', tip, '-R', 'acme/web']);
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /error 2004 API_CONFLICT: notes\.txt was not committed/);
    assert.match(stale.stderr, /hint: read the file as it is now/);
    const now = await run(['file', 'view', 'notes.txt', '-R', 'acme/web']);
    assert.equal(now.stdout, 'two\n');
  });

  test('--from-branch: a new branch from another, through the source POST', async () => {
    await fromBranchCases((args) => run([...args, '-R', 'acme/web']));
  });

  test('hostile: path traversal and a ref that does not exist', async () => {
    for (const p of ['../../etc/passwd', 'docs/../../x', 'a//b']) {
      const r = await run(['file', 'view', p, '-R', 'acme/web']);
      assert.equal(r.code, 2, `${p}: ${r.stderr}`);
      assert.match(r.stderr, /error 5002 INVALID_ARGUMENT: .*not a repository path/);
    }
    const bad = await run(['file', 'commit', '../escape.txt', '--content', 'x', '-m', 'x', '--branch', 'main', '-R', 'acme/web']);
    assert.match(bad.stderr, /error 5002 INVALID_ARGUMENT/);
    const nope = await run(['file', 'view', 'README.md', '--ref', 'no-such-branch', '-R', 'acme/web']);
    assert.match(nope.stderr, /error 2002 API_NOT_FOUND: README\.md not found at no-such-branch in acme\/web/);
    assert.match(nope.stderr, /hint: bb file list/);
    const dirView = await run(['file', 'view', 'src', '-R', 'acme/web']);
    assert.ok(dirView.code !== 0);
  });
});

describe('bb file on Bitbucket Data Center', () => {
  let sb: DcSandbox;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-files-');
    await sb.loginAsAdmin();
    writeFileSync(join(sb.dir, 'all.bin'), ALL_BYTES);
  });
  after(() => sb?.stop());
  const run = (args: string[]) => sb.bb([...args, '-R', `${new URL(sb.ready.url).host}/ACME/api`]);

  test('list, view, history; binary round trip; stale parent; bad ref; traversal', async () => {
    const l = await run(['file', 'list', '--json', 'path,type']);
    assert.equal(l.code, 0, l.stderr);
    assert.ok(
      (JSON.parse(l.stdout) as Array<{ path: string }>).some((e) => e.path === 'README.md'),
      l.stdout,
    );
    const c = await run(['file', 'commit', 'bin/all.bin', '--from', join(sb.dir, 'all.bin'), '-m', 'All the bytes', '--branch', 'main', '--json', 'hash']);
    assert.equal(c.code, 0, c.stderr);
    const { hash } = JSON.parse(c.stdout) as { hash: string };
    const piped = bbBytes(['file', 'view', 'bin/all.bin', '-R', `${new URL(sb.ready.url).host}/ACME/api`], { BB_CONFIG_DIR: sb.config }, sb.dir);
    assert.ok(piped.equals(ALL_BYTES), `piped: ${piped.length} bytes`);
    const h = await run(['file', 'history', 'bin/all.bin', '--json', 'hash,subject']);
    assert.deepEqual(JSON.parse(h.stdout), [{ hash, subject: 'All the bytes' }]);
    // an edit of an existing file finds its source commit itself; an old --parent is a stale edit
    const edit = await run(['file', 'commit', 'bin/all.bin', '--content', 'text now\n', '-m', 'Text', '--branch', 'main']);
    assert.equal(edit.code, 0, edit.stderr);
    const stale = await run(['file', 'commit', 'bin/all.bin', '--content', 'again\n', '-m', 'Again', '--branch', 'main', '--parent', hash]);
    assert.match(stale.stderr, /error 2004 API_CONFLICT: bin\/all\.bin was not committed/);
    const nope = await run(['file', 'view', 'README.md', '--ref', 'no-such-branch']);
    assert.match(nope.stderr, /error 2002 API_NOT_FOUND: README\.md not found at no-such-branch/);
    const trav = await run(['file', 'list', '../..']);
    assert.match(trav.stderr, /error 5002 INVALID_ARGUMENT/);
  });

  test('--from-branch: a new branch from another, through the file edit’s sourceBranch', async () => {
    await fromBranchCases(run);
    // without --from-branch, Data Center refuses a branch that does not exist
    const r = await run(['file', 'commit', 'x.md', '--content', 'x', '-m', 'x', '--branch', 'topic/none']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /topic\/none/);
  });
});
