/**
 * Branch restrictions enforced on Bitbucket Cloud's API writes (the built CLI against `bb sandbox`): a `delete`
 * restriction refuses `bb branch delete`, a `push` restriction refuses `bb file commit` by a user it does not list,
 * `restrict_merges` refuses `bb pr merge` by such a user, and the merge checks block a merge only where an
 * `enforce_merge_checks` restriction (Bitbucket Premium's "Prevent a merge with unresolved merge checks") covers the
 * destination; elsewhere they only warn, as on Bitbucket's Free and Standard plans. bb prints the server's message.
 * The git endpoint's enforcement: test/e2e/branch-protection.test.ts. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

describe('branch restrictions on API writes (Cloud)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let alexEnv: Record<string, string | undefined>;
  let devUuid: string;
  let alexUuid: string;
  const run = (...args: string[]) => bb(args, { env });
  const asAlex = (...args: string[]) => bb(args, { env: alexEnv });
  const R = ['-R', 'acme/web'];

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    const alex = await sb.mintToken({ scopes: ALL_WRITE, user: 'alex' });
    alexEnv = { ...env, BB_EMAIL: alex.email, BB_TOKEN: alex.token };
    const members = JSON.parse((await run('workspace', 'members', 'acme', '--json', 'nickname,uuid')).stdout) as Array<{ nickname: string; uuid: string }>;
    devUuid = members.find((m) => m.nickname === 'dev')?.uuid ?? '';
    alexUuid = members.find((m) => m.nickname === 'alex')?.uuid ?? '';
    assert.ok(devUuid && alexUuid, JSON.stringify(members));
  });
  after(async () => {
    await sb?.stop();
  });

  const ALL_WRITE = [
    'read:repository:bitbucket',
    'write:repository:bitbucket',
    'read:pullrequest:bitbucket',
    'write:pullrequest:bitbucket',
    'read:user:bitbucket',
  ];

  async function protect(pattern: string, kind: string, ...extra: string[]): Promise<number> {
    const r = await run('branch', 'protection', 'create', pattern, '--kind', kind, ...extra, ...R, '--json', 'id');
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { id: number }).id;
  }
  async function unprotect(id: number): Promise<void> {
    const r = await run('branch', 'protection', 'delete', String(id), ...R, '--yes');
    assert.equal(r.code, 0, r.stderr);
  }
  /** A branch with one new file, made through the API (Cloud creates it from the main branch). */
  async function branchWithFile(branch: string, file: string, runner = run): Promise<void> {
    const r = await runner('file', 'commit', file, '--content', `${branch}\n`, '-m', `add ${file}`, '--branch', branch, ...R);
    assert.equal(r.code, 0, r.stderr);
  }
  async function branchStatus(name: string): Promise<number> {
    const r = await sb.api(`/repositories/acme/web/refs/branches/${encodeURIComponent(name)}`);
    await r.arrayBuffer();
    return r.status;
  }
  async function openPr(head: string, base: string): Promise<number> {
    const r = await run('pr', 'create', '-t', `${head} into ${base}`, '-H', head, '-B', base, '--no-push', '--no-default-reviewers', ...R, '--json', 'id');
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { id: number }).id;
  }

  test('a delete restriction refuses bb branch delete (403, the server naming the restriction); others still delete', async () => {
    await branchWithFile('release/9', 'R9.md');
    await branchWithFile('spike/old', 'SPIKE.md');
    const id = await protect('release/*', 'delete');
    const refused = await run('branch', 'delete', 'release/9', '--yes', ...R);
    assert.equal(refused.code, 4, refused.stderr); // API_FORBIDDEN
    assert.match(refused.stderr, /Branch release\/9 cannot be deleted: the delete restriction on release\/\* prevents it\./);
    assert.match(refused.stderr, /\b2003\b|API_FORBIDDEN|lack permission/);
    assert.doesNotMatch(refused.stderr, /needs scope/);
    assert.equal(await branchStatus('release/9'), 200, 'the branch is still there');

    const other = await run('branch', 'delete', 'spike/old', '--yes', ...R);
    assert.equal(other.code, 0, other.stderr);

    await unprotect(id);
    const now = await run('branch', 'delete', 'release/9', '--yes', ...R);
    assert.equal(now.code, 0, now.stderr);
  });

  test('a push restriction refuses bb file commit (creating or moving the branch) by a user it does not list; a listed user commits', async () => {
    const id = await protect('hotfix/*', 'push', '--allow', alexUuid);
    const refused = await run('file', 'commit', 'FIX.md', '--content', 'fix\n', '-m', 'fix', '--branch', 'hotfix/1', ...R);
    assert.equal(refused.code, 4, refused.stderr); // API_FORBIDDEN
    assert.match(refused.stderr, /You may not push to branch hotfix\/1: the push restriction on hotfix\/\* allows only the users and groups it lists\./);
    assert.equal(await branchStatus('hotfix/1'), 404, 'not created');

    // alex is listed: creates the branch, and moves it
    await branchWithFile('hotfix/1', 'FIX.md', asAlex);
    await branchWithFile('hotfix/1', 'FIX2.md', asAlex);
    // dev may not move it either
    const move = await run('file', 'commit', 'FIX3.md', '--content', 'x\n', '-m', 'x', '--branch', 'hotfix/1', ...R);
    assert.equal(move.code, 4, move.stderr);
    assert.match(move.stderr, /You may not push to branch hotfix\/1/);
    // bb branch create is refused the same way for dev, allowed for alex
    const create = await run('branch', 'create', 'hotfix/2', ...R);
    assert.equal(create.code, 4, create.stderr);
    assert.match(create.stderr, /You may not push to branch hotfix\/2: the push restriction on hotfix\/\* allows only/);
    assert.equal(await branchStatus('hotfix/2'), 404);
    const byAlex = await asAlex('branch', 'create', 'hotfix/2', ...R);
    assert.equal(byAlex.code, 0, byAlex.stderr);
    // branches the restriction does not cover are untouched
    await branchWithFile('feature/free', 'FREE.md');
    await unprotect(id);
  });

  test('restrict_merges: only the users it lists may merge into the branch', async () => {
    await branchWithFile('stable', 'STABLE.md');
    await branchWithFile('feature/to-stable', 'TO_STABLE.md');
    const pr = await openPr('feature/to-stable', 'stable');
    const id = await protect('stable', 'restrict-merges', '--allow', alexUuid);
    const refused = await run('pr', 'merge', String(pr), ...R, '--json', 'state');
    assert.equal(refused.code, 4, refused.stderr); // API_FORBIDDEN
    assert.match(refused.stderr, /You may not merge into branch stable: the merge restriction on stable allows only the users and groups it lists\./);
    const still = await run('pr', 'view', String(pr), ...R, '--json', 'state');
    assert.deepEqual(JSON.parse(still.stdout), { state: 'OPEN' });

    const merged = await asAlex('pr', 'merge', String(pr), ...R, '--json', 'state');
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(JSON.parse(merged.stdout), { state: 'MERGED' });
    await unprotect(id);
  });

  test('merge checks warn without enforce_merge_checks, and block the merge (400, naming the unmet checks) with it', async () => {
    await branchWithFile('prod', 'PROD.md');
    await branchWithFile('feature/checked-1', 'C1.md');
    await branchWithFile('feature/checked-2', 'C2.md');
    const approvals = await protect('prod', 'require-approvals-to-merge', '--value', '1');
    const noChanges = await protect('prod', 'require-no-changes-requested');

    // not enforced: the merge goes through with no approval (Bitbucket Free/Standard)
    const first = await openPr('feature/checked-1', 'prod');
    const warned = await run('pr', 'merge', String(first), ...R, '--json', 'state');
    assert.equal(warned.code, 0, warned.stderr);
    assert.deepEqual(JSON.parse(warned.stdout), { state: 'MERGED' });

    const enforce = await protect('prod', 'enforce-merge-checks');
    const second = await openPr('feature/checked-2', 'prod');
    const rc = await asAlex('pr', 'request-changes', String(second), ...R);
    assert.equal(rc.code, 0, rc.stderr);
    const blocked = await run('pr', 'merge', String(second), ...R, '--json', 'state');
    assert.equal(blocked.code, 1, blocked.stdout);
    assert.match(blocked.stderr, /You can't merge until you resolve all merge checks\./);
    assert.match(blocked.stderr, /require_approvals_to_merge: 1 approval needed, 0 given/);
    assert.match(blocked.stderr, /require_no_changes_requested: 1 reviewer requested changes/);

    // alex approves (a participant has one state on Cloud: the approval replaces the change request): the checks are met
    const approve = await asAlex('pr', 'approve', String(second), ...R);
    assert.equal(approve.code, 0, approve.stderr);
    const merged = await run('pr', 'merge', String(second), ...R, '--json', 'state');
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(JSON.parse(merged.stdout), { state: 'MERGED' });
    await unprotect(noChanges);
    await unprotect(enforce);
    await unprotect(approvals);
  });
  test('enforced builds, tasks and default reviewer checks: each unmet one is named, and the merge passes once all are met', async () => {
    await branchWithFile('qa', 'QA.md');
    await branchWithFile('feature/qa-1', 'QA1.md');
    const ids = [
      await protect('qa', 'enforce-merge-checks'),
      await protect('qa', 'require-passing-builds-to-merge', '--value', '1'),
      await protect('qa', 'require-tasks-to-be-completed'),
      await protect('qa', 'require-default-reviewer-approvals-to-merge', '--value', '1'),
    ];
    const pr = await openPr('feature/qa-1', 'qa');
    const head = JSON.parse((await run('pr', 'view', String(pr), ...R, '--json', 'headCommit')).stdout) as { headCommit: string };
    const task = await run('pr', 'tasks', 'create', String(pr), '--body', 'check the docs', ...R, '--json', 'id');
    assert.equal(task.code, 0, task.stderr);
    const taskId = String((JSON.parse(task.stdout) as { id: number }).id);
    const status = (state: string) =>
      run('status', 'set', head.headCommit, '--state', state, '--key', 'ci', '--url', 'https://ci.example.test/1', ...R).then((r) =>
        assert.equal(r.code, 0, r.stderr),
      );
    await status('INPROGRESS');

    const blocked = await run('pr', 'merge', String(pr), ...R);
    assert.equal(blocked.code, 1, blocked.stdout);
    assert.match(blocked.stderr, /You can't merge until you resolve all merge checks\./);
    assert.match(
      blocked.stderr,
      /require_passing_builds_to_merge: 1 successful build needed and none failed or in progress \(0 successful, 1 failed or in progress\)/,
    );
    assert.match(blocked.stderr, /require_tasks_to_be_completed: 1 open task/);
    assert.match(blocked.stderr, /require_default_reviewer_approvals_to_merge: 1 default reviewer approval needed, 0 given/);

    await status('SUCCESSFUL');
    assert.equal((await run('pr', 'tasks', 'resolve', String(pr), taskId, ...R)).code, 0);
    const onlyReviewer = await run('pr', 'merge', String(pr), ...R);
    assert.equal(onlyReviewer.code, 1);
    assert.doesNotMatch(onlyReviewer.stderr, /require_passing_builds_to_merge|require_tasks_to_be_completed/);
    assert.match(onlyReviewer.stderr, /require_default_reviewer_approvals_to_merge/);

    // alex is acme/web's default reviewer (the demo seed)
    assert.equal((await asAlex('pr', 'approve', String(pr), ...R)).code, 0);
    const merged = await run('pr', 'merge', String(pr), ...R, '--json', 'state');
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(JSON.parse(merged.stdout), { state: 'MERGED' });
    for (const id of ids) await unprotect(id);
  });
});
