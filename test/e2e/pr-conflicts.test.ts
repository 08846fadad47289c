/**
 * ./bin/bb against both sandboxes: `bb pr conflicts` on a pull request made to conflict for real (the same file
 * changed on both branches; the scenarios one by one are src/sandbox/conflicts.test.ts's). The sandboxes compute the conflicts
 * with a three-way merge of their git repositories; Cloud answers through the 302 to the repository's
 * file-conflicts, Data Center in the pull request's changes (and its merge status says conflicted).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { errorCode } from '../support/e2e.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

type Conflict = { path: string; scenario: string; message: string | null };

/** A new branch and main both change README.md: a content conflict. */
async function makeConflict(run: (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>, branch: string): Promise<number> {
  const ok = async (args: string[]) => {
    const r = await run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  // the topic branch is created from main by its first commit, then main moves on
  await ok(['file', 'commit', 'README.md', '--content', '# from the topic\n', '-m', 'topic side', '--branch', branch, '--from-branch', 'main']);
  await ok(['file', 'commit', 'README.md', '--content', '# from main\n', '-m', 'main side', '--branch', 'main']);
  const r = await ok(['pr', 'create', '--head', branch, '--base', 'main', '--title', 'Conflicting', '--no-push', '--json', 'id']);
  return (JSON.parse(r.stdout) as { id: number }).id;
}

describe('pr conflicts on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb?.stop());
  const run = (args: string[]) => bb([...args, '-R', 'acme/web'], { env: sb.env() });

  test('a clean pull request: nothing listed, exit 0', async () => {
    let r = await run(['pr', 'conflicts', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    r = await run(['pr', 'conflicts', '1', '--json', 'path']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('a conflicting pull request: the files, their scenario and message, exit 1', async () => {
    const id = await makeConflict(run, 'topic/both');
    let r = await run(['pr', 'conflicts', String(id), '--json', 'path,scenario,message']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout) as Conflict[], [{ path: 'README.md', scenario: 'content', message: 'File modified in both source and destination' }]);
    r = await run(['pr', 'conflicts', String(id)]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'README.md\tcontent\tFile modified in both source and destination\n');
    const ops = (await sb.requests()).map((q) => q.operation);
    assert.ok(ops.includes('GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/conflicts'));
    assert.ok(ops.includes('GET /repositories/{workspace}/{repo_slug}/file-conflicts/{spec}'), 'the redirect is followed');

    r = await run(['pr', 'conflicts', '999']);
    assert.equal(errorCode(r.stderr), 2002);
    assert.match(r.stderr, /pull request #999 not found in acme\/web/);
  });
});

describe('pr conflicts on Bitbucket Data Center', () => {
  let sb: DcSandbox;
  let R: string;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-conflicts-');
    await sb.loginAsAdmin();
    R = `${new URL(sb.ready.url).host}/ACME/api`;
  });
  after(() => sb?.stop());
  const run = (args: string[]) => sb.bb([...args, '-R', R]);

  test('a clean pull request: nothing listed, exit 0', async () => {
    const r = await run(['pr', 'conflicts', '1', '--json', 'path,scenario']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('a conflicting pull request: the files from the changes, exit 1; the merge is refused as conflicted', async () => {
    const id = await makeConflict(run, 'topic/both');
    let r = await run(['pr', 'conflicts', String(id), '--json', 'path,scenario,message']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout) as Conflict[], [{ path: 'README.md', scenario: 'content', message: 'File modified in both source and destination' }]);
    r = await run(['pr', 'merge', String(id)]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /topic\/both conflicts with main/);

    r = await run(['pr', 'conflicts', '999']);
    assert.equal(errorCode(r.stderr), 2002);
  });
});
