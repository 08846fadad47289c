/**
 * `bb repo …` end to end: ./bin/bb against `bb sandbox --seed demo`, the all-scopes token in
 * BB_TOKEN/BB_EMAIL. Tests that write use their own repositories (in the `dev` workspace) so the
 * demo's acme repositories keep their seeded state for the listing tests.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { errorCode, git, gitVars, jsonError, Recorder, rows } from '../support/e2e.js';
import { type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

describe('bb repo (e2e)', () => {
  let sb: SandboxProcess;
  let origin: string;
  let env: Record<string, string | undefined>;
  const rec = new Recorder();
  const run = (args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}) =>
    rec.bb(args, { cwd: opts.cwd, env: { ...env, ...opts.env } });
  const clearLog = () => fetch(`${sb.admin}/requests`, { method: 'DELETE' });

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    origin = new URL(sb.url).origin;
    env = sb.env(gitVars());
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
  });

  test('repo list: piped rows, --json, --jq, --limit, --all', async () => {
    const piped = await run(['repo', 'list', 'acme']);
    assert.equal(piped.code, 0, piped.stderr);
    // full name, description, visibility, updated; most recently updated first (the demo seed may grow:
    // only the repositories and their order by updated_on are checked)
    const listed = rows(piped.stdout);
    assert.deepEqual(listed.map((r) => r[0]).sort(), ['acme/api', 'acme/docs', 'acme/web']);
    for (const r of listed) assert.equal(r.length, 4, `four columns: ${r.join(' | ')}`);
    assert.deepEqual(listed.find((r) => r[0] === 'acme/web')?.slice(1, 3), ['The Acme web front end', 'private']);
    const updated = listed.map((r) => r[3] as string);
    assert.deepEqual([...updated].sort().reverse(), updated, 'sorted by -updated_on');
    const order = listed.map((r) => (r[0] as string).slice('acme/'.length));

    const json = await run(['repo', 'list', 'acme', '--json', 'name,isPrivate']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      JSON.parse(json.stdout),
      order.map((name) => ({ name, isPrivate: true })),
    );

    const jq = await run(['repo', 'list', 'acme', '--json', 'name,language', '--jq', '.[] | select(.language == "go") | .name']);
    assert.equal(jq.code, 0, jq.stderr);
    assert.equal(jq.stdout, 'api\n');

    const jqAlone = await run(['repo', 'list', 'acme', '--jq', '.[].name']);
    assert.equal(jqAlone.code, 2);
    assert.equal(errorCode(jqAlone.stderr), 5002);

    await clearLog();
    const one = await run(['repo', 'list', 'acme', '--limit', '1']);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(
      rows(one.stdout).map((r) => r[0]),
      [listed[0]?.[0]],
    );
    const log = await sb.requests();
    assert.deepEqual(
      log.map((r) => r.operation),
      ['GET /repositories/{workspace}'],
      'one page is enough for --limit 1',
    );

    const all = await run(['repo', 'list', 'acme', '--all', '--sort', 'slug']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(
      rows(all.stdout).map((r) => r[0]),
      ['acme/api', 'acme/docs', 'acme/web'],
    );
    const badLimit = await run(['repo', 'list', 'acme', '--limit', '0']);
    assert.equal(badLimit.code, 2, badLimit.stderr);
  });

  test('repo view: by argument, by -R, as JSON; 404 is 2002', async () => {
    const piped = await run(['repo', 'view', 'acme/web']);
    assert.equal(piped.code, 0, piped.stderr);
    const fields = Object.fromEntries(rows(piped.stdout).map(([k, v]) => [k?.replace(/:$/, ''), v]));
    assert.equal(fields.name, 'acme/web');
    assert.equal(fields.description, 'The Acme web front end');
    assert.equal(fields.visibility, 'private');
    assert.equal(fields['main branch'], 'main');
    assert.equal(fields.project, 'Platform (PLAT)');
    assert.equal(fields['clone (https)'], `${origin}/acme/web.git`);

    const json = await run(['repo', 'view', '-R', 'acme/api', '--json', 'fullName,mainBranch,language,project']);
    assert.equal(json.code, 0, json.stderr);
    const repo = JSON.parse(json.stdout) as { fullName: string; mainBranch: string; language: string; project: { key: string } };
    assert.equal(repo.fullName, 'acme/api');
    assert.equal(repo.mainBranch, 'main');
    assert.equal(repo.language, 'go');
    assert.equal(repo.project.key, 'PLAT');

    const missing = await run(['repo', 'view', 'acme/nope']);
    assert.equal(missing.code, 1);
    assert.equal(errorCode(missing.stderr), 2002);
    assert.equal(missing.stdout, '');
  });

  test('repo clone: a real clone, no token in .git/config or the remote; repo view and api take the repository from the remote', async () => {
    const work = tempDir();
    const clone = await run(['repo', 'clone', 'acme/api'], { cwd: work });
    assert.equal(clone.code, 0, clone.stderr);
    const dir = join(work, 'api');
    assert.ok(existsSync(join(dir, 'health.go')), 'the work tree is checked out');
    const main = (await (await sb.api('/repositories/acme/api/refs/branches/main')).json()) as { target: { hash: string } };
    assert.equal((await git(['rev-parse', 'HEAD'], dir)).stdout.trim(), main.target.hash, 'the clone is at main');
    const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
    assert.ok(!config.includes(sb.token), 'no token in .git/config');
    assert.doesNotMatch(config, /helper/, 'no credential helper left in .git/config');
    const remote = (await git(['remote', 'get-url', 'origin'], dir)).stdout.trim();
    assert.equal(remote, `${origin}/acme/api.git`, 'no user info in the remote URL');

    // into a named directory, with flags for git clone
    const named = await run(['repo', 'clone', 'acme/web', 'site', '--', '--depth', '1', '--branch', 'feature/login'], { cwd: work });
    assert.equal(named.code, 0, named.stderr);
    assert.equal((await git(['rev-parse', '--abbrev-ref', 'HEAD'], join(work, 'site'))).stdout.trim(), 'feature/login');
    assert.equal((await git(['rev-list', '--count', 'HEAD'], join(work, 'site'))).stdout.trim(), '1');

    // inside the clone, the repository comes from the git remote
    const view = await run(['repo', 'view', '--json', 'fullName'], { cwd: dir });
    assert.equal(view.code, 0, view.stderr);
    assert.deepEqual(JSON.parse(view.stdout), { fullName: 'acme/api' });
    const api = await run(['api', '/repositories/{workspace}/{repo_slug}', '--jq', '.full_name'], { cwd: dir });
    assert.equal(api.code, 0, api.stderr);
    assert.equal(api.stdout.trim(), 'acme/api');
    // precedence: -R, then BB_REPO, then the git remote, then the Pipelines variables
    const pipelines = { BITBUCKET_WORKSPACE: 'acme', BITBUCKET_REPO_SLUG: 'docs' };
    const context = async (cwd: string, extra: Record<string, string>, args: string[] = []) => {
      const r = await run(['repo', 'view', ...args, '--json', 'fullName'], { cwd, env: extra });
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { fullName: string }).fullName;
    };
    assert.equal(await context(dir, { ...pipelines, BB_REPO: 'acme/docs' }, ['-R', 'acme/web']), 'acme/web');
    assert.equal(await context(dir, { ...pipelines, BB_REPO: 'acme/web' }), 'acme/web');
    assert.equal(await context(dir, pipelines), 'acme/api');
    assert.equal(await context(work, pipelines), 'acme/docs');

    const missing = await run(['repo', 'clone', 'acme/nope'], { cwd: work });
    assert.equal(missing.code, 1);
    assert.equal(errorCode(missing.stderr), 2002);
  });

  test('repo create: --dry-run sends nothing; then creates, prints the URL (or --json)', async () => {
    await clearLog();
    const dry = await run(['repo', 'create', 'dev/e2e-dry', '--description', 'not sent', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^would send: POST ${sb.url.replace(/\./g, '\\.')}/repositories/dev/e2e-dry$`, 'm'));
    assert.match(dry.stdout, /^required scopes: admin:repository:bitbucket$/m);
    assert.match(dry.stdout, /"description": "not sent"/);
    assert.match(dry.stderr, /nothing was sent/);
    const dryJson = await run(['repo', 'create', 'dev/e2e-dry', '--dry-run', '--json', 'fullName']);
    assert.equal(dryJson.code, 0, dryJson.stderr);
    const plan = JSON.parse(dryJson.stdout) as { dryRun: boolean; requests: Array<{ method: string; operation: string; scopes: string[] }> };
    assert.equal(plan.dryRun, true);
    assert.deepEqual(
      plan.requests.map((r) => [r.method, r.operation, r.scopes]),
      [['POST', 'POST /repositories/{workspace}/{repo_slug}', ['admin:repository:bitbucket']]],
    );
    assert.deepEqual(await sb.requests(), [], 'a dry run sends no request');
    assert.equal((await sb.api('/repositories/dev/e2e-dry')).status, 404);

    const created = await run(['repo', 'create', 'dev/E2E Made', '-d', 'made by e2e']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, `${origin}/dev/e2e-made\n`);
    assert.match(created.stderr, /Created repository dev\/e2e-made/);
    const got = (await (await sb.api('/repositories/dev/e2e-made')).json()) as { name: string; description: string; is_private: boolean };
    assert.deepEqual([got.name, got.description, got.is_private], ['E2E Made', 'made by e2e', true]);

    const json = await run(['repo', 'create', 'e2e-json', '--workspace', 'dev', '--public', '--json', 'fullName,isPrivate']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { fullName: 'dev/e2e-json', isPrivate: false });

    const again = await run(['repo', 'create', 'dev/e2e-made']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error 20\d\d /);
    const both = await run(['repo', 'create', 'dev/x', '--public', '--private']);
    assert.equal(both.code, 2);
    assert.equal(errorCode(both.stderr), 5002);
  });

  test('repo delete: refuses without --yes (5005, nothing sent); deletes with --yes; then 404 is 2002', async () => {
    const made = await run(['repo', 'create', 'dev/e2e-doomed']);
    assert.equal(made.code, 0, made.stderr);
    await clearLog();

    const refused = await run(['repo', 'delete', 'dev/e2e-doomed']);
    assert.equal(refused.code, 2);
    assert.equal(errorCode(refused.stderr), 5005);
    assert.match(refused.stderr, /^hint: pass --yes/m);
    assert.deepEqual(await sb.requests(), []);
    assert.equal((await sb.api('/repositories/dev/e2e-doomed')).status, 200);
    await clearLog();

    const dry = await run(['repo', 'delete', '-R', 'dev/e2e-doomed', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^required scopes: delete:repository:bitbucket$/m);
    assert.deepEqual(await sb.requests(), []);

    const deleted = await run(['repo', 'delete', 'dev/e2e-doomed', '--yes']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /Deleted repository dev\/e2e-doomed/);
    assert.equal(deleted.stdout, '');
    assert.deepEqual(
      (await sb.requests()).map((r) => [r.operation, r.status]),
      [['DELETE /repositories/{workspace}/{repo_slug}', 204]],
    );

    const view = await run(['repo', 'view', 'dev/e2e-doomed']);
    assert.equal(view.code, 1);
    assert.equal(errorCode(view.stderr), 2002);
    const twice = await run(['repo', 'delete', 'dev/e2e-doomed', '--yes']);
    assert.equal(twice.code, 1);
    assert.equal(errorCode(twice.stderr), 2002);
  });

  test('repo default-reviewers list, add, remove', async () => {
    const list = await run(['repo', 'default-reviewers', 'list', '-R', 'acme/web']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      rows(list.stdout).map((r) => r.slice(0, 2)),
      [['Alex Reviewer', 'alex']],
    );

    const add = await run(['repo', 'default-reviewers', 'add', '-R', 'acme/web', 'dev']);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /Added Sandbox Developer \(dev\) as a default reviewer of acme\/web/);
    const two = await run(['repo', 'default-reviewers', 'list', '-R', 'acme/web', '--json', 'nickname']);
    assert.deepEqual(JSON.parse(two.stdout), [{ nickname: 'alex' }, { nickname: 'dev' }]);

    await clearLog();
    const dry = await run(['repo', 'default-reviewers', 'remove', '-R', 'acme/web', 'dev', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(await sb.requests(), []);

    const remove = await run(['repo', 'default-reviewers', 'remove', '-R', 'acme/web', 'dev']);
    assert.equal(remove.code, 0, remove.stderr);
    const one = await run(['repo', 'default-reviewers', 'list', '-R', 'acme/web', '--json', 'nickname', '--jq', '.[].nickname']);
    assert.equal(one.stdout, 'alex\n');

    const nobody = await run(['repo', 'default-reviewers', 'add', '-R', 'acme/web', 'nobody-here']);
    assert.notEqual(nobody.code, 0);
    assert.match(nobody.stderr, /^error 2\d{3} /);
  });

  test('a too-narrow token: repo create → 2003 naming the scope and the operation; --json → one JSON object', async () => {
    const { token } = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
    rec.secret(token);
    const narrow = { BB_TOKEN: token };
    const r = await run(['repo', 'create', 'dev/e2e-narrow'], { env: narrow });
    assert.equal(r.code, 4, r.stderr);
    assert.match(
      r.stderr,
      /^error 2003 API_FORBIDDEN: POST \/repositories\/\{workspace\}\/\{repo_slug\} needs scope admin:repository:bitbucket, which the credential lacks\n/,
    );
    assert.match(r.stderr, /^hint: `bb repo create` needs: admin:repository:bitbucket$/m);
    assert.equal(r.stdout, '');

    const j = await run(['repo', 'create', 'dev/e2e-narrow', '--json', 'fullName'], { env: narrow });
    assert.equal(j.code, 4);
    assert.equal(j.stdout, '');
    const err = jsonError(j.stderr);
    assert.equal(err.code, 2003);
    assert.equal(err.name, 'API_FORBIDDEN');
    assert.deepEqual(err.missingScopes, ['admin:repository:bitbucket']);
    assert.equal(err.operation, 'POST /repositories/{workspace}/{repo_slug}');
    assert.match(err.message, /admin:repository:bitbucket/);

    // the same token reads fine
    const list = await run(['repo', 'list', 'acme', '--limit', '1'], { env: narrow });
    assert.equal(list.code, 0, list.stderr);
    assert.equal((await sb.api('/repositories/dev/e2e-narrow')).status, 404);
  });

  test('no token in any output, no stack trace', () => {
    rec.assertClean();
  });
});
