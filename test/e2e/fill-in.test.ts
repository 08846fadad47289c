/**
 * Commands that complete existing groups (snippet comments, watch/unwatch/watching, history; single-item views):
 * the built CLI (`./bin/bb`, child processes) against one `bb sandbox` (demo seed), asserting piped rows, --json,
 * stderr and exit statuses, error paths included.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BbResult, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

describe('fill-in commands (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let dir: string;
  const run = (args: string[], o: { input?: string; extra?: Record<string, string | undefined> } = {}): Promise<BbResult> =>
    bb(args, { env: { ...env, ...o.extra }, cwd: dir, ...(o.input !== undefined ? { input: o.input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const rows = (r: BbResult) =>
    r.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
  const WS = ['--workspace', 'acme'];

  before(async () => {
    sb = await startSandbox();
    dir = tempDir('bb-e2e-fill-');
    env = sb.env({ BB_REPO: 'acme/web', HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') });
  });
  after(async () => {
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('snippet comments list|add|edit|delete', async () => {
    const seeded = await run(['snippet', 'comments', 'list', 'relchk', ...WS]);
    ok(seeded, 'comments list (the seed)');
    assert.deepEqual(
      rows(seeded).map((x) => [x[0], x[1], x[3]]),
      [['1', 'alex', 'Should we add a changelog step?']],
    );

    const a = await run(['snippet', 'comments', 'add', 'relchk', '--body', 'Add a changelog step', ...WS, '--json', 'id,body,parentId,author']);
    ok(a, 'comments add');
    const first = JSON.parse(a.stdout) as Json;
    assert.deepEqual({ ...first, id: typeof first.id }, { id: 'number', body: 'Add a changelog step', parentId: null, author: first.author });
    assert.ok(first.author, 'an author');
    const r = await run(['snippet', 'comments', 'add', 'relchk', '--reply-to', String(first.id), '--body-file', '-', ...WS], { input: 'Done\n' });
    ok(r, 'comments add --reply-to');
    assert.match(r.stdout, /^http:\/\/127\.0\.0\.1:\d+\/acme\/workspace\/snippets\/relchk#comment-\d+\n$/);
    assert.match(r.stderr, /^✓ Commented on snippet relchk \(comment \d+\)\n$/);

    const l = await run(['snippet', 'comments', 'list', 'relchk', ...WS]);
    ok(l, 'comments list');
    assert.deepEqual(
      rows(l).map((x) => [x[0], x[3]]),
      [
        ['1', 'Should we add a changelog step?'],
        [String(first.id), 'Add a changelog step'],
        [String(first.id + 1), 'Done'],
      ],
    );
    const lj = JSON.parse((await run(['snippet', 'comments', 'list', 'relchk', ...WS, '--json', 'id,parentId,body'])).stdout) as Json[];
    assert.deepEqual(lj, [
      { id: 1, parentId: null, body: 'Should we add a changelog step?' },
      { id: first.id, parentId: null, body: 'Add a changelog step' },
      { id: first.id + 1, parentId: first.id, body: 'Done\n' },
    ]);

    const dry = await run(['snippet', 'comments', 'edit', 'relchk', String(first.id), '--body', 'x', ...WS, '--dry-run']);
    ok(dry, 'comments edit --dry-run');
    assert.match(dry.stdout + dry.stderr, new RegExp(`PUT .*/snippets/acme/relchk/comments/${first.id}`));
    const e = await run(['snippet', 'comments', 'edit', 'relchk', String(first.id), '--body', 'Add a changelog step first', ...WS, '--json', 'body']);
    ok(e, 'comments edit');
    assert.deepEqual(JSON.parse(e.stdout), { body: 'Add a changelog step first' });

    const emptyBody = await run(['snippet', 'comments', 'edit', 'relchk', String(first.id), '--body', '  ', ...WS]);
    assert.equal(emptyBody.code, 2);
    assert.match(emptyBody.stderr, /INVALID_ARGUMENT: the comment is empty/);
    const badId = await run(['snippet', 'comments', 'delete', 'relchk', 'abc', '--yes', ...WS]);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /INVALID_ARGUMENT: "abc" is not a comment ID/);
    const missing = await run(['snippet', 'comments', 'edit', 'relchk', '999999', '--body', 'x', ...WS]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /API_NOT_FOUND: comment 999999 on snippet relchk not found/);
    const noSnippet = await run(['snippet', 'comments', 'list', 'nosuch', ...WS]);
    assert.notEqual(noSnippet.code, 0);
    assert.match(noSnippet.stderr, /API_NOT_FOUND: snippet nosuch in acme not found/);

    const noYes = await run(['snippet', 'comments', 'delete', 'relchk', String(first.id + 1), ...WS]);
    assert.notEqual(noYes.code, 0, 'a delete without --yes off a terminal is refused');
    const d = await run(['snippet', 'comments', 'delete', 'relchk', String(first.id + 1), '--yes', ...WS]);
    ok(d, 'comments delete');
    assert.equal(d.stderr, `✓ Deleted comment ${first.id + 1} on snippet relchk\n`);
    assert.deepEqual(
      (JSON.parse((await run(['snippet', 'comments', 'list', 'relchk', ...WS, '--json', 'id'])).stdout) as Json[]).map((x) => x.id),
      [1, first.id],
    );
    // someone else's comment: the snippet's writers may delete it, only its author may edit it
    const notMine = await run(['snippet', 'comments', 'edit', 'relchk', '1', '--body', 'x', ...WS]);
    assert.notEqual(notMine.code, 0);
    assert.match(notMine.stderr, /API_FORBIDDEN|403/);
  });

  test('sandbox: snippet comments, watch and commits follow the spec (400 for an empty body, 404 for unknown ids)', async () => {
    const post = (path: string, method: string, body?: string) =>
      sb.api(path, { method, ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}) });
    assert.equal((await post('/snippets/acme/relchk/comments', 'POST', '{}')).status, 400);
    assert.equal((await post('/snippets/acme/relchk/comments', 'POST', '{"content":{"raw":""}}')).status, 400);
    assert.equal((await post('/snippets/acme/relchk/comments', 'POST', '{"content":{"raw":"x"},"parent":{"id":424242}}')).status, 400);
    const made = await post('/snippets/acme/relchk/comments', 'POST', '{"content":{"raw":"spec"}}');
    assert.equal(made.status, 201);
    const cm = (await made.json()) as Json;
    assert.equal(cm.type, 'snippet_comment');
    assert.equal(cm.content.raw, 'spec');
    assert.equal(cm.snippet.id, 'relchk');
    assert.equal((await post(`/snippets/acme/relchk/comments/${cm.id}`, 'PUT', '{}')).status, 400);
    assert.equal((await post(`/snippets/acme/relchk/comments/${cm.id}`, 'GET')).status, 200);
    assert.equal((await post('/snippets/acme/relchk/comments/424242', 'GET')).status, 404);
    assert.equal((await post('/snippets/acme/relchk/comments/424242', 'DELETE')).status, 404);
    assert.equal((await post(`/snippets/acme/relchk/comments/${cm.id}`, 'DELETE')).status, 204);
    assert.equal((await post('/snippets/acme/nosuch/comments', 'GET')).status, 404);
    assert.equal((await post('/snippets/acme/nosuch/watch', 'PUT')).status, 404);
    assert.equal((await post('/snippets/acme/relchk/commits/0000000', 'GET')).status, 404);
    const commits = (await (await post('/snippets/acme/relchk/commits', 'GET')).json()) as Json;
    assert.equal(commits.values[0].type, 'snippet_commit');
    assert.match(commits.values[0].hash, /^[0-9a-f]{40}$/);
  });

  test('snippet watch|unwatch|watching', async () => {
    const before = await run(['snippet', 'watching', 'relchk', ...WS]);
    ok(before, 'watching');
    assert.equal(before.stdout, 'not watching\n');
    const dry = await run(['snippet', 'watch', 'relchk', ...WS, '--dry-run']);
    ok(dry, 'watch --dry-run');
    assert.match(dry.stdout + dry.stderr, /PUT .*\/snippets\/acme\/relchk\/watch/);
    assert.equal((await run(['snippet', 'watching', 'relchk', ...WS])).stdout, 'not watching\n', 'a dry run changes nothing');
    const w = await run(['snippet', 'watch', 'relchk', ...WS]);
    ok(w, 'watch');
    assert.equal(w.stderr, '✓ Watching snippet relchk\n');
    assert.deepEqual(JSON.parse((await run(['snippet', 'watching', 'relchk', ...WS, '--json', 'id,watching'])).stdout), { id: 'relchk', watching: true });
    const u = await run(['snippet', 'unwatch', 'relchk', ...WS]);
    ok(u, 'unwatch');
    assert.equal(u.stderr, '✓ Stopped watching snippet relchk\n');
    assert.equal((await run(['snippet', 'watching', 'relchk', ...WS])).stdout, 'not watching\n');
    const missing = await run(['snippet', 'watching', 'nosuch', ...WS]);
    assert.notEqual(missing.code, 0, 'a missing snippet is not "not watching"');
    assert.match(missing.stderr, /API_NOT_FOUND: snippet nosuch in acme not found/);
  });

  test('snippet history', async () => {
    const c = await run(['snippet', 'create', '-', '--filename', 'a.txt', '--title', 'hist', ...WS, '--json', 'id'], { input: 'one\n' });
    ok(c, 'snippet create');
    const id = (JSON.parse(c.stdout) as Json).id as string;
    ok(await run(['snippet', 'edit', id, '--title', 'hist v2', ...WS]), 'snippet edit');
    const h = await run(['snippet', 'history', id, ...WS, '--json', 'hash,shortHash,subject,parents']);
    ok(h, 'history');
    const commits = JSON.parse(h.stdout) as Json[];
    assert.equal(commits.length, 2);
    const [newest, oldest] = commits as [Json, Json];
    assert.match(newest.hash, /^[0-9a-f]{40}$/);
    assert.equal(newest.shortHash, newest.hash.slice(0, 12));
    assert.deepEqual(newest.parents, [oldest.hash]);
    assert.deepEqual(oldest.parents, []);
    assert.equal(oldest.subject, 'Initial commit');
    const table = await run(['snippet', 'history', id, ...WS]);
    ok(table, 'history table');
    assert.deepEqual(
      rows(table).map((x) => x[0]),
      [newest.hash.slice(0, 12), oldest.hash.slice(0, 12)],
    );
    const one = await run(['snippet', 'history', id, oldest.hash.slice(0, 8), ...WS]);
    ok(one, 'history REVISION');
    assert.match(one.stdout, new RegExp(`^commit:\\t${oldest.hash}\\n`));
    assert.match(one.stdout, /\n\nInitial commit\n$/);
    const bad = await run(['snippet', 'history', id, 'zzz', ...WS]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /INVALID_ARGUMENT: "zzz" is not a commit hash/);
    const none = await run(['snippet', 'history', id, 'abcdef1234', ...WS]);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, new RegExp(`API_NOT_FOUND: commit abcdef1234 of snippet ${id} in acme not found`));
  });

  test('tag view', async () => {
    const list = JSON.parse((await run(['tag', 'list', '--json', 'name,commit,commitSubject,url'])).stdout) as Json[];
    const listed = list.find((t) => t.name === 'v1.0.0');
    assert.ok(listed, 'the seed has tag v1.0.0');
    const v = await run(['tag', 'view', 'v1.0.0']);
    ok(v, 'tag view');
    assert.match(v.stdout, new RegExp(`^name:\\tv1\\.0\\.0\\ncommit:\\t${listed.commit}\\n`));
    const j = await run(['tag', 'view', 'v1.0.0', '--json', 'name,commit,commitSubject,url']);
    ok(j, 'tag view --json');
    assert.deepEqual(JSON.parse(j.stdout), listed, 'the same fields as tag list');
    const missing = await run(['tag', 'view', 'v9.9.9']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /API_NOT_FOUND: tag v9\.9\.9 not found in acme\/web/);
  });
});
