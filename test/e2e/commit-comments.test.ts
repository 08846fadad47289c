/**
 * Commit discussions: `bb commit comment`, `bb commit comments list|edit|delete`, `bb commit approve|unapprove`, the
 * built CLI against `bb sandbox` (Cloud) and `bb sandbox --kind dc` (no commit approval there: NOT_ON_DC with a hint).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { type BbResult, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const ok = (r: { code: number | null; stderr: string }, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);

describe('commit discussions on Bitbucket Cloud (bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let head: string;
  const run = (args: string[], input?: string): Promise<BbResult> => bb(args, { env, cwd: tempDir(), ...(input !== undefined ? { input } : {}) });

  before(async () => {
    sb = await startSandbox();
    env = sb.env({ BB_REPO: 'acme/web' });
    const r = await run(['commit', 'view', 'main', '--json', 'hash']);
    ok(r, 'commit view');
    head = (JSON.parse(r.stdout) as Json).hash;
  });
  after(async () => {
    await sb?.stop();
  });

  test('comment (general, inline, from stdin), list threaded, edit, delete; approve, unapprove', async () => {
    let r = await run(['commit', 'comment', head, '-b', 'Nice one', '--json', 'id,body,path,line']);
    ok(r, 'comment');
    const first = JSON.parse(r.stdout) as Json;
    assert.equal(first.body, 'Nice one');
    assert.equal(first.path, null);
    r = await run(['commit', 'comment', head, '--file', 'README.md', '--line', '1', '-b', 'Typo?', '--json', 'id,path,line']);
    ok(r, 'inline comment');
    const inline = JSON.parse(r.stdout) as Json;
    assert.deepEqual({ path: inline.path, line: inline.line }, { path: 'README.md', line: 1 });
    r = await run(['commit', 'comment', head, '--body-file', '-'], 'from stdin\n');
    ok(r, 'comment from stdin');
    assert.match(r.stderr, /✓ Commented on [0-9a-f]{12}: #\d+/);

    r = await run(['commit', 'comments', 'list', head, '--json', 'id,body,path,line,author']);
    ok(r, 'list');
    const list = JSON.parse(r.stdout) as Json[];
    assert.deepEqual(
      list.map((c) => [c.body, c.path, c.line]),
      [
        ['Nice one', null, null],
        ['Typo?', 'README.md', 1],
        ['from stdin\n', null, null],
      ],
    );
    assert.ok(list[0]?.author?.nickname);

    r = await run(['commit', 'comments', 'edit', head, String(first.id), '-b', 'Nicer one']);
    ok(r, 'edit');
    r = await run(['commit', 'comments', 'delete', head, String(inline.id), '--yes']);
    ok(r, 'delete');
    r = await run(['commit', 'comments', 'list', head]);
    ok(r, 'list piped');
    assert.match(r.stdout, /Nicer one/);
    assert.doesNotMatch(r.stdout, /Typo\?/);

    r = await run(['commit', 'comment', head, '--line', '3', '-b', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--line needs --file/);
    r = await run(['commit', 'comment', head, '-b', '  ']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the comment is empty/);
    r = await run(['commit', 'comments', 'edit', head, 'abc', '-b', 'x']);
    assert.match(r.stderr, /"abc" is not a comment id/);

    r = await run(['commit', 'approve', head]);
    ok(r, 'approve');
    assert.match(r.stderr, /✓ Approved [0-9a-f]{12} in acme\/web/);
    r = await run(['commit', 'unapprove', head]);
    ok(r, 'unapprove');
    r = await run(['commit', 'unapprove', head]);
    assert.equal(r.code, 1, r.stderr);
    r = await run(['commit', 'approve', 'f'.repeat(40)]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /API_NOT_FOUND: commit f+ not found in acme\/web/);
  });
});

describe('commit discussions on Bitbucket Data Center (bb sandbox --kind dc)', () => {
  let sb: DcSandbox;
  let env: Record<string, string>;
  let head: string;
  const run = (args: string[]) => sb.bb(args, { env });

  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-commit-comments-');
    await sb.loginAsAdmin();
    env = { BB_HOST: sb.ready.url, BB_REPO: 'ACME/api' };
    const r = await run(['commit', 'view', 'main', '--json', 'hash']);
    ok(r, 'commit view');
    head = (JSON.parse(r.stdout) as Json).hash;
  });
  after(() => sb?.stop());

  test('comment, inline, list, edit (version), delete; approve is NOT_ON_DC with a hint', async () => {
    let r = await run(['commit', 'comment', head, '-b', 'Nice one', '--json', 'id,body']);
    ok(r, 'comment');
    const first = JSON.parse(r.stdout) as Json;
    r = await run(['commit', 'comment', head, '--file', 'README.md', '--line', '2', '-b', 'Typo?', '--json', 'id,path,line']);
    ok(r, 'inline');
    const inline = JSON.parse(r.stdout) as Json;
    assert.deepEqual({ path: inline.path, line: inline.line }, { path: 'README.md', line: 2 });
    r = await run(['commit', 'comments', 'edit', head, String(first.id), '-b', 'Nicer one']);
    ok(r, 'edit');
    r = await run(['commit', 'comments', 'edit', head, String(first.id), '-b', 'Nicest one', '--json', 'body']);
    ok(r, 'edit twice (the version moves on)');
    assert.deepEqual(JSON.parse(r.stdout), { body: 'Nicest one' });
    r = await run(['commit', 'comments', 'delete', head, String(inline.id), '--yes']);
    ok(r, 'delete');
    r = await run(['commit', 'comments', 'list', head, '--json', 'id,body,path']);
    ok(r, 'list');
    assert.deepEqual(JSON.parse(r.stdout), [{ id: first.id, body: 'Nicest one', path: null }]);

    r = await run(['commit', 'approve', head]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /error 6003 NOT_ON_DC: bb commit approve is not available on Data Center/);
    assert.match(r.stderr, /approve the pull request the commit is in \(bb pr approve NUMBER\)/);
  });
});
