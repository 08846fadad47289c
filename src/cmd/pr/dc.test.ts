/**
 * The pr commands on Bitbucket Data Center, in-process against the DC sandbox (startSandbox({ kind: 'dc' })):
 * list, view, create, reviewers, comments (inline, reply, task), needs work, merge checks (a veto is 2011), checks,
 * merge with the version, decline/diff, and a 403 naming the DC permission and the cap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { runBb } from '../../../test/support/run.js';

describe('pr commands on Data Center', () => {
  let h: DcSandboxHandle;
  const env = (user = 'admin', token?: string) => ({ BB_HOST: h.url, BB_USERNAME: user, BB_TOKEN: token ?? user, BB_REPO: 'ACME/api' });
  const bb = (argv: string[], user = 'admin', token?: string) => runBb(argv, { env: env(user, token), fetch: globalThis.fetch });

  before(async () => {
    h = await startSandbox({ kind: 'dc' });
    const repo = h.store.repo('ACME', 'api');
    assert.ok(repo);
    const git = h.store.git(repo);
    const main = (await git.resolve('main')) as string;
    const tree = await git.readFiles(main);
    const c = await git.writeCommit({ ...tree, 'src/ping.js': 'export const ping = 1;\n' }, 'Add ping', [main], {
      name: 'Sandbox Admin',
      email: 'admin@sandbox.test',
      date: '2024-02-01T10:00:00Z',
    });
    await git.updateRef('refs/heads/feature/ping', c);
  });
  after(() => h.close());

  test('list and view the seeded pull request', async () => {
    const l = await bb(['pr', 'list', '--json', 'id,title,state,headRefName,baseRefName,author']);
    assert.equal(l.code, 0, l.stderr);
    const [first] = JSON.parse(l.stdout);
    assert.deepEqual(
      { ...first, author: first.author.nickname },
      { id: 1, title: 'Add login endpoint', state: 'OPEN', headRefName: 'feature/login', baseRefName: 'main', author: 'dev' },
    );
    const v = await bb(['pr', 'view', '1']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^title:\tAdd login endpoint\nstate:\tOPEN\nauthor:\tdev\nreviewers:\tadmin \(pending\)\n/);
    const b = await bb(['pr', 'view', 'feature/login', '--json', 'id']);
    assert.deepEqual(JSON.parse(b.stdout), { id: 1 });
  });

  test('the workflow: create, reviewers, comments, needs work, merge checks veto (2011), approve, checks, merge', async () => {
    const c = await bb([
      'pr',
      'create',
      '--head',
      'feature/ping',
      '--base',
      'main',
      '--title',
      'Add ping',
      '--body',
      'Tiny.',
      '--no-push',
      '--json',
      'id,state,url',
    ]);
    assert.equal(c.code, 0, c.stderr);
    const pr = JSON.parse(c.stdout) as { id: number; state: string };
    assert.equal(pr.state, 'OPEN');
    const id = String(pr.id);

    const r = await bb(['pr', 'reviewers', 'add', id, 'dev']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reviewers now: dev/);

    const a = await bb(['pr', 'comments', 'add', id, '--body', 'Looks fine', '--json', 'id']);
    assert.equal(a.code, 0, a.stderr);
    const inline = await bb(['pr', 'comments', 'add', id, '--file', 'src/ping.js', '--line', '1', '--body', 'Name it pong?', '--json', 'id,path,line']);
    assert.equal(inline.code, 0, inline.stderr);
    const ic = JSON.parse(inline.stdout);
    assert.deepEqual({ path: ic.path, line: ic.line }, { path: 'src/ping.js', line: 1 });
    const reply = await bb(['pr', 'comments', 'reply', id, String(ic.id), '--body', 'No.'], 'dev');
    assert.equal(reply.code, 0, reply.stderr);
    const list = await bb(['pr', 'comments', 'list', id, '--json', 'id,parentId,path,line,body']);
    assert.equal(list.code, 0, list.stderr);
    const comments = JSON.parse(list.stdout) as Array<{ id: number; parentId: number | null; path: string | null; body: string }>;
    assert.deepEqual(
      comments.map((x) => [x.body, x.path, x.parentId === ic.id]),
      [
        ['Looks fine', null, false],
        ['Name it pong?', 'src/ping.js', false],
        ['No.', 'src/ping.js', true],
      ],
    );

    // needs work (DC's "request changes") vetoes the merge; so does a missing approval
    const nw = await bb(['pr', 'request-changes', id], 'dev');
    assert.equal(nw.code, 0, nw.stderr);
    const set = await fetch(`${h.url}/rest/api/latest/projects/ACME/repos/api/settings/pull-requests`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ requiredApprovers: { enabled: true, count: '1' } }),
    });
    assert.equal(set.status, 200);
    const vetoed = await bb(['pr', 'merge', id]);
    assert.equal(vetoed.code, 1, vetoed.stderr);
    assert.match(vetoed.stderr, /^error 2011 MERGE_VETOED: pull request #\d+ cannot be merged: 2 merge checks refuse it\n/);
    assert.match(vetoed.stderr, /hint: veto: Not enough approvals: You need 1 approval/);
    assert.match(vetoed.stderr, /hint: veto: Needs work/);

    const ok = await bb(['pr', 'approve', id], 'dev');
    assert.equal(ok.code, 0, ok.stderr);
    const rv = await bb(['pr', 'reviewers', 'list', id, '--json', 'nickname,state']);
    assert.deepEqual(JSON.parse(rv.stdout), [{ nickname: 'dev', state: 'approved' }]);

    const checks = await bb(['pr', 'checks', id]);
    assert.equal(checks.code, 0, checks.stderr);

    const dry = await bb(['pr', 'merge', id, '--strategy', 'no-ff', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /merge\?version=\d+/);

    const m = await bb(['pr', 'merge', id, '--json', 'id,state']);
    assert.equal(m.code, 0, m.stderr);
    assert.deepEqual(JSON.parse(m.stdout), { id: pr.id, state: 'MERGED' });
  });

  test('diff, activity, decline and reopen', async () => {
    const d = await bb(['pr', 'diff', '1', '--name-only']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout, 'src/login.js\n');
    const raw = await bb(['pr', 'diff', '1']);
    assert.match(raw.stdout, /^diff --git a\/src\/login\.js b\/src\/login\.js/);
    const act = await bb(['pr', 'activity', '1', '--json', 'event']);
    assert.equal(act.code, 0, act.stderr);
    assert.ok(JSON.parse(act.stdout).some((e: { event: string }) => e.event === 'pushed / opened'));
    const e = await bb(['pr', 'edit', '1', '--title', 'Add the login endpoint', '--json', 'title']);
    assert.equal(e.code, 0, e.stderr);
    assert.deepEqual(JSON.parse(e.stdout), { title: 'Add the login endpoint' });
    const dec = await bb(['pr', 'decline', '1']);
    assert.equal(dec.code, 0, dec.stderr);
    const l = await bb(['pr', 'list', '--state', 'declined', '--json', 'id']);
    assert.deepEqual(JSON.parse(l.stdout), [{ id: 1 }]);
    // merging it is refused with a hint at something bb has (there is no bb pr reopen)
    const m = await bb(['pr', 'merge', '1']);
    assert.equal(m.code, 1);
    assert.match(m.stderr, /^error 2004 API_CONFLICT: pull request #1 is declined/);
    assert.match(m.stderr, /\nhint: reopen it on its web page first \(bb pr view 1 --web\), then merge\n/);
  });

  test('a 403 names the DC permission and explains the cap', async () => {
    // dev has REPO_WRITE on acme/api, but a token with REPO_READ only caps what it can do
    const { token } = h.store.mintToken({ name: 'read', user: 'dev', kind: 'access', permissions: ['REPO_READ'] });
    const r = await bb(['pr', 'comments', 'add', '1', '--body', 'x'], 'dev', token);
    assert.equal(r.code, 0, r.stderr);
    // adding a reviewer needs REPO_WRITE: dev has it, the token does not (the cap is the lower of both)
    const f = await bb(['pr', 'reviewers', 'add', '1', 'admin'], 'dev', token);
    assert.equal(f.code, 4, f.stderr);
    assert.match(
      f.stderr,
      /^error 2003 API_FORBIDDEN: POST \/api\/latest\/projects\/\{projectKey\}\/repos\/\{repositorySlug\}\/pull-requests\/\{pullRequestId\}\/participants needs REPO_WRITE permission on this repository/,
    );
    assert.match(f.stderr, /hint: a token's scope never exceeds your own permission/);
    assert.match(f.stderr, /HTTP access token with REPO_WRITE/);
  });
});
