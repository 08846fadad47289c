/**
 * ./bin/bb against both sandboxes: `bb pr tasks list/create/edit/resolve/reopen/delete` on Cloud (…/tasks) and on
 * Data Center (blocker comments), with --json, --dry-run, a task on a comment, and the refusals (bad ids, empty
 * text, a missing task, a comment that is no task).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode } from '../support/e2e.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

describe('pr tasks on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb?.stop());
  const run = (args: string[], input?: string) => bb([...args, '-R', 'acme/web'], { env: sb.env(), input });

  test('create, list, edit, resolve, reopen, delete', async () => {
    let r = await run(['pr', 'tasks', 'create', '1', '--body', 'Update the changelog', '--json', 'id,body,state,commentId']);
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    assert.equal(t.body, 'Update the changelog');
    assert.equal(t.state, 'OPEN');
    assert.equal(t.commentId, null);

    // a task on a comment
    const c = (await (
      await sb.api('/repositories/acme/web/pullrequests/1/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: { raw: 'Needs a test' } }),
      })
    ).json()) as { id: number };
    r = await run(['pr', 'tasks', 'create', '1', '-b', 'Add the test', '--comment', String(c.id), '--json', 'commentId,author']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).commentId, c.id);
    assert.equal(JSON.parse(r.stdout).author.nickname, 'dev');

    r = await run(['pr', 'tasks', 'list', '1']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes(`${t.id}\tOPEN\tUpdate the changelog\tdev\t`), r.stdout);
    assert.ok(
      lines.some((l) => l.endsWith(`\tAdd the test\tdev\t#${c.id}`)),
      r.stdout,
    );

    r = await run(['pr', 'tasks', 'edit', '1', String(t.id), '--body', 'Update the changelog and README', '--json', 'body']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).body, 'Update the changelog and README');

    r = await run(['pr', 'tasks', 'resolve', '1', String(t.id)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`✓ Resolved task #${t.id} on pull request #1`));
    r = await run(['pr', 'tasks', 'list', '1', '--state', 'resolved', '--json', 'id,state,resolvedBy,resolvedAt']);
    assert.equal(r.code, 0, r.stderr);
    const resolved = JSON.parse(r.stdout);
    assert.deepEqual(
      resolved.map((x: { id: number }) => x.id),
      [t.id],
    );
    assert.equal(resolved[0].resolvedBy.nickname, 'dev');
    assert.ok(resolved[0].resolvedAt);
    r = await run(['pr', 'tasks', 'list', '1', '--state', 'open', '--json', 'id']);
    assert.ok(!JSON.parse(r.stdout).some((x: { id: number }) => x.id === t.id));

    r = await run(['pr', 'tasks', 'reopen', '1', String(t.id), '--json', 'state,resolvedBy']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { state: 'OPEN', resolvedBy: null });

    r = await run(['pr', 'tasks', 'delete', '1', String(t.id), '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /DELETE .*\/pullrequests\/1\/tasks\//);
    r = await run(['pr', 'tasks', 'delete', '1', String(t.id)]);
    assert.notEqual(r.code, 0, 'no --yes without a terminal');
    r = await run(['pr', 'tasks', 'delete', '1', String(t.id), '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['pr', 'tasks', 'resolve', '1', String(t.id)]);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, new RegExp(`task #${t.id} not found on pull request #1`));
  });

  test('refusals: bad ids, empty text, a comment that is not there', async () => {
    let r = await run(['pr', 'tasks', 'resolve', '1', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"abc" is not a task id/);
    r = await run(['pr', 'tasks', 'create', '1', '--body', '  ']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the task is empty/);
    r = await run(['pr', 'tasks', 'create', '1', '--body', 'x', '--comment', 'x1']);
    assert.match(r.stderr, /--comment "x1" is not a comment id/);
    r = await run(['pr', 'tasks', 'create', '1', '--body', 'x', '--comment', '99999']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Comment not found/);
    r = await run(['pr', 'tasks', 'list', '999']);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, /pull request #999 not found in acme\/web/);
  });
});

describe('pr tasks on Bitbucket Data Center (blocker comments)', () => {
  let sb: DcSandbox;
  let R: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-tasks-');
    await sb.loginAsAdmin();
    R = `${new URL(sb.ready.url).host}/ACME/api`;
  });
  after(() => sb?.stop());
  const run = (args: string[]) => sb.bb([...args, '-R', R]);

  test('create (on a comment too), list, edit, resolve, reopen, delete', async () => {
    let r = await run(['pr', 'tasks', 'create', '1', '--body', 'Fix the typo', '--json', 'id,body,state,author,commentId']);
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    assert.equal(t.body, 'Fix the typo');
    assert.equal(t.state, 'OPEN');
    assert.equal(t.author.nickname, 'admin');

    r = await run(['pr', 'comments', 'add', '1', '--body', 'A remark', '--json', 'id']);
    assert.equal(r.code, 0, r.stderr);
    const comment = JSON.parse(r.stdout).id as number;
    r = await run(['pr', 'tasks', 'create', '1', '-b', 'Answer the remark', '--comment', String(comment), '--json', 'id,commentId']);
    assert.equal(r.code, 0, r.stderr);
    const onComment = JSON.parse(r.stdout);
    assert.equal(onComment.commentId, comment);

    r = await run(['pr', 'tasks', 'list', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`${t.id}\tOPEN\tFix the typo\tadmin\t\n`), r.stdout);
    assert.ok(r.stdout.includes(`${onComment.id}\tOPEN\tAnswer the remark\tadmin\t#${comment}\n`), r.stdout);
    assert.ok(!r.stdout.includes('A remark'), 'a plain comment is no task');

    r = await run(['pr', 'tasks', 'edit', '1', String(t.id), '--body', 'Fix both typos', '--json', 'body,state']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { body: 'Fix both typos', state: 'OPEN' });

    r = await run(['pr', 'tasks', 'resolve', '1', String(t.id), '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /PUT .*blocker-comments/);
    r = await run(['pr', 'tasks', 'resolve', '1', String(t.id), '--json', 'state,resolvedBy']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.equal(res.state, 'RESOLVED');
    assert.equal(res.resolvedBy.nickname, 'admin');
    r = await run(['pr', 'tasks', 'list', '1', '--state', 'open', '--json', 'id']);
    assert.deepEqual(JSON.parse(r.stdout), [{ id: onComment.id }]);
    r = await run(['pr', 'tasks', 'reopen', '1', String(t.id), '--json', 'state']);
    assert.deepEqual(JSON.parse(r.stdout), { state: 'OPEN' });

    // a comment is not a task
    r = await run(['pr', 'tasks', 'resolve', '1', String(comment)]);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, new RegExp(`comment #${comment} on pull request #1 is a comment, not a task`));

    r = await run(['pr', 'tasks', 'delete', '1', String(t.id), '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['pr', 'tasks', 'list', '1', '--json', 'id']);
    assert.deepEqual(JSON.parse(r.stdout), [{ id: onComment.id }]);
    r = await run(['pr', 'tasks', 'delete', '1', String(t.id), '--yes']);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, new RegExp(`task #${t.id} not found on pull request #1`));
  });
});
