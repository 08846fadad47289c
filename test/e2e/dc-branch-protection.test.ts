/**
 * ./bin/bb against `bb sandbox --kind dc`: `bb branch protection …` as Data Center branch permissions (create, list,
 * view, delete; edit and Cloud-only kinds refused with NOT_ON_DC), and what each does to a real `git push` through
 * /scm (read-only with an exempt user, fast-forward-only, no-deletes, no-creates, pull-request-only).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';

let sb: DcSandbox;
let R: string;
let clone: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-protect-');
  R = `${new URL(sb.ready.url).host}/ACME/api`;
  await sb.loginAsAdmin();
  const r = await sb.bb(['repo', 'clone', R, 'protect-clone']);
  assert.equal(r.code, 0, r.stderr);
  clone = join(sb.dir, 'protect-clone');
  // bb is git's credential helper in the clone, so a plain `git push` authenticates (as admin)
  const setup = await sb.bb(['auth', 'setup-git', '--local'], { cwd: clone });
  assert.equal(setup.code, 0, setup.stderr);
});
after(() => sb?.stop());

const bb = (...args: string[]) => sb.bb([...args, '-R', R]);

async function commit(file: string, text: string): Promise<void> {
  writeFileSync(join(clone, file), text);
  await sb.git(['add', file], clone);
  await sb.git(['commit', '-qm', `change ${file}`], clone);
}

interface Protection {
  id: number;
  kind: string;
  hostKind: string;
  match: string;
  pattern: string | null;
  branchType: string | null;
  users: string[];
}

async function create(...args: string[]): Promise<Protection> {
  const r = await bb('branch', 'protection', 'create', ...args, '--json', 'id,kind,hostKind,match,pattern,branchType,users');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Protection;
}

test('push (read-only) exempting dev: admin cannot push to main; list and view say so; after delete the push goes through', async () => {
  const p = await create('main', '--kind', 'push', '--allow', 'dev');
  assert.deepEqual({ ...p, id: 0 }, { id: 0, kind: 'push', hostKind: 'read-only', match: 'branch', pattern: 'main', branchType: null, users: ['dev'] });

  const list = await bb('branch', 'protection', 'list');
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout, `${p.id}\tpush\tmain\tallowed: dev\n`);
  const byKind = await bb('branch', 'protection', 'list', '--kind', 'read-only', '--json', 'id');
  assert.deepEqual(JSON.parse(byKind.stdout), [{ id: p.id }]);
  const view = await bb('branch', 'protection', 'view', String(p.id));
  assert.match(view.stdout, /^kind: +push \(read-only\)$/m);

  await commit('PROTECTED.md', 'no\n');
  await assert.rejects(sb.git(['push', 'origin', 'HEAD:main'], clone), (e: Error) => {
    assert.match(e.message, /remote: Branch permissions: main is read-only; you are not permitted to change it \(read-only\)\./);
    assert.match(e.message, /\[remote rejected\] +HEAD -> main \(pre-receive hook declined\)/);
    return true;
  });
  const del = await bb('branch', 'protection', 'delete', String(p.id), '--yes');
  assert.equal(del.code, 0, del.stderr);
  assert.match(del.stderr, new RegExp(`✓ Removed branch protection ${p.id} from ACME/api`));
  await sb.git(['push', '-q', 'origin', 'HEAD:main'], clone);
});

test('force (fast-forward-only), delete (no-deletes), create (no-creates), pull-request-only on patterns', async () => {
  await sb.git(['switch', '-q', '-c', 'release/1'], clone);
  await commit('RELEASE.md', '1\n');
  await sb.git(['push', '-q', 'origin', 'release/1'], clone);
  const force = await create('release/*', '--kind', 'force');
  assert.equal(force.match, 'glob');
  assert.equal(force.hostKind, 'fast-forward-only');
  await create('release/*', '--kind', 'no-deletes');
  await commit('RELEASE.md', '2\n');
  await sb.git(['push', '-q', 'origin', 'release/1'], clone);
  await sb.git(['commit', '-q', '--amend', '-m', 'rewritten'], clone);
  await assert.rejects(sb.git(['push', '--force', 'origin', 'release/1'], clone), /release\/1 only takes fast-forward changes/);
  await assert.rejects(sb.git(['push', 'origin', ':release/1'], clone), /release\/1 cannot be deleted \(no-deletes\)/);

  await create('tmp/*', '--kind', 'create');
  await assert.rejects(sb.git(['push', 'origin', 'HEAD:refs/heads/tmp/x'], clone), /tmp\/x cannot be created \(no-creates\)/);
  await create('--branch-type', 'hotfix', '--kind', 'pull-request-only');
  await assert.rejects(sb.git(['push', 'origin', 'HEAD:refs/heads/hotfix/y'], clone), /hotfix\/y can only be modified through pull requests/);
  // branches nothing covers
  await sb.git(['push', '-q', 'origin', 'HEAD:refs/heads/feature/free'], clone);
  const types = JSON.parse((await bb('branch', 'protection', 'list', '--json', 'hostKind,match,branchType')).stdout) as Protection[];
  assert.ok(
    types.some((t) => t.hostKind === 'pull-request-only' && t.match === 'branching-model' && t.branchType === 'hotfix'),
    JSON.stringify(types),
  );
  await sb.git(['switch', '-q', 'main'], clone);
});

test('what Data Center lacks: edit, merge-check kinds and --value answer NOT_ON_DC with a hint; --dry-run names the permission', async () => {
  const edit = await bb('branch', 'protection', 'edit', '1', 'other');
  assert.equal(edit.code, 1);
  assert.match(edit.stderr, /error 6003 NOT_ON_DC: bb branch protection edit is not available on Data Center/);
  assert.match(edit.stderr, /delete it \(`bb branch protection delete ID`\) and create the new one/);
  const merge = await bb('branch', 'protection', 'create', 'main', '--kind', 'require-approvals-to-merge', '--value', '2');
  assert.match(merge.stderr, /error 6003 NOT_ON_DC: Bitbucket Data Center has no "require-approvals-to-merge" branch permission/);
  assert.match(merge.stderr, /Merge checks/);
  const dry = await bb('branch', 'protection', 'create', 'develop', '--kind', 'delete', '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /POST .*\/rest\/branch-permissions\/latest\/projects\/ACME\/repos\/api\/restrictions/);
  assert.match(dry.stdout, /"type": "no-deletes"/);
  assert.match(dry.stdout, /REPO_ADMIN/);
  const none = await bb('branch', 'protection', 'view', '9999');
  assert.match(none.stderr, /no branch protection 9999 on ACME\/api/);
});

test('the sandbox validates as Data Center does: unknown type, no matcher, unknown user → 400', async () => {
  const auth = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  const post = (body: unknown) =>
    fetch(`${sb.ready.url}/rest/branch-permissions/latest/projects/ACME/repos/api/restrictions`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const base = { userSlugs: [], groupNames: [], accessKeyIds: [] };
  for (const body of [
    { ...base, type: 'frobnicate', matcher: { id: 'main', type: { id: 'BRANCH' } } },
    { ...base, type: 'read-only' },
    { ...base, type: 'read-only', matcher: { type: { id: 'PATTERN' } } },
    { ...base, type: 'read-only', matcher: { id: 'main', type: { id: 'BRANCH' } }, userSlugs: ['nobody'] },
    { type: 'read-only', matcher: { id: 'main', type: { id: 'BRANCH' } } },
  ]) {
    const r = await post(body);
    const text = await r.text();
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${text}`);
    assert.ok(Array.isArray((JSON.parse(text) as { errors?: unknown[] }).errors), text);
  }
});
