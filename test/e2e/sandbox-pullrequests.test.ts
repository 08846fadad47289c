/**
 * Pull requests in the sandbox, in-process (startSandbox): create → list → view → comments →
 * approve → merge with each strategy (checked in git) → conflicts → async merge polling → decline,
 * with answers validated against the spec's schemas.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { handlers as prHandlers } from '../../src/sandbox/handlers/pullrequests.js';
import { OPERATIONS } from '../../src/scopes/generated/operations.js';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { SeedBuilder } from '../../src/sandbox/seed.js';
import type { RepositoryRecord, UserRecord } from '../../src/sandbox/state.js';
import { assertSchema } from '../support/spec-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers, checked against the spec's schemas
type Json = Record<string, any>;

describe('sandbox pull requests', () => {
  let h: SandboxHandle;
  let repo: RepositoryRecord;
  let dev: UserRecord;
  let alex: UserRecord;
  let alexToken: string;
  let b: SeedBuilder;
  const base = '/repositories/dev/app/pullrequests';

  // biome-ignore lint/suspicious/noExplicitAny: JSON or text answers
  async function call(method: string, path: string, body?: unknown, token = h.token): Promise<{ status: number; body: any; headers: Headers }> {
    const r = await fetch(`${h.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await r.text();
    let parsed: unknown = raw;
    if ((r.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(raw);
    return { status: r.status, body: parsed, headers: r.headers };
  }
  const git = (args: string[]) => h.sandbox.git(repo).git(args);
  const head = async (branch: string) => (await git(['rev-parse', `refs/heads/${branch}`])).trim();
  const parents = async (rev: string) => (await git(['rev-list', '--parents', '-n', '1', rev])).trim().split(' ').slice(1);
  const files = async (rev: string) => (await git(['ls-tree', '-r', '--name-only', rev])).trim().split('\n');

  async function createPr(source: string, extra: Json = {}): Promise<Json> {
    const r = await call('POST', base, { title: `PR from ${source}`, source: { branch: { name: source } }, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }

  before(async () => {
    h = await startSandbox({ seed: 'empty' });
    b = new SeedBuilder(h.sandbox);
    const store = h.sandbox.store;
    dev = store.user('dev') as UserRecord;
    alex = b.user({ nickname: 'alex', display_name: 'Alex Reviewer', email: 'alex@sandbox.test' });
    store.data.workspaces.dev?.members.push({ user: alex.uuid, permission: 'collaborator' });
    alexToken = store.mintToken(alex.uuid, 'all', [], new Date());
    repo = await b.repository({ workspace: 'dev', slug: 'app' });
    await b.commit(repo, { branch: 'main', message: 'Initial commit\n', author: dev, files: { 'README.md': 'hello\n', 'conf.txt': 'a=1\n' } });
    await b.commit(repo, { branch: 'feature/a', from: 'main', message: 'Add a\n', author: dev, files: { 'a.txt': 'one\ntwo\n' } });
    await b.commit(repo, { branch: 'feature/sq', from: 'main', message: 'Squash 1\n', author: dev, files: { 's1.txt': 's1\n' } });
    await b.commit(repo, { branch: 'feature/sq', message: 'Squash 2\n', author: dev, files: { 's2.txt': 's2\n' } });
    await b.commit(repo, { branch: 'conflict', from: 'main', message: 'Change conf one way\n', author: dev, files: { 'conf.txt': 'a=2\n' } });
    await b.commit(repo, { branch: 'stale-ff', from: 'main', message: 'Will not fast-forward\n', author: dev, files: { 'ff-no.txt': 'x\n' } });
    await b.commit(repo, { branch: 'async', from: 'main', message: 'Async change\n', author: dev, files: { 'async.txt': 'x\n' } });
    await b.commit(repo, { branch: 'decline-me', from: 'main', message: 'Nope\n', author: dev, files: { 'nope.txt': 'x\n' } });
    // main moves on: merges are real merges, the conflict branch conflicts
    await b.commit(repo, { branch: 'main', message: 'Change conf the other way\n', author: alex, files: { 'conf.txt': 'a=3\n' } });
    b.defaultReviewer(repo, alex);
  });
  after(() => h.close());

  test('create validates like Bitbucket', async () => {
    let r = await call('POST', base, { title: 'x' });
    assert.equal(r.status, 400);
    assert.equal(r.body.type, 'error');
    assert.match(r.body.error.message, /source/);
    r = await call('POST', base, { title: 'x', source: { branch: { name: 'no-such' } } });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /no-such/);
    r = await call('POST', base, { title: 'x', source: { branch: { name: 'main' } } });
    assert.equal(r.status, 400);
    r = await call('POST', base, { title: 'x', source: { branch: { name: 'feature/a' } }, reviewers: [{ uuid: dev.uuid }] });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /author and cannot be included as a reviewer/);
    r = await call('POST', base, { source: { branch: { name: 'feature/a' } } });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.body.error.fields), ['title']);
  });

  let pr1: Json;
  test('create, list, view', async () => {
    pr1 = await createPr('feature/a', { description: 'Adds **a**', reviewers: [{ uuid: alex.uuid }] });
    assertSchema(pr1, 'pullrequest');
    assert.equal(pr1.id, 1);
    assert.equal(pr1.state, 'OPEN');
    assert.equal(pr1.destination.branch.name, 'main');
    assert.equal(pr1.source.commit.hash, (await head('feature/a')).slice(0, 12));
    assert.deepEqual(
      pr1.reviewers.map((u: Json) => u.uuid),
      [alex.uuid],
    );
    assert.equal(pr1.participants[0].role, 'REVIEWER');
    assert.equal(pr1.author.uuid, dev.uuid);
    assert.match(pr1.links.html.href, /\/dev\/app\/pull-requests\/1$/);
    // default reviewers are not added by the API
    const sq = await createPr('feature/sq', { close_source_branch: true });
    assert.deepEqual(sq.reviewers, []);
    const draft = await createPr('async', { draft: true });
    assert.equal(draft.draft, true);

    let list = await call('GET', base);
    assert.equal(list.status, 200);
    assertSchema(list.body, 'paginated_pullrequests');
    assert.deepEqual(
      list.body.values.map((p: Json) => p.id),
      [3, 2, 1],
    );
    assert.equal(list.body.values[0].participants, undefined);
    list = await call('GET', `${base}?state=MERGED`);
    assert.deepEqual(list.body.values, []);
    list = await call('GET', `${base}?state=OPEN&state=MERGED&q=${encodeURIComponent('source.branch.name = "feature/a"')}`);
    assert.deepEqual(
      list.body.values.map((p: Json) => p.id),
      [1],
    );
    list = await call('GET', `${base}?q=${encodeURIComponent(`reviewers.uuid = "${alex.uuid}"`)}`);
    assert.deepEqual(
      list.body.values.map((p: Json) => p.id),
      [1],
    );
    list = await call('GET', `${base}?pagelen=1&sort=id`);
    assert.equal(list.body.values[0].id, 1);
    assert.match(list.body.next, /page=2/);
    assert.equal((await call('GET', `${base}?pagelen=51`)).status, 400);

    const view = await call('GET', `${base}/1`);
    assert.equal(view.status, 200);
    assert.equal(view.body.title, 'PR from feature/a');
    assert.equal(view.body.description, 'Adds **a**');
    assert.equal((await call('GET', `${base}/99`)).status, 404);

    const upd = await call('PUT', `${base}/3`, { title: 'Async PR', draft: false });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.title, 'Async PR');
    assert.equal(upd.body.draft, false);
  });

  test('diff, diffstat, commits, patch', async () => {
    const diff = await call('GET', `${base}/1/diff`);
    assert.equal(diff.status, 200);
    assert.match(diff.body, /\+\+\+ b\/a\.txt/);
    assert.doesNotMatch(diff.body, /conf\.txt/); // against the merge base, not main's head
    const stat = await call('GET', `${base}/1/diffstat`);
    assert.equal(stat.status, 200);
    assertSchema(stat.body, 'paginated_diffstats');
    assert.deepEqual(
      stat.body.values.map((v: Json) => [v.status, v.new.path, v.lines_added, v.lines_removed]),
      [['added', 'a.txt', 2, 0]],
    );
    const commits = await call('GET', `${base}/2/commits`);
    assert.equal(commits.status, 200);
    assert.deepEqual(
      commits.body.values.map((k: Json) => k.message.trim()),
      ['Squash 2', 'Squash 1'],
    );
    const patch = await call('GET', `${base}/2/patch`);
    assert.match(patch.body, /Subject: \[PATCH 1\/2\] Squash 1/);
  });

  test('comments: inline, replies, update, delete, resolve; tasks', async () => {
    const top = await call('POST', `${base}/1/comments`, { content: { raw: 'Looks good' } });
    assert.equal(top.status, 201);
    assertSchema(top.body, 'pullrequest_comment');
    const inline = await call('POST', `${base}/1/comments`, { content: { raw: 'Why two?' }, inline: { path: 'a.txt', to: 2 } }, alexToken);
    assert.equal(inline.status, 201);
    assert.deepEqual(inline.body.inline, { from: null, to: 2, path: 'a.txt' });
    const reply = await call('POST', `${base}/1/comments`, { content: { raw: 'Because.' }, parent: { id: inline.body.id } });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.parent.id, inline.body.id);
    assert.equal(reply.body.inline.path, 'a.txt');
    assert.equal((await call('POST', `${base}/1/comments`, { content: { raw: 'x' }, parent: { id: 999999 } })).status, 400);
    assert.equal((await call('POST', `${base}/1/comments`, { content: {} })).status, 400);

    const edited = await call('PUT', `${base}/1/comments/${top.body.id}`, { content: { raw: 'Looks great' } });
    assert.equal(edited.body.content.raw, 'Looks great');
    assert.equal((await call('PUT', `${base}/1/comments/${top.body.id}`, { content: { raw: 'hijack' } }, alexToken)).status, 403);

    const resolved = await call('POST', `${base}/1/comments/${inline.body.id}/resolve`);
    assert.equal(resolved.status, 200);
    assertSchema(resolved.body, 'comment_resolution');
    assert.equal((await call('POST', `${base}/1/comments/${reply.body.id}/resolve`)).status, 403);
    assert.equal((await call('GET', `${base}/1/comments/${inline.body.id}`)).body.resolution.user.uuid, dev.uuid);
    assert.equal((await call('DELETE', `${base}/1/comments/${inline.body.id}/resolve`)).status, 204);
    assert.equal((await call('DELETE', `${base}/1/comments/${inline.body.id}/resolve`)).status, 404);

    const extra = await call('POST', `${base}/1/comments`, { content: { raw: 'to delete' } });
    assert.equal((await call('DELETE', `${base}/1/comments/${extra.body.id}`)).status, 204);
    const list = await call('GET', `${base}/1/comments`);
    assertSchema(list.body, 'paginated_pullrequest_comments');
    assert.equal(list.body.values.length, 4);
    assert.equal(list.body.values[3].deleted, true);
    const inlineOnly = await call('GET', `${base}/1/comments?q=${encodeURIComponent('inline.path = "a.txt"')}`);
    assert.equal(inlineOnly.body.values.length, 2);

    const task = await call('POST', `${base}/1/tasks`, { content: { raw: 'Rename a.txt' }, comment: { id: inline.body.id } });
    assert.equal(task.status, 201);
    assert.equal(task.body.state, 'UNRESOLVED');
    assert.equal((await call('GET', `${base}/1`)).body.task_count, 1);
    const done = await call('PUT', `${base}/1/tasks/${task.body.id}`, { state: 'RESOLVED' });
    assert.equal(done.body.state, 'RESOLVED');
    assert.equal(done.body.resolved_by.uuid, dev.uuid);
    const view = (await call('GET', `${base}/1`)).body;
    assert.equal(view.task_count, 0);
    assert.equal(view.comment_count, 3);
  });

  test('approve, request changes, activity', async () => {
    const approve = await call('POST', `${base}/1/approve`, undefined, alexToken);
    assert.equal(approve.status, 200);
    assertSchema(approve.body, 'participant');
    assert.equal(approve.body.approved, true);
    assert.equal(approve.body.state, 'approved');
    assert.equal(approve.body.role, 'REVIEWER');

    const rc = await call('POST', `${base}/2/request-changes`, undefined, alexToken);
    assert.equal(rc.body.state, 'changes_requested');
    assert.equal(rc.body.role, 'PARTICIPANT');
    assert.equal((await call('DELETE', `${base}/2/request-changes`, undefined, alexToken)).status, 204);
    const after = (await call('GET', `${base}/2`)).body.participants;
    assert.deepEqual(
      after.map((x: Json) => [x.user.uuid, x.role, x.approved, x.state]),
      [[alex.uuid, 'PARTICIPANT', false, null]],
    );

    const view = (await call('GET', `${base}/1`)).body;
    const p = view.participants.find((x: Json) => x.user.uuid === alex.uuid);
    assert.equal(p.approved, true);
    assert.ok(view.participants.some((x: Json) => x.user.uuid === dev.uuid && x.role === 'PARTICIPANT'));

    const activity = await call('GET', `${base}/1/activity`);
    assert.equal(activity.status, 200);
    const kinds = activity.body.values.map((v: Json) => Object.keys(v).find((k) => k !== 'pull_request'));
    assert.equal(kinds[0], 'approval');
    assert.ok(kinds.includes('comment'));
    assert.equal(kinds[kinds.length - 1], 'update');
    assert.equal(activity.body.values[0].approval.user.uuid, alex.uuid);
  });

  test('statuses and effective default reviewers', async () => {
    const src = await head('feature/a');
    const s = await call('POST', `/repositories/dev/app/commit/${src}/statuses/build`, { key: 'ci', state: 'SUCCESSFUL', url: 'https://ci.example/1' });
    assert.equal(s.status, 201);
    const statuses = await call('GET', `${base}/1/statuses`);
    assertSchema(statuses.body, 'paginated_commitstatuses');
    assert.deepEqual(
      statuses.body.values.map((v: Json) => [v.key, v.state]),
      [['ci', 'SUCCESSFUL']],
    );
    const dr = await call('GET', '/repositories/dev/app/effective-default-reviewers');
    assert.equal(dr.status, 200);
    assertSchema(dr.body, 'paginated_default_reviewer_and_type');
    assert.deepEqual(
      dr.body.values.map((v: Json) => v.user.uuid),
      [alex.uuid],
    );
  });

  test('merge_commit: a merge commit with two parents', async () => {
    const dst = await head('main');
    const src = await head('feature/a');
    const r = await call('POST', `${base}/1/merge`, { type: 'pullrequest_merge_parameters', merge_strategy: 'merge_commit' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assertSchema(r.body, 'pullrequest');
    assert.equal(r.body.state, 'MERGED');
    assert.equal(r.body.closed_by.uuid, dev.uuid);
    const merged = await head('main');
    assert.equal(r.body.merge_commit.hash, merged.slice(0, 12));
    assert.deepEqual(await parents(merged), [dst, src]);
    const message = await git(['log', '-1', '--format=%B', merged]);
    assert.match(message, /^Merged in feature\/a \(pull request #1\)/);
    assert.match(message, /Approved-by: Alex Reviewer/);
    assert.ok(await head('feature/a')); // close_source_branch was false
    // merged pull requests cannot be merged, approved or declined again
    assert.equal((await call('POST', `${base}/1/merge`, {})).status, 400);
    assert.equal((await call('POST', `${base}/1/approve`, undefined, alexToken)).status, 400);
    assert.equal((await call('POST', `${base}/1/decline`)).status, 400);
    const list = await call('GET', `${base}?state=MERGED`);
    assert.deepEqual(
      list.body.values.map((p: Json) => p.id),
      [1],
    );
    // the diff of a merged pull request is still its own
    assert.match((await call('GET', `${base}/1/diff`)).body, /a\.txt/);
  });

  test('squash: one parent, the combined tree, close_source_branch', async () => {
    const dst = await head('main');
    const r = await call('POST', `${base}/2/merge`, { merge_strategy: 'squash', message: 'Squashed!' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const merged = await head('main');
    assert.deepEqual(await parents(merged), [dst]);
    assert.deepEqual((await files(merged)).sort(), ['README.md', 'a.txt', 'conf.txt', 's1.txt', 's2.txt']);
    assert.equal((await git(['log', '-1', '--format=%B', merged])).trim(), 'Squashed!');
    assert.equal(await h.sandbox.git(repo).resolve('refs/heads/feature/sq'), undefined);
    assert.equal(r.body.close_source_branch, true);
  });

  test('fast_forward: moves the branch, or 400 when it cannot', async () => {
    const stale = await createPr('stale-ff');
    const no = await call('POST', `${base}/${stale.id}/merge`, { merge_strategy: 'fast_forward' });
    assert.equal(no.status, 400);
    assert.match(no.body.error.message, /fast-forward/);
    await b.commit(repo, { branch: 'ff', from: 'main', message: 'FF me\n', author: dev, files: { 'ff.txt': 'ff\n' } });
    const ff = await createPr('ff');
    const tip = await head('ff');
    const r = await call('POST', `${base}/${ff.id}/merge`, { merge_strategy: 'fast_forward' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(await head('main'), tip);
    assert.equal(r.body.merge_commit.hash, tip.slice(0, 12));
  });

  test('conflicts answer 409 and leave the branch alone', async () => {
    const pr = await createPr('conflict');
    const before = await head('main');
    const r = await call('POST', `${base}/${pr.id}/merge`, { merge_strategy: 'merge_commit' });
    assert.equal(r.status, 409);
    assertSchema(r.body, 'error');
    assert.equal(r.body.error.detail, 'Conflicting files: conf.txt');
    assert.equal(await head('main'), before);
    assert.equal((await call('GET', `${base}/${pr.id}`)).body.state, 'OPEN');
  });

  test('async merge: 202, Location, merged in the background; PENDING polls, then SUCCESS', async () => {
    const admin = await fetch(`${h.admin}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mergePolls: 2 }),
    });
    assert.equal(((await admin.json()) as Json).mergePolls, 2);
    const r = await call('POST', `${base}/3/merge?async=true`, { merge_strategy: 'merge_commit' });
    assert.equal(r.status, 202);
    const location = r.headers.get('location') ?? '';
    assert.match(location, /\/pullrequests\/3\/merge\/task-status\/[0-9a-f-]+$/);
    const path = location.slice(h.url.length);
    // Bitbucket merges in the background (issue 16 #3): the pull request is merged without a poll, and a second merge
    // finds it merged (400) — the pending task does not block it with a 409
    let state = '';
    for (let i = 0; i < 50 && state !== 'MERGED'; i++) {
      await new Promise((res) => setTimeout(res, 20));
      state = (await call('GET', `${base}/3`)).body.state;
    }
    assert.equal(state, 'MERGED');
    assert.equal((await call('POST', `${base}/3/merge`, {})).status, 400);
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const poll = await call('GET', path);
      assert.equal(poll.status, 200);
      seen.push(poll.body.task_status);
      if (poll.body.task_status === 'SUCCESS') {
        assert.equal(poll.body.merge_result.state, 'MERGED');
        assertSchema(poll.body.merge_result, 'pullrequest');
        break;
      }
    }
    assert.deepEqual(seen, ['PENDING', 'PENDING', 'SUCCESS']);
    assert.equal((await call('GET', path)).body.task_status, 'SUCCESS');
    assert.equal((await call('GET', `${base}/3/merge/task-status/nope`)).status, 400);
    assert.equal((await parents(await head('main'))).length, 2);
  });

  test('mergeAsync: every merge answers 202; a failing task reports the error', async () => {
    const set = (body: Json) => fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await set({ mergeAsync: true, mergePolls: 0 });
    try {
      const conflict = (await call('GET', `${base}?q=${encodeURIComponent('source.branch.name = "conflict"')}`)).body.values[0];
      const r = await call('POST', `${base}/${conflict.id}/merge`, {});
      assert.equal(r.status, 202);
      const poll = await call('GET', (r.headers.get('location') ?? '').slice(h.url.length));
      assert.equal(poll.status, 409);
      assert.match(poll.body.error.message, /conflicts/i);
    } finally {
      await set({ mergeAsync: false, mergePolls: 1 });
    }
  });

  test('a pull request merged by a push outside the API shows as MERGED', async () => {
    await b.commit(repo, { branch: 'pushed', from: 'main', message: 'Pushed change\n', author: dev, files: { 'pushed.txt': 'p\n' } });
    const pr = await createPr('pushed');
    const tip = await head('pushed');
    await git(['update-ref', 'refs/heads/main', tip]); // as if someone merged locally and pushed
    const view = (await call('GET', `${base}/${pr.id}`)).body;
    assert.equal(view.state, 'MERGED');
    assert.equal(view.merge_commit.hash, tip.slice(0, 12));
  });

  test('decline', async () => {
    const pr = await createPr('decline-me');
    const r = await call('POST', `${base}/${pr.id}/decline`);
    assert.equal(r.status, 200);
    assertSchema(r.body, 'pullrequest');
    assert.equal(r.body.state, 'DECLINED');
    assert.equal((await call('POST', `${base}/${pr.id}/merge`, {})).status, 400);
    assert.equal((await call('PUT', `${base}/${pr.id}`, { title: 'x' })).status, 400);
    const list = await call('GET', `${base}?state=DECLINED`);
    assert.deepEqual(
      list.body.values.map((p: Json) => p.id),
      [pr.id],
    );
  });
});

describe('sandbox pull requests: demo seed and operation table', () => {
  test('every handler key is an operation of the spec', () => {
    for (const key of Object.keys(prHandlers)) assert.ok(key in OPERATIONS, `${key} is not in OPERATIONS`);
  });

  test('the demo seed has an open, a merged and a declined pull request', async () => {
    const h = await startSandbox({ seed: 'demo' });
    try {
      const get = async (path: string) => {
        const r = await fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${h.token}` } });
        assert.equal(r.status, 200, path);
        return (await r.json()) as Json;
      };
      const open = await get('/repositories/acme/web/pullrequests/1');
      assertSchema(open, 'pullrequest');
      assert.equal(open.state, 'OPEN');
      assert.equal(open.source.branch.name, 'feature/login');
      assert.ok(open.participants.some((p: Json) => p.user.nickname === 'alex' && p.approved && p.role === 'REVIEWER'));
      const comments = await get('/repositories/acme/web/pullrequests/1/comments');
      assert.equal(comments.values.length, 3);
      assert.equal(comments.values.filter((k: Json) => k.inline).length, 2); // the inline comment and its reply
      const all = await get('/repositories/acme/api/pullrequests?state=MERGED&state=DECLINED&sort=id');
      assert.deepEqual(
        all.values.map((p: Json) => [p.id, p.state]),
        [
          [1, 'MERGED'],
          [2, 'DECLINED'],
        ],
      );
      const merged = all.values[0];
      const main = await get('/repositories/acme/api/refs/branches/main');
      assert.equal(merged.merge_commit.hash, main.target.hash.slice(0, 12));
      assert.equal(main.target.parents.length, 2);
      const diff = await fetch(`${h.url}/repositories/acme/web/pullrequests/1/diff`, { headers: { Authorization: `Bearer ${h.token}` } });
      assert.match(await diff.text(), /src\/login\.js/);
    } finally {
      await h.close();
    }
  });
});
