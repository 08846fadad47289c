/**
 * The pr / commit / status / branch / tag commands against the sandbox (in-process: startSandbox +
 * runBb with the real fetch), on the demo seed plus a few branches made for the scenario: create with
 * default reviewers, checks pending → passing (exit 8 → 0), merge conflict (2004), merge through 202 +
 * task-status polling, squash merge, comments, and the operations each command really calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mergeSettings } from '../../src/sandbox/model/pullrequests.js';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { SeedBuilder } from '../../src/sandbox/seed.js';
import type { RepositoryRecord } from '../../src/sandbox/state.js';
import { runBb } from '../support/run.js';

describe('pr commands against the sandbox', () => {
  let h: SandboxHandle;
  let api: RepositoryRecord;
  let env: Record<string, string>;
  const bb = (argv: string[], opts: { stdin?: string } = {}) => runBb(argv, { env, fetch: globalThis.fetch, ...opts });

  before(async () => {
    h = await startSandbox({ seed: 'demo' });
    env = { BB_API_URL: h.url, BB_TOKEN: h.token, BB_EMAIL: h.email, BB_REPO: 'acme/api' };
    const b = new SeedBuilder(h.sandbox);
    api = h.sandbox.store.repository('acme', 'api') as RepositoryRecord;
    const dev = h.sandbox.store.user('dev');
    assert.ok(api && dev);
    await b.commit(api, {
      branch: 'feature/ping',
      from: 'main',
      message: 'Add ping\n\nA tiny endpoint.\n',
      author: dev,
      files: { 'ping.go': 'package main\n' },
    });
    await b.commit(api, { branch: 'feature/clash', from: 'main', message: 'Clash\n', author: dev, files: { 'health.go': 'package main // mine\n' } });
    await b.commit(api, { branch: 'main', message: 'Move main on\n', author: dev, files: { 'health.go': 'package main // theirs\n' } });
  });
  after(() => h.close());

  test('create adds the default reviewer, list and view find it', async () => {
    const c = await bb(['pr', 'create', '--head', 'feature/ping', '--title', 'Add ping', '--body', 'Tiny.', '--json', 'id,state,reviewers,baseRefName']);
    assert.equal(c.code, 0, c.stderr);
    const created = JSON.parse(c.stdout);
    assert.equal(created.state, 'OPEN');
    assert.equal(created.baseRefName, 'main');
    assert.deepEqual(
      created.reviewers.map((r: { nickname: string }) => r.nickname),
      ['alex'],
    );
    const l = await bb(['pr', 'list', '--head', 'feature/ping', '--json', 'id,title']);
    assert.deepEqual(JSON.parse(l.stdout), [{ id: created.id, title: 'Add ping' }]);
    const v = await bb(['pr', 'view', 'feature/ping']);
    assert.match(v.stdout, /^title:\tAdd ping\nstate:\tOPEN\nauthor:\tdev\nreviewers:\talex \(pending\)\n/);
    const d = await bb(['pr', 'diff', String(created.id), '--name-only']);
    assert.equal(d.stdout, 'ping.go\n');
  });

  test('status: a pull request you approved no longer waits for your review (reviewers come back with fields=)', async () => {
    const alex = h.sandbox.store.user('alex');
    assert.ok(alex);
    const asAlex = { ...env, BB_TOKEN: h.sandbox.store.mintToken(alex.uuid, 'all', [], h.sandbox.now()), BB_EMAIL: alex.email };
    const bbAlex = (argv: string[]) => runBb(argv, { env: asAlex, fetch: globalThis.fetch });
    const id = JSON.parse((await bb(['pr', 'list', '--head', 'feature/ping', '--json', 'id'])).stdout)[0].id as number;
    const waiting = await bbAlex(['pr', 'status', '--json', 'needsReview']);
    assert.equal(waiting.code, 0, waiting.stderr);
    assert.deepEqual(
      (JSON.parse(waiting.stdout).needsReview as Array<{ id: number }>).map((p) => p.id),
      [id],
    );
    const a = await bbAlex(['pr', 'approve', String(id)]);
    assert.equal(a.code, 0, a.stderr);
    const done = await bbAlex(['pr', 'status', '--json', 'needsReview']);
    assert.deepEqual(JSON.parse(done.stdout).needsReview, [], 'approved by alex: not waiting for alex');
    // the author sees the approval in the table
    const mine = await bb(['pr', 'status']);
    assert.match(mine.stdout, new RegExp(`#${id}  Add ping \\[feature/ping → main\\]  ✓ 1 approval\\n`));
    // leave the pull request as the next tests expect it
    assert.equal((await bbAlex(['pr', 'unapprove', String(id)])).code, 0);
  });

  test('checks: pending is exit 8, passing is exit 0', async () => {
    const id = JSON.parse((await bb(['pr', 'list', '--head', 'feature/ping', '--json', 'id,headCommit'])).stdout)[0];
    const full = JSON.parse((await bb(['commit', 'view', 'feature/ping', '--json', 'hash'])).stdout).hash;
    let s = await bb(['status', 'set', full, '--state', 'INPROGRESS', '--key', 'ci', '--name', 'CI', '--url', 'https://ci.example/1']);
    assert.equal(s.code, 0, s.stderr);
    const pending = await bb(['pr', 'checks', String(id.id)]);
    assert.equal(pending.code, 8, pending.stderr);
    assert.match(pending.stdout, /^INPROGRESS\tCI\tci\t/);
    s = await bb(['status', 'set', full, '--state', 'SUCCESSFUL', '--key', 'ci', '--url', 'https://ci.example/1']);
    assert.equal(s.code, 0, s.stderr);
    const ok = await bb(['status', 'list', full, '--json', 'key,state']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), [{ key: 'ci', state: 'SUCCESSFUL' }]);
    assert.equal((await bb(['pr', 'checks', String(id.id)])).code, 0);
  });

  test('comments: inline add, reply, resolve, list threaded', async () => {
    const id = JSON.parse((await bb(['pr', 'list', '--head', 'feature/ping', '--json', 'id'])).stdout)[0].id as number;
    const a = await bb(['pr', 'comments', 'add', String(id), '--file', 'ping.go', '--line', '1', '--body', 'Name it pong?', '--json', 'id']);
    assert.equal(a.code, 0, a.stderr);
    const cid = JSON.parse(a.stdout).id as number;
    const r = await bb(['pr', 'comments', 'reply', String(id), String(cid), '--body-file', '-'], { stdin: 'No.\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await bb(['pr', 'comments', 'resolve', String(id), String(cid)])).code, 0);
    const l = await bb(['pr', 'comments', 'list', String(id), '--json', 'id,parentId,path,line,resolved,body']);
    const list = JSON.parse(l.stdout);
    assert.deepEqual(list[0], { id: cid, parentId: null, path: 'ping.go', line: 1, resolved: true, body: 'Name it pong?' });
    assert.equal(list[1].parentId, cid);
  });

  test('merge: a conflict is 2004; a 202 merge is polled to the end', async () => {
    const c = await bb(['pr', 'create', '--head', 'feature/clash', '--title', 'Clash', '--no-default-reviewers', '--json', 'id']);
    assert.equal(c.code, 0, c.stderr);
    const clash = JSON.parse(c.stdout).id as number;
    const m = await bb(['pr', 'merge', String(clash)]);
    assert.equal(m.code, 1);
    assert.match(m.stderr, new RegExp(`^error 2004 API_CONFLICT: pull request #${clash} cannot be merged: Merge conflicts detected`));
    assert.match(m.stderr, /hint: update it: git fetch && git checkout feature\/clash && git merge origin\/main/);

    const id = JSON.parse((await bb(['pr', 'list', '--head', 'feature/ping', '--json', 'id'])).stdout)[0].id as number;
    mergeSettings(h.sandbox).alwaysAsync = true;
    mergeSettings(h.sandbox).pendingPolls = 2;
    try {
      const ok = await bb(['pr', 'merge', String(id), '--strategy', 'squash', '--delete-branch', '--json', 'id,state,mergeCommit']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /Merging pull request #\d+ in the background/);
      const merged = JSON.parse(ok.stdout);
      assert.equal(merged.state, 'MERGED');
      assert.match(merged.mergeCommit, /^[0-9a-f]{7,}/);
    } finally {
      mergeSettings(h.sandbox).alwaysAsync = false;
    }
    const branches = JSON.parse((await bb(['branch', 'list', '--all', '--json', 'name'])).stdout).map((b: { name: string }) => b.name);
    assert.ok(!branches.includes('feature/ping'), 'the source branch was deleted');
    const again = await bb(['pr', 'merge', String(id)]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is merged: only open pull requests can be merged/);
  });

  test('decline, branch and tag round trips', async () => {
    const clash = JSON.parse((await bb(['pr', 'list', '--head', 'feature/clash', '--json', 'id'])).stdout)[0].id as number;
    const d = await bb(['pr', 'decline', String(clash), '--comment', 'Conflicts, redo it']);
    assert.equal(d.code, 0, d.stderr);
    const states = JSON.parse((await bb(['pr', 'list', '--state', 'declined', '--json', 'id'])).stdout).map((p: { id: number }) => p.id);
    assert.ok(states.includes(clash));
    assert.equal((await bb(['branch', 'create', 'tmp/x', '--from', 'main'])).code, 0);
    assert.equal((await bb(['tag', 'create', 'v9.9.9', '--target', 'tmp/x', '--message', 'nine'])).code, 0);
    const tags = JSON.parse((await bb(['tag', 'list', '--search', 'v9', '--json', 'name'])).stdout);
    assert.deepEqual(tags, [{ name: 'v9.9.9' }]);
    assert.equal((await bb(['tag', 'delete', 'v9.9.9', '--yes'])).code, 0);
    assert.equal((await bb(['branch', 'delete', 'tmp/x', '--yes'])).code, 0);
    const gone = await bb(['branch', 'delete', 'tmp/x', '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: no branch tmp\/x in acme\/api/);
  });

  test('a token without write:pullrequest gets 2003 naming it', async () => {
    const r = await fetch(`${h.admin}/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scopes: ['read:repository:bitbucket', 'read:pullrequest:bitbucket'] }),
    });
    const { token } = (await r.json()) as { token: string };
    const res = await runBb(['pr', 'approve', '1'], { env: { ...env, BB_TOKEN: token }, fetch: globalThis.fetch });
    assert.equal(res.code, 4);
    assert.match(res.stderr, /^error 2003 API_FORBIDDEN: .*write:pullrequest:bitbucket/);
  });
});
