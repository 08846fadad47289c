/**
 * The README's everyday flow, end to end: the built CLI (`./bin/bb`, child processes) and real git
 * against one `bb sandbox` (demo seed). Clone, branch, commit, push through `bb auth setup-git`'s
 * credential helper, open a pull request, list/view/comment/approve it, checks pending (exit 8) then
 * passing (exit 0), squash-merge deleting the branch, and `git pull` sees the squashed commit. Then the
 * error paths: a missing pull request (2002), a merge conflict (2004), a token without
 * write:pullrequest (2003 naming it), `pr diff --stat` and `pr checkout` into a fresh clone.
 * Tokens reach bb and git only through the environment (BB_TOKEN), never argv.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type BbResult, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

const run = promisify(execFile);

describe('workflow: clone → branch → push → pr create … merge → pull (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let home: string;
  let env: Record<string, string | undefined>;
  let clone: string;
  let prId: number;
  let alex: Record<string, string>;

  /** git with the test's environment: bb's variables (for the credential helper), an empty HOME, fixed identity. */
  const git = async (cwd: string, ...args: string[]): Promise<string> => {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...env } as NodeJS.ProcessEnv });
    return stdout;
  };
  const bbIn = (cwd: string, args: string[], extra: Record<string, string | undefined> = {}, input?: string): Promise<BbResult> =>
    bb(args, { env: { ...env, ...extra }, cwd, ...(input !== undefined ? { input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);

  /** A branch off main changing README.md's first line, committed and pushed (via bb's credential helper). */
  async function pushBranch(branch: string, firstLine: string): Promise<void> {
    await git(clone, 'switch', '-q', '-c', branch, 'origin/main');
    writeFileSync(join(clone, 'README.md'), `${firstLine}\n\nThe Acme web front end.\n`);
    await git(clone, 'commit', '-q', '-am', `README: ${firstLine}`);
    await git(clone, 'push', '-q', 'origin', branch);
  }

  before(async () => {
    sb = await startSandbox();
    home = tempDir('bb-e2e-workflow-');
    env = sb.env({
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Sandbox Developer',
      GIT_AUTHOR_EMAIL: 'dev@sandbox.test',
      GIT_COMMITTER_NAME: 'Sandbox Developer',
      GIT_COMMITTER_EMAIL: 'dev@sandbox.test',
    });
    const a = await sb.mintToken({ scopes: ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:repository:bitbucket'], user: 'alex' });
    alex = { BB_TOKEN: a.token, BB_EMAIL: a.email };
  });
  after(async () => {
    await sb?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('bb repo clone acme/web, git switch -c, commit, bb auth setup-git --local, git push', async () => {
    const c = await bbIn(home, ['repo', 'clone', 'acme/web']);
    ok(c, 'repo clone');
    clone = join(home, 'web');
    assert.equal((await git(clone, 'remote', 'get-url', 'origin')).trim(), `${sb.url.replace(/\/2\.0$/, '')}/acme/web.git`);
    assert.ok(!(await git(clone, 'config', '--list', '--show-origin')).includes(sb.token), 'the token is not in .git/config');

    await git(clone, 'switch', '-q', '-c', 'feature/notes');
    writeFileSync(join(clone, 'NOTES.md'), '# Notes\n\nHow we work.\n');
    await git(clone, 'add', 'NOTES.md');
    await git(clone, 'commit', '-q', '-m', 'Add working notes\n\nA first page of notes.');

    // without bb's helper, git has no credential for the sandbox: the push is refused
    await assert.rejects(git(clone, 'push', '-q', 'origin', 'feature/notes'), /Authentication failed|could not read Username|terminal prompts disabled/);
    const s = await bbIn(clone, ['auth', 'setup-git', '--local']);
    ok(s, 'auth setup-git');
    assert.match(s.stderr, /git now asks bb for credentials for http:\/\/127\.0\.0\.1:\d+ \(this repository\)/);
    const helpers = await git(clone, 'config', '--local', '--get-all', `credential.${sb.url.replace(/\/2\.0$/, '')}.helper`);
    assert.match(helpers, /auth git-credential/);
    assert.ok(!helpers.includes(sb.token));
    await git(clone, 'push', '-q', '-u', 'origin', 'feature/notes');
    const remote = await git(clone, 'ls-remote', 'origin', 'refs/heads/feature/notes');
    assert.equal(remote.split('\t')[0], (await git(clone, 'rev-parse', 'HEAD')).trim());
  });

  test('bb pr create --no-push; bb pr list shows it in piped rows; bb pr view from the branch', async () => {
    const c = await bbIn(clone, ['pr', 'create', '--title', 'Add working notes', '--body', 'Notes for the team.', '--no-push']);
    ok(c, 'pr create');
    const m = /^http:\/\/127\.0\.0\.1:\d+\/acme\/web\/pull-requests\/(\d+)\n$/.exec(c.stdout);
    assert.ok(m, `pr create prints the URL: ${c.stdout}`);
    prId = Number(m[1]);
    assert.match(c.stderr, new RegExp(`✓ Created pull request #${prId} in acme/web: feature/notes → main`));
    assert.match(c.stderr, /reviewers: alex/, 'the default reviewer');

    const l = await bbIn(clone, ['pr', 'list']);
    ok(l, 'pr list');
    const rows = l.stdout
      .trimEnd()
      .split('\n')
      .map((r) => r.split('\t'));
    const row = rows.find((r) => r[0] === String(prId));
    assert.ok(row, `pr list rows: ${l.stdout}`);
    assert.deepEqual(row.slice(0, 5), [String(prId), 'Add working notes', 'feature/notes → main', 'dev', 'OPEN']);
    assert.ok(
      rows.every((r) => r.length === row.length),
      'every row has the same columns',
    );

    const v = await bbIn(clone, ['pr', 'view']);
    ok(v, 'pr view');
    assert.match(v.stdout, /^title:\tAdd working notes\nstate:\tOPEN\nauthor:\tdev\nreviewers:\talex \(pending\)\n/);
    assert.match(v.stdout, new RegExp(`\nid:\t${prId}\nhead:\tfeature/notes\nbase:\tmain\n`));
    assert.match(v.stdout, /Notes for the team\./);
    const j = await bbIn(clone, ['pr', 'view', '--json', 'id,state,headRefName,baseRefName,body']);
    assert.deepEqual(JSON.parse(j.stdout), { id: prId, state: 'OPEN', headRefName: 'feature/notes', baseRefName: 'main', body: 'Notes for the team.' });
  });

  test('bb pr comments add; bb pr approve (as the reviewer)', async () => {
    const c = await bbIn(clone, ['pr', 'comments', 'add', '--body', 'Looks good; one nit in the title.']);
    ok(c, 'pr comments add');
    assert.match(c.stderr, new RegExp(`✓ Added comment #\\d+ to pull request #${prId}`));
    assert.match(c.stdout, new RegExp(`/acme/web/pull-requests/${prId}/_/diff#comment-\\d+\\n$`));
    const list = await bbIn(clone, ['pr', 'comments', 'list', '--json', 'body,author']);
    ok(list, 'pr comments list');
    assert.deepEqual(
      JSON.parse(list.stdout).map((x: { body: string }) => x.body),
      ['Looks good; one nit in the title.'],
    );

    const a = await bbIn(clone, ['pr', 'approve'], alex);
    ok(a, 'pr approve');
    assert.equal(a.stderr, `✓ Approved pull request #${prId} in acme/web\n`);
    const v = await bbIn(clone, ['pr', 'view']);
    assert.match(v.stdout, /\nreviewers:\talex \(approved\)\n/);
  });

  test('bb pr checks: exit 8 while a status is INPROGRESS, 0 once SUCCESSFUL', async () => {
    const head = (await git(clone, 'rev-parse', 'HEAD')).trim();
    let s = await bbIn(clone, ['status', 'set', head, '--state', 'INPROGRESS', '--key', 'ci', '--name', 'CI', '--url', 'https://ci.example/1']);
    ok(s, 'status set INPROGRESS');
    const pending = await bbIn(clone, ['pr', 'checks']);
    assert.equal(pending.code, 8, pending.stderr);
    assert.match(pending.stdout, /^INPROGRESS\tCI\tci\t\d{4}-\d\d-\d\dT[\d:.]+Z\thttps:\/\/ci\.example\/1\n$/);
    s = await bbIn(clone, ['status', 'set', head, '--state', 'SUCCESSFUL', '--key', 'ci', '--name', 'CI', '--url', 'https://ci.example/1']);
    ok(s, 'status set SUCCESSFUL');
    const passing = await bbIn(clone, ['pr', 'checks']);
    assert.equal(passing.code, 0, passing.stderr);
    assert.match(passing.stdout, /^SUCCESSFUL\tCI\tci\t/);
    assert.equal(passing.stdout.trimEnd().split('\n').length, 1, 'one status: replaced, not added');
    const j = await bbIn(clone, ['pr', 'checks', String(prId), '--json', 'key,state,commit']);
    assert.deepEqual(JSON.parse(j.stdout), [{ key: 'ci', state: 'SUCCESSFUL', commit: head }]);
  });

  test('bb pr diff --stat', async () => {
    const d = await bbIn(clone, ['pr', 'diff', '--stat']);
    ok(d, 'pr diff --stat');
    assert.equal(d.stdout, ' NOTES.md | +3 -0 (added)\n 1 file changed, 3 insertions(+), 0 deletions(-)\n');
    const n = await bbIn(clone, ['pr', 'diff', String(prId), '--name-only']);
    assert.equal(n.stdout, 'NOTES.md\n');
    const raw = await bbIn(clone, ['pr', 'diff', String(prId)]);
    assert.match(raw.stdout, /^diff --git a\/NOTES\.md b\/NOTES\.md\n/);
    assert.match(raw.stdout, /\n\+# Notes\n/);
  });

  test('bb pr merge --strategy squash --delete-branch; git pull shows the squashed commit', async () => {
    const m = await bbIn(clone, ['pr', 'merge', '--strategy', 'squash', '--delete-branch']);
    ok(m, 'pr merge');
    const merged = new RegExp(`✓ Merged pull request #${prId} \\(Add working notes\\) as ([0-9a-f]{7})`).exec(m.stderr);
    assert.ok(merged, m.stderr);
    assert.match(m.stderr, /✓ Deleted branch feature\/notes/);
    assert.match(m.stdout, new RegExp(`/acme/web/pull-requests/${prId}\\n$`));

    await git(clone, 'switch', '-q', 'main');
    await git(clone, 'pull', '-q', '--ff-only');
    const [hash, parents, subject] = (await git(clone, 'log', '-1', '--format=%H%n%P%n%s')).split('\n');
    assert.ok(hash?.startsWith(merged[1] as string), `main is at the squashed commit ${merged[1]}`);
    assert.equal(parents?.split(' ').length, 1, 'a squash commit has one parent');
    assert.equal(subject, `Add working notes (pull request #${prId})`);
    assert.equal((await git(clone, 'show', '--name-only', '--format=', 'HEAD')).trim(), 'NOTES.md');
    assert.equal(await git(clone, 'ls-remote', 'origin', 'refs/heads/feature/notes'), '', 'the source branch was deleted');

    const v = await bbIn(clone, ['pr', 'view', String(prId), '--json', 'state,mergeCommit']);
    const after = JSON.parse(v.stdout);
    assert.equal(after.state, 'MERGED');
    assert.ok(hash?.startsWith(after.mergeCommit));
    const again = await bbIn(clone, ['pr', 'merge', String(prId)]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is merged: only open pull requests can be merged/);
  });

  test('a pull request that does not exist: 2002, exit 1, no stack trace', async () => {
    const r = await bbIn(clone, ['pr', 'view', '9999']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error 2002 API_NOT_FOUND: pull request #9999 not found in acme\/web\nhint: /);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    const j = await bbIn(clone, ['pr', 'merge', '9999', '--json', 'id']);
    assert.equal(j.code, 1);
    const e = JSON.parse(j.stderr).error;
    assert.equal(e.code, 2002);
    assert.equal(e.name, 'API_NOT_FOUND');
  });

  test('two pull requests touching the same line: the first merges, the second is a conflict (2004) with an explanation', async () => {
    await pushBranch('conflict/one', '# web (one)');
    await pushBranch('conflict/two', '# web (two)');
    const one = await bbIn(clone, ['pr', 'create', '--head', 'conflict/one', '--title', 'Title one', '--no-push', '--json', 'id']);
    ok(one, 'pr create one');
    const two = await bbIn(clone, ['pr', 'create', '--head', 'conflict/two', '--title', 'Title two', '--no-push', '--json', 'id']);
    ok(two, 'pr create two');
    const idOne = JSON.parse(one.stdout).id as number;
    const idTwo = JSON.parse(two.stdout).id as number;
    ok(await bbIn(clone, ['pr', 'merge', String(idOne)]), 'merge one');

    const m = await bbIn(clone, ['pr', 'merge', String(idTwo)]);
    assert.equal(m.code, 1, m.stderr);
    assert.match(m.stderr, new RegExp(`^error 2004 API_CONFLICT: pull request #${idTwo} cannot be merged: Merge conflicts detected`));
    assert.match(m.stderr, /README\.md/, 'names the conflicting file');
    assert.match(m.stderr, /\nhint: update it: git fetch && git checkout conflict\/two && git merge origin\/main/);
    const state = JSON.parse((await bbIn(clone, ['pr', 'view', String(idTwo), '--json', 'state'])).stdout);
    assert.deepEqual(state, { state: 'OPEN' }, 'still open after the refused merge');
  });

  test('bb pr checkout of a pull request into a fresh clone', async () => {
    const fresh = tempDir('bb-e2e-fresh-');
    try {
      ok(await bbIn(fresh, ['repo', 'clone', 'acme/web', 'site']), 'repo clone');
      const dir = join(fresh, 'site');
      const id = JSON.parse((await bbIn(dir, ['pr', 'list', '--head', 'conflict/two', '--json', 'id'])).stdout)[0].id as number;
      const c = await bbIn(dir, ['pr', 'checkout', String(id)]);
      ok(c, 'pr checkout');
      assert.match(c.stderr, new RegExp(`✓ Checked out pull request #${id} on branch conflict/two`));
      assert.equal((await git(dir, 'branch', '--show-current')).trim(), 'conflict/two');
      const head = JSON.parse((await bbIn(dir, ['pr', 'view', String(id), '--json', 'headCommit'])).stdout).headCommit as string;
      const local = (await git(dir, 'rev-parse', 'HEAD')).trim();
      assert.ok(local.startsWith(head), `checked out ${local}, the pull request is at ${head}`);
      assert.match(await git(dir, 'show', 'HEAD:README.md'), /^# web \(two\)\n/);
      // now on the branch: bb finds the pull request from it
      const v = await bbIn(dir, ['pr', 'view', '--json', 'id']);
      assert.deepEqual(JSON.parse(v.stdout), { id });
      const bad = await bbIn(dir, ['pr', 'checkout', '9999']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^error 2002 API_NOT_FOUND: /);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  test('a token minted without write:pullrequest: 2003 naming the scope and the operation, exit 4', async () => {
    const { token } = await sb.mintToken({ scopes: ['read:repository:bitbucket', 'read:pullrequest:bitbucket'] });
    const id = JSON.parse((await bbIn(clone, ['pr', 'list', '--head', 'conflict/two', '--json', 'id'])).stdout)[0].id as number;
    const a = await bbIn(clone, ['pr', 'approve', String(id)], { BB_TOKEN: token });
    assert.equal(a.code, 4, a.stderr);
    assert.match(a.stderr, /^error 2003 API_FORBIDDEN: .*write:pullrequest:bitbucket/);
    const m = await bbIn(clone, ['pr', 'merge', String(id), '--json', 'id'], { BB_TOKEN: token });
    assert.equal(m.code, 4, m.stderr);
    const e = JSON.parse(m.stderr).error;
    assert.equal(e.code, 2003);
    assert.equal(e.name, 'API_FORBIDDEN');
    assert.deepEqual(e.missingScopes, ['write:pullrequest:bitbucket']);
    assert.equal(e.operation, 'POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge');
    assert.ok(!a.stderr.includes(token) && !m.stderr.includes(token), 'the token is never printed');
    // reading still works with it
    ok(await bbIn(clone, ['pr', 'view', String(id)], { BB_TOKEN: token }), 'pr view with the read-only token');
  });
});
