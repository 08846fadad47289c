import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startSandbox } from '../index.js';
import type { DcSandboxHandle } from './index.js';
import { type DcRepo, DcStateError, DcStore } from './model.js';
import { basicAuth, dcRest } from '../../../test/support/dc.js';

/** `--state` for the Data Center sandbox: the model is saved to state.json after every write and loaded on the next start. */

const run = promisify(execFile);
const ADMIN = basicAuth('admin', 'admin');
const R = '/api/latest/projects/ACME/repos/api';
const D = '/default-reviewers/latest/projects/ACME/repos/api';

const call = (h: DcSandboxHandle, method: string, path: string, auth: string | undefined, body?: unknown) => dcRest(h.url, method, path, auth, body);

/** Clone acme/api over the sandbox's smart HTTP, commit a file on a new branch and push it; the new commit's hash. */
async function pushBranch(h: DcSandboxHandle, work: string, branch: string): Promise<string> {
  const url = new URL(`${h.url}/scm/acme/api.git`);
  url.username = 'admin';
  url.password = 'admin';
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  const wc = join(work, 'api');
  const git = (...args: string[]) => run('git', ['-C', wc, '-c', 'user.name=Kept', '-c', 'user.email=kept@sandbox.test', ...args], { env });
  await run('git', ['clone', '--quiet', url.href, wc], { env });
  await writeFile(join(wc, 'kept.txt'), 'kept across restarts\n');
  await git('add', 'kept.txt');
  await git('commit', '--quiet', '-m', 'Keep me');
  await git('push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  return (await git('rev-parse', 'HEAD')).stdout.trim();
}

describe('a DC sandbox with a state directory', () => {
  let dir: string;
  let h: DcSandboxHandle;
  /** What the first run made, checked after the restart. */
  const made = { commit: '', pr: 0, comment: 0, webhook: 0, condition: 0, apiToken: '', adminToken: '', readyToken: '' };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bb-dc-state-'));
    const work = await mkdtemp(join(tmpdir(), 'bb-dc-state-wc-'));
    h = await startSandbox({ kind: 'dc', stateDir: dir });
    made.readyToken = h.token;
    try {
      made.commit = await pushBranch(h, work, 'kept');
      const pr = await call(h, 'POST', `${R}/pull-requests`, ADMIN, { title: 'Kept', fromRef: { id: 'refs/heads/kept' }, toRef: { id: 'refs/heads/main' } });
      assert.equal(pr.status, 201, JSON.stringify(pr.json));
      made.pr = pr.json?.id as number;
      const comment = await call(h, 'POST', `${R}/pull-requests/${made.pr}/comments`, ADMIN, {
        text: 'On the new file',
        anchor: { path: 'kept.txt', line: 1, lineType: 'ADDED', fileType: 'TO' },
      });
      assert.equal(comment.status, 201);
      made.comment = comment.json?.id as number;
      const build = await call(h, 'POST', `${R}/commits/${made.commit}/builds`, ADMIN, {
        key: 'KEPT',
        state: 'INPROGRESS',
        url: 'https://ci.example.test/kept',
      });
      assert.equal(build.status, 204);
      const hook = await call(h, 'POST', `${R}/webhooks`, ADMIN, { name: 'kept', url: 'http://127.0.0.1:9/hook', events: ['pr:opened'] });
      assert.equal(hook.status, 200);
      made.webhook = hook.json?.id as number;
      const dev = (await call(h, 'GET', '/api/latest/users/dev', ADMIN)).json as { id: number };
      const condition = await call(h, 'POST', `${D}/condition`, ADMIN, { reviewers: [{ id: dev.id }], requiredApprovals: 1 });
      assert.equal(condition.status, 200);
      made.condition = condition.json?.id as number;
      const settings = await call(h, 'POST', `${R}/settings/pull-requests`, ADMIN, { requiredApprovers: { enabled: true, count: 2 } });
      assert.equal(settings.status, 200);
      const token = await call(h, 'PUT', '/access-tokens/latest/users/admin', ADMIN, { name: 'kept', permissions: ['REPO_READ'] });
      assert.equal(token.status, 200);
      made.apiToken = token.json?.token as string;
      const minted = await fetch(`${h.admin}/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'dev', permissions: ['REPO_WRITE'] }),
      });
      made.adminToken = ((await minted.json()) as { token: string }).token;
    } finally {
      await h.close();
      await rm(work, { recursive: true, force: true });
    }
    h = await startSandbox({ kind: 'dc', stateDir: dir });
  });

  after(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('state.json is written with mode 0600, and no temp file is left beside it', async () => {
    const st = await stat(join(dir, 'state.json'));
    assert.equal(st.mode & 0o777, 0o600);
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(saved.kind, 'dc');
    assert.equal(saved.version, 1);
    // tokens are kept hashed: not one of them appears in the file
    const text = JSON.stringify(saved);
    for (const t of [made.apiToken, made.adminToken, made.readyToken, h.token]) assert.ok(!text.includes(t));
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  test('the pull request, its comment and anchor, the build, the webhook, the condition and the merge settings are back', async () => {
    const pr = await call(h, 'GET', `${R}/pull-requests/${made.pr}`, ADMIN);
    assert.equal(pr.status, 200);
    assert.equal(pr.json?.title, 'Kept');
    const activities = (await call(h, 'GET', `${R}/pull-requests/${made.pr}/activities`, ADMIN)).json as {
      values: Array<{ comment?: { id: number; text: string; anchor?: { path: { toString: string }; line?: number } } }>;
    };
    const comment = activities.values.find((a) => a.comment?.id === made.comment)?.comment;
    assert.equal(comment?.text, 'On the new file');
    assert.equal(comment?.anchor?.path.toString, 'kept.txt');
    assert.equal(comment?.anchor?.line, 1);
    const build = await call(h, 'GET', `${R}/commits/${made.commit}/builds?key=KEPT`, ADMIN);
    assert.equal(build.status, 200);
    assert.deepEqual([build.json?.state, build.json?.url], ['INPROGRESS', 'https://ci.example.test/kept']);
    const hook = await call(h, 'GET', `${R}/webhooks/${made.webhook}`, ADMIN);
    assert.equal(hook.status, 200);
    assert.equal(hook.json?.url, 'http://127.0.0.1:9/hook');
    const conditions = (await call(h, 'GET', `${D}/conditions`, ADMIN)).json as unknown as Array<{ id: number; requiredApprovals: number }>;
    assert.deepEqual(
      conditions.map((x) => [x.id, x.requiredApprovals]),
      [[made.condition, 1]],
    );
    const settings = (await call(h, 'GET', `${R}/settings/pull-requests`, ADMIN)).json as { requiredApprovers: { count: string } };
    assert.equal(settings.requiredApprovers.count, '2');
    // and the merge check reads them: two approvals are needed
    const merge = (await call(h, 'GET', `${R}/pull-requests/${made.pr}/merge`, ADMIN)).json as { canMerge: boolean; vetoes: Array<{ summaryMessage: string }> };
    assert.equal(merge.canMerge, false);
    assert.ok(merge.vetoes.some((v) => v.summaryMessage === 'Not enough approvals'));
  });

  test('the branch pushed before the restart is still in git', async () => {
    const branches = (await call(h, 'GET', `${R}/branches?filterText=kept`, ADMIN)).json as { values: Array<{ displayId: string; latestCommit: string }> };
    assert.deepEqual(
      branches.values.map((b) => [b.displayId, b.latestCommit]),
      [['kept', made.commit]],
    );
  });

  test('tokens minted before the restart still authenticate; the new ready-line token too', async () => {
    for (const token of [made.apiToken, made.adminToken, made.readyToken, h.token]) {
      const r = await call(h, 'GET', R, `Bearer ${token}`);
      assert.equal(r.status, 200, `token ${token.slice(0, 8)}…: ${JSON.stringify(r.json)}`);
    }
    const mine = (await call(h, 'GET', '/access-tokens/latest/users/admin', ADMIN)).json as { values: Array<{ name: string }> };
    assert.ok(mine.values.some((t) => t.name === 'kept'));
  });

  test('the seed is not run again and the counters carry on', async () => {
    const projects = (await call(h, 'GET', '/api/latest/projects', ADMIN)).json as { values: Array<{ key: string }> };
    assert.deepEqual(
      projects.values.map((p) => p.key),
      ['ACME'],
    );
    const prs = (await call(h, 'GET', `${R}/pull-requests?state=ALL`, ADMIN)).json as { values: Array<{ id: number }> };
    assert.deepEqual(prs.values.map((p) => p.id).sort(), [1, made.pr]);
    const hook = await call(h, 'POST', `${R}/webhooks`, ADMIN, { name: 'second', url: 'http://127.0.0.1:9/two', events: ['pr:merged'] });
    assert.equal(hook.json?.id, made.webhook + 1);
  });

  test('every successful write is saved at once, a failed one is not', async () => {
    const before = await readFile(join(dir, 'state.json'), 'utf8');
    const refused = await call(h, 'POST', `${R}/webhooks`, ADMIN, { name: '', url: 'nope', events: [] });
    assert.equal(refused.status, 400);
    assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), before);
    const created = await call(h, 'POST', '/ssh/latest/keys', ADMIN, { text: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKept kept@host', label: 'kept' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { sshKeys: Record<string, { label: string }> };
    assert.ok(Object.values(saved.sshKeys).some((k) => k.label === 'kept'));
  });
});

test('deleting a repository drops its records from the saved state, and its git data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bb-dc-state-'));
  const h = await startSandbox({ kind: 'dc', stateDir: dir });
  try {
    const web = '/api/latest/projects/ACME/repos/web';
    assert.equal((await call(h, 'POST', `${web}/webhooks`, ADMIN, { name: 'w', url: 'http://127.0.0.1:9/w', events: ['repo:refs_changed'] })).status, 200);
    assert.equal((await call(h, 'POST', `${web}/settings/pull-requests`, ADMIN, { requiredAllTasksComplete: false })).status, 200);
    const gitDir = h.store.gitDir(h.store.repo('ACME', 'web') as DcRepo);
    await stat(gitDir);
    assert.equal((await call(h, 'DELETE', web, ADMIN)).status, 202);
    await assert.rejects(stat(gitDir), 'the bare repository is gone');
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
      webhooks: object;
      mergeSettings: object;
      repos: Record<string, { slug: string }>;
    };
    assert.deepEqual(saved.webhooks, {});
    assert.deepEqual(saved.mergeSettings, {});
    assert.deepEqual(
      Object.values(saved.repos).map((r) => r.slug),
      ['api'],
    );
  } finally {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a state directory without state.json is seeded (the seed option counts); one with it is not', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bb-dc-state-'));
  try {
    // a leftover git directory without a state is wiped: a new state starts clean
    await mkdir(join(dir, 'git', '99.git'), { recursive: true });
    let h = await startSandbox({ kind: 'dc', stateDir: dir, seed: 'empty' });
    await assert.rejects(stat(join(dir, 'git', '99.git')));
    assert.deepEqual(Object.keys(h.store.users), ['admin']);
    await h.close();
    h = await startSandbox({ kind: 'dc', stateDir: dir, seed: 'demo' });
    assert.deepEqual(Object.keys(h.store.users), ['admin'], 'the saved state wins over --seed');
    await h.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a state directory holding something else is refused, and its git data left alone', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bb-dc-state-'));
  try {
    await mkdir(join(dir, 'git', 'keep.git'), { recursive: true });
    // a Cloud sandbox's state
    await writeFile(join(dir, 'state.json'), JSON.stringify({ version: 1, users: {}, primaryUser: '{x}' }));
    await assert.rejects(
      startSandbox({ kind: 'dc', stateDir: dir }),
      (e: unknown) => e instanceof DcStateError && /not a Bitbucket Data Center sandbox state/.test(e.message),
    );
    await writeFile(join(dir, 'state.json'), '{"kind":"dc",');
    await assert.rejects(startSandbox({ kind: 'dc', stateDir: dir }), (e: unknown) => e instanceof DcStateError && /cannot read/.test(e.message));
    await writeFile(join(dir, 'state.json'), JSON.stringify({ kind: 'dc', version: 1, builds: {} }));
    await assert.rejects(startSandbox({ kind: 'dc', stateDir: dir }), /"builds" should be an array/);
    assert.ok((await stat(join(dir, 'git', 'keep.git'))).isDirectory());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without a state directory every start is clean, and nothing is saved', async () => {
  const first = await startSandbox({ kind: 'dc' });
  const tempDir = first.stateDir;
  try {
    assert.equal((await call(first, 'POST', `${R}/webhooks`, ADMIN, { name: 'gone', url: 'http://127.0.0.1:9/gone', events: ['pr:opened'] })).status, 200);
    await assert.rejects(stat(join(tempDir, 'state.json')));
  } finally {
    await first.close();
  }
  await assert.rejects(stat(tempDir), 'the temporary directory is removed on close');
  const second = await startSandbox({ kind: 'dc' });
  try {
    assert.deepEqual(((await call(second, 'GET', `${R}/webhooks`, ADMIN)).json as { values: unknown[] }).values, []);
  } finally {
    await second.close();
  }
});

test('toJSON and fromJSON round-trip every collection', async () => {
  const h = await startSandbox({ kind: 'dc' });
  try {
    const json = JSON.parse(JSON.stringify(h.store)) as unknown;
    const copy = DcStore.fromJSON('/nowhere', json);
    assert.deepEqual(JSON.parse(JSON.stringify(copy)), json);
    assert.equal(copy.persistent, false);
    assert.ok(Object.keys(copy.tokens).length > 0 && Object.keys(copy.counters).length > 0);
  } finally {
    await h.close();
  }
});
