/**
 * `bb branch protection …` end to end on Bitbucket Cloud (the built CLI against `bb sandbox`): list, view, create,
 * edit, delete, --dry-run, the confirmation, and the sandbox's validation; then what a protection does to a real
 * `git push` (the sandbox's git endpoint enforces push, force and delete as Bitbucket's pre-receive check does).
 * Data Center: test/e2e/dc-branch-protection.test.ts. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { git } from '../support/e2e.js';
import { bb, gitAuthEnv, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

interface Protection {
  id: number;
  kind: string;
  hostKind: string;
  match: string;
  pattern: string | null;
  branchType: string | null;
  users: string[];
  groups: string[];
  value: number | null;
}

describe('bb branch protection (Cloud)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let devUuid: string;
  let alexUuid: string;
  let clone: string;
  let auth: Record<string, string>;
  const run = (...args: string[]) => bb(args, { env });
  const push = (...args: string[]) => git(['push', ...args], clone, auth);

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    const members = JSON.parse((await run('workspace', 'members', 'acme', '--json', 'nickname,uuid')).stdout) as Array<{ nickname: string; uuid: string }>;
    devUuid = members.find((m) => m.nickname === 'dev')?.uuid ?? '';
    alexUuid = members.find((m) => m.nickname === 'alex')?.uuid ?? '';
    assert.ok(devUuid && alexUuid, JSON.stringify(members));
    auth = gitAuthEnv(sb.email, sb.token);
    clone = join(tempDir('bb-e2e-protect-'), 'web');
    await git(['clone', '-q', `${sb.url.replace(/\/2\.0$/, '')}/acme/web.git`, clone], ROOT_CWD, auth);
  });
  after(async () => {
    await sb?.stop();
  });

  const ROOT_CWD = tempDir('bb-e2e-protect-cwd-');

  async function commit(file: string, text: string): Promise<void> {
    writeFileSync(join(clone, file), text);
    await git(['add', file], clone);
    await git(['commit', '-q', '-m', `change ${file}`], clone);
  }

  test('create (push, exempting alex), list, view; a push to main by dev is refused like Bitbucket refuses it', async () => {
    const made = await run(
      'branch',
      'protection',
      'create',
      'main',
      '--kind',
      'push',
      '--allow',
      alexUuid,
      '-R',
      'acme/web',
      '--json',
      'id,kind,pattern,users,match',
    );
    assert.equal(made.code, 0, made.stderr);
    const p = JSON.parse(made.stdout) as Protection;
    assert.deepEqual({ ...p, id: 0 }, { id: 0, kind: 'push', pattern: 'main', users: ['alex'], match: 'glob' });
    assert.match(made.stderr, /✓ Protected main of acme\/web \(push, id \d+\)/);

    const list = await run('branch', 'protection', 'list', '-R', 'acme/web', '--json', 'id,kind,hostKind,pattern');
    assert.equal(list.code, 0, list.stderr);
    assert.ok(
      (JSON.parse(list.stdout) as Protection[]).some((x) => x.id === p.id && x.hostKind === 'push' && x.pattern === 'main'),
      list.stdout,
    );
    const rowsOut = await run('branch', 'protection', 'list', '-R', 'acme/web', '--kind', 'push');
    assert.match(rowsOut.stdout, new RegExp(`^${p.id}\\tpush\\tmain\\tallowed: alex$`, 'm'));
    const view = await run('branch', 'protection', 'view', String(p.id), '-R', 'acme/web');
    assert.equal(view.code, 0, view.stderr);
    assert.match(view.stdout, /^kind: +push$/m);
    assert.match(view.stdout, /^users: +alex$/m);

    await commit('PROTECTED.md', 'no\n');
    await assert.rejects(push('origin', 'HEAD:main'), (e: Error & { stderr?: string }) => {
      assert.match(e.stderr ?? '', /remote: Branch restrictions prevented the push: you may not push to branch main/);
      assert.match(e.stderr ?? '', /\[remote rejected\] +HEAD -> main \(pre-receive hook declined\)/);
      return true;
    });
    // other branches are not covered
    await push('-q', 'origin', 'HEAD:refs/heads/feature/protected-note');

    // dev becomes exempt: the same push goes through
    const edited = await run('branch', 'protection', 'edit', String(p.id), '--allow', devUuid, '-R', 'acme/web', '--json', 'users');
    assert.equal(edited.code, 0, edited.stderr);
    assert.deepEqual(JSON.parse(edited.stdout), { users: ['dev'] });
    await push('-q', 'origin', 'HEAD:main');

    const del = await run('branch', 'protection', 'delete', String(p.id), '-R', 'acme/web', '--yes');
    assert.equal(del.code, 0, del.stderr);
    const gone = await run('branch', 'protection', 'view', String(p.id), '-R', 'acme/web');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, new RegExp(`no branch protection ${p.id} on acme/web`));
  });

  test('force: a non-fast-forward push is refused, a fast-forward one is not; delete: the branch cannot be deleted', async () => {
    await git(['switch', '-q', '-c', 'release/1'], clone);
    await commit('RELEASE.md', '1\n');
    await push('-q', 'origin', 'release/1');
    for (const kind of ['force', 'delete']) {
      const r = await run('branch', 'protection', 'create', 'release/*', '--kind', kind, '-R', 'acme/web');
      assert.equal(r.code, 0, r.stderr);
    }
    await commit('RELEASE.md', '2\n');
    await push('-q', 'origin', 'release/1'); // fast-forward
    await git(['commit', '-q', '--amend', '-m', 'rewritten'], clone);
    await assert.rejects(push('--force', 'origin', 'release/1'), /remote: Branch restrictions prevented the push: branch release\/1 cannot be force-pushed to/);
    await assert.rejects(push('origin', ':release/1'), /remote: Branch restrictions prevented the push: branch release\/1 cannot be deleted/);
    const branches = await run('branch', 'list', '-R', 'acme/web', '--json', 'name');
    assert.ok(
      (JSON.parse(branches.stdout) as Array<{ name: string }>).some((b) => b.name === 'release/1'),
      'still there',
    );
    await git(['switch', '-q', 'main'], clone);
  });

  test('--dry-run sends nothing and names the scope; delete needs --yes without a terminal', async () => {
    const dry = await run('branch', 'protection', 'create', 'main', '--kind', 'require-approvals-to-merge', '--value', '2', '-R', 'acme/web', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would send: POST .*\/repositories\/acme\/web\/branch-restrictions/);
    assert.match(dry.stdout, /"kind": "require_approvals_to_merge"/);
    assert.match(dry.stdout, /"value": 2/);
    assert.match(dry.stdout, /required scopes: admin:repository:bitbucket/);
    const first = JSON.parse((await run('branch', 'protection', 'list', '-R', 'acme/web', '--json', 'id')).stdout) as Array<{ id: number }>;
    const id = String(first[0]?.id);
    const clear = await run('branch', 'protection', 'edit', id, '--allow-none', '-R', 'acme/web', '--dry-run');
    assert.equal(clear.code, 0, clear.stderr);
    assert.match(clear.stdout, new RegExp(`would send: PUT .*/branch-restrictions/${id}\\n\\{\\n {2}"users": \\[\\],\\n {2}"groups": \\[\\]\\n\\}`));
    const refused = await run('branch', 'protection', 'delete', id, '-R', 'acme/web');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to remove branch protection .* without confirmation/);
  });

  test('bad input: a kind bb does not know, a Data Center-only kind, no branches, --value on a kind without one', async () => {
    const unknown = await run('branch', 'protection', 'create', 'main', '--kind', 'frobnicate', '-R', 'acme/web');
    assert.match(unknown.stderr, /error 5002 INVALID_ARGUMENT: "frobnicate" is not a branch protection kind/);
    const dcOnly = await run('branch', 'protection', 'create', 'main', '--kind', 'pull-request-only', '-R', 'acme/web');
    assert.match(dcOnly.stderr, /error 6004 NOT_ON_CLOUD: Bitbucket Cloud has no "pull-request-only" branch restriction/);
    assert.match(dcOnly.stderr, /restrict-merges/);
    const none = await run('branch', 'protection', 'create', '--kind', 'push', '-R', 'acme/web');
    assert.match(none.stderr, /which branches\?/);
    const value = await run('branch', 'protection', 'create', 'main', '--kind', 'push', '--value', '2', '-R', 'acme/web');
    assert.match(value.stderr, /--kind push takes no --value/);
    const user = await run('branch', 'protection', 'create', 'main', '--kind', 'push', '--allow', 'ada', '-R', 'acme/web');
    assert.match(user.stderr, /"ada" is not a Bitbucket Cloud user reference/);
    const id = await run('branch', 'protection', 'view', '12x', '-R', 'acme/web');
    assert.match(id.stderr, /"12x" is not a branch protection id/);
  });

  test('the sandbox validates as Bitbucket does: unknown kind, missing pattern, unknown branch type, unknown user → 400', async () => {
    const post = (body: unknown) =>
      sb.api('/repositories/acme/web/branch-restrictions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const body of [
      { kind: 'frobnicate', pattern: 'main' },
      { kind: 'push' },
      { pattern: 'main' },
      { kind: 'push', branch_match_kind: 'branching_model' },
      { kind: 'push', branch_match_kind: 'branching_model', branch_type: 'nope' },
      { kind: 'push', pattern: 'main', users: [{ uuid: '{00000000-0000-0000-0000-000000000000}' }] },
    ]) {
      const r = await post(body);
      const text = await r.text();
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${text}`);
      assert.equal((JSON.parse(text) as { type: string }).type, 'error');
    }
    const ok = await post({ kind: 'delete', branch_match_kind: 'branching_model', branch_type: 'production' });
    assert.equal(ok.status, 201);
    const missing = await sb.api('/repositories/acme/web/branch-restrictions/99999');
    assert.equal(missing.status, 404);
  });

  test('branching model: view, edit (repository and project), settings, effective model; a protection on a branch type follows it', async () => {
    let r = await run('repo', 'branching-model', 'view', '-R', 'acme/api');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'development:  main (tracks the main branch)\nproduction:   (disabled)\nfeature:      feature/\nbugfix:       bugfix/\nrelease:      release/\nhotfix:       hotfix/\n',
    );

    // the project's model: acme/api has none of its own, so its effective model is the project's
    r = await run(
      'project',
      'branching-model',
      'edit',
      'PLAT',
      '--workspace',
      'acme',
      '--prefix',
      'release=rel/',
      '--disable',
      'hotfix',
      '--json',
      'branchTypes',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Changed the branching model of project PLAT in acme/);
    assert.deepEqual((JSON.parse(r.stdout) as { branchTypes: unknown[] }).branchTypes, [
      { kind: 'feature', prefix: 'feature/', enabled: true },
      { kind: 'bugfix', prefix: 'bugfix/', enabled: true },
      { kind: 'release', prefix: 'rel/', enabled: true },
      { kind: 'hotfix', prefix: 'hotfix/', enabled: false },
    ]);
    r = await run('project', 'branching-model', 'view', 'acme/PLAT');
    assert.doesNotMatch(r.stdout, /hotfix/, 'the model lists enabled types only');
    r = await run('project', 'branching-model', 'view', 'acme/PLAT', '--settings');
    assert.match(r.stdout, /^hotfix: +hotfix\/ \(disabled\)$/m);
    r = await run('repo', 'branching-model', 'view', '-R', 'acme/api', '--effective', '--json', 'branchTypes');
    assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes('"prefix":"rel/"'), r.stdout);
    r = await run('repo', 'branching-model', 'view', '-R', 'acme/api', '--json', 'branchTypes');
    assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes('"prefix":"release/"'), `its own model is unchanged: ${r.stdout}`);

    // the repository's own model
    r = await run('repo', 'branching-model', 'edit', '-R', 'acme/web', '--production-main', '--prefix', 'feature=feat/', '--json', 'development,production');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      development: { name: null, useMainBranch: true, exists: true },
      production: { name: null, useMainBranch: true, exists: true },
    });
    r = await run('repo', 'branching-model', 'view', '-R', 'acme/web');
    assert.match(r.stdout, /^production: +main \(tracks the main branch\)$/m);
    assert.match(r.stdout, /^feature: +feat\/$/m);
    // Bitbucket's refusals: a branch that does not exist, one enabled prefix a prefix of another
    r = await run('repo', 'branching-model', 'edit', '-R', 'acme/web', '--development', 'no-such-branch');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /branch no-such-branch does not exist/);
    r = await run('repo', 'branching-model', 'edit', '-R', 'acme/web', '--prefix', 'bugfix=feat/x');
    assert.match(r.stderr, /is a prefix of the bugfix prefix/);
    r = await run('repo', 'branching-model', 'edit', '-R', 'acme/web');
    assert.match(r.stderr, /error 5002 INVALID_ARGUMENT: nothing to change/);
    r = await run('repo', 'branching-model', 'edit', '-R', 'acme/web', '--disable-production', '--dry-run');
    assert.match(r.stdout, /would send: PUT .*\/repositories\/acme\/web\/branching-model\/settings\n\{\n {2}"production": \{\n {4}"enabled": false/);

    // a protection on the release branch type of acme/web (feat/ is its feature prefix now) covers feat/… branches
    const p = await run('branch', 'protection', 'create', '--branch-type', 'feature', '--kind', 'push', '-R', 'acme/web', '--json', 'match,branchType');
    assert.deepEqual(JSON.parse(p.stdout), { match: 'branching-model', branchType: 'feature' });
    await assert.rejects(push('origin', 'HEAD:refs/heads/feat/x'), /you may not push to branch feat\/x \(push restriction on branch type feature\)/);
    await push('-q', 'origin', 'HEAD:refs/heads/feature/old-prefix');
  });
});
