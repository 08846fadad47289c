/**
 * The other foundation commands end to end (workspace, project, api, config, completion, help) and
 * the contract's cross-cutting behaviours: error lines and JSON errors, exit statuses, missing
 * scopes (granular and legacy), 401, retries under injected 429s (GETs retried, POSTs never sent
 * twice), latency, usage errors, no stack traces, no token in any output.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { errorCode, jsonError, Recorder, rows } from '../support/e2e.js';
import { type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

describe('bb foundation commands (e2e)', () => {
  let sb: SandboxProcess;
  let origin: string;
  let env: Record<string, string | undefined>;
  const rec = new Recorder();
  const run = (args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}) =>
    rec.bb(args, { cwd: opts.cwd, input: opts.input, env: { ...env, ...opts.env } });
  const clearLog = () => fetch(`${sb.admin}/requests`, { method: 'DELETE' });
  const setFaults = async (body: { faults?: string; seed?: number; latency?: number }) => {
    const r = await fetch(`${sb.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200);
  };

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    origin = new URL(sb.url).origin;
    env = sb.env();
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
  });

  test('workspace list and view', async () => {
    const list = await run(['workspace', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(rows(list.stdout), [
      ['acme', 'Acme Inc.', 'admin'],
      ['dev', 'Sandbox Developer', 'admin'],
    ]);
    const json = await run(['workspace', 'list', '--json', 'slug,administrator', '--jq', 'map(.slug)']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), ['acme', 'dev']);

    const view = await run(['workspace', 'view', 'acme']);
    assert.equal(view.code, 0, view.stderr);
    const fields = Object.fromEntries(rows(view.stdout).map(([k, v]) => [k?.replace(/:$/, ''), v]));
    assert.equal(fields.name, 'Acme Inc.');
    assert.equal(fields.slug, 'acme');
    assert.equal(fields.web, `${origin}/acme/`);
    const vjson = await run(['workspace', 'view', 'acme', '--json', 'name,is_private,slug']);
    assert.deepEqual(JSON.parse(vjson.stdout), { name: 'Acme Inc.', is_private: true, slug: 'acme' });

    const missing = await run(['workspace', 'view', 'no-such-ws']);
    assert.equal(missing.code, 1);
    assert.equal(errorCode(missing.stderr), 2002);
    // no workspace given, none configured, no repository here
    const none = await run(['workspace', 'view'], { cwd: tempDir() });
    assert.equal(none.code, 1);
    assert.equal(errorCode(none.stderr), 6002);
  });

  test('project list, view, create', async () => {
    const list = await run(['project', 'list', 'acme']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(rows(list.stdout), [['PLAT', 'Platform', 'Services and the web front end', 'private']]);

    const view = await run(['project', 'view', 'acme/PLAT', '--json', 'key,name,description']);
    assert.equal(view.code, 0, view.stderr);
    assert.deepEqual(JSON.parse(view.stdout), { key: 'PLAT', name: 'Platform', description: 'Services and the web front end' });
    const piped = await run(['project', 'view', 'PLAT', '--workspace', 'acme']);
    assert.match(piped.stdout, /^key:\tPLAT$/m);

    await clearLog();
    const dry = await run(['project', 'create', 'E2E Foundation', '--key', 'E2EF', '--workspace', 'acme', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would send: POST .*\/workspaces\/acme\/projects$/m);
    assert.match(dry.stdout, /^required scopes: admin:project:bitbucket$/m);
    assert.deepEqual(await sb.requests(), []);

    const created = await run(['project', 'create', 'E2E Foundation', '--key', 'E2EF', '--workspace', 'acme', '--private', '-d', 'from the e2e test']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, `${origin}/acme/workspace/projects/E2EF\n`);
    assert.match(created.stderr, /Created project E2EF \(E2E Foundation\) in acme/);
    const keys = await run(['project', 'list', 'acme', '--json', 'key,is_private', '--jq', '.[] | select(.key == "E2EF") | .is_private']);
    assert.equal(keys.stdout, 'true\n');

    const dup = await run(['project', 'create', 'Again', '--key', 'E2EF', '--workspace', 'acme']);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /^error 20\d\d .*E2EF/);
    const badKey = await run(['project', 'create', 'Bad', '--key', '1-bad', '--workspace', 'acme']);
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /^error 50\d\d /);
    const missing = await run(['project', 'view', 'acme/NOPE']);
    assert.equal(missing.code, 1);
    assert.equal(errorCode(missing.stderr), 2002);
  });

  test('api: placeholders from -R, --paginate, -X POST -f, an error answer', async () => {
    const get = await run(['api', '/repositories/{workspace}/{repo_slug}', '-R', 'acme/web', '--jq', '.full_name']);
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stdout, 'acme/web\n');
    const raw = await run(['api', '/2.0/user']);
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal((JSON.parse(raw.stdout) as { nickname: string }).nickname, 'dev');

    await clearLog();
    const paged = await run(['api', '--paginate', '/repositories/acme?pagelen=1&sort=slug', '--jq', 'map(.slug)']);
    assert.equal(paged.code, 0, paged.stderr);
    assert.deepEqual(JSON.parse(paged.stdout), ['api', 'docs', 'web']);
    const log = await sb.requests();
    assert.equal(log.length, 3, 'one request per page');
    assert.ok(log.every((r) => r.operation === 'GET /repositories/{workspace}' && r.status === 200));

    const post = await run([
      'api',
      '-X',
      'POST',
      '/repositories/{workspace}/{repo_slug}/refs/branches',
      '-R',
      'acme/api',
      '-f',
      'name=e2e/api-post',
      '-f',
      'target[hash]=main',
    ]);
    assert.equal(post.code, 0, post.stderr);
    assert.equal((JSON.parse(post.stdout) as { name: string }).name, 'e2e/api-post');
    assert.equal((await sb.api('/repositories/acme/api/refs/branches/e2e%2Fapi-post')).status, 200);

    const notFound = await run(['api', '/repositories/acme/nope']);
    assert.equal(notFound.code, 1);
    assert.deepEqual(JSON.parse(notFound.stdout), { type: 'error', error: { message: 'Repository acme/nope not found' } }, 'the body goes to stdout');
    assert.equal(errorCode(notFound.stderr), 2002);

    const noContext = await run(['api', '/repositories/{workspace}/{repo_slug}'], { cwd: tempDir() });
    assert.equal(noContext.code, 1);
    assert.equal(errorCode(noContext.stderr), 6001);
  });

  test('config set, get, list, unset in BB_CONFIG_DIR', async () => {
    const dir = join(tempDir(), 'cfg');
    const cenv = { BB_CONFIG_DIR: dir };
    const get0 = await run(['config', 'get', 'git_protocol'], { env: cenv });
    assert.equal(get0.code, 0, get0.stderr);
    assert.equal(get0.stdout, 'https\n', 'the default');
    assert.equal((await run(['config', 'set', 'git_protocol', 'ssh'], { env: cenv })).code, 0);
    assert.equal((await run(['config', 'set', 'default_workspace', 'acme'], { env: cenv })).code, 0);
    assert.equal((await run(['config', 'get', 'git_protocol'], { env: cenv })).stdout, 'ssh\n');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')), { default_workspace: 'acme', git_protocol: 'ssh' });
    assert.equal(statSync(dir).mode & 0o777, 0o700);

    const list = await run(['config', 'list'], { env: cenv });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^default_workspace=acme$/m);
    assert.match(list.stdout, /^git_protocol=ssh$/m);
    assert.match(list.stdout, /^prompt=enabled$/m);
    const ljson = await run(['config', 'list', '--json', 'key,value,source', '--jq', '.[] | select(.key == "git_protocol")'], { env: cenv });
    assert.deepEqual(JSON.parse(ljson.stdout), { key: 'git_protocol', value: 'ssh', source: 'config' });

    // the default workspace is used by commands
    const projects = await run(['project', 'list', '--json', 'key', '--jq', '.[].key'], { env: cenv, cwd: tempDir() });
    assert.equal(projects.code, 0, projects.stderr);
    assert.match(projects.stdout, /^PLAT$/m);

    assert.equal((await run(['config', 'unset', 'git_protocol'], { env: cenv })).code, 0);
    assert.equal((await run(['config', 'get', 'git_protocol'], { env: cenv })).stdout, 'https\n');
    assert.equal((await run(['config', 'unset', 'git_protocol'], { env: cenv })).code, 0, 'unsetting twice is fine');

    const bad = await run(['config', 'set', 'git_protocol', 'ftp'], { env: cenv });
    assert.equal(bad.code, 1);
    assert.equal(errorCode(bad.stderr), 4003);
    const unknown = await run(['config', 'get', 'nope'], { env: cenv });
    assert.equal(unknown.code, 1);
    assert.equal(errorCode(unknown.stderr), 4002);
  });

  test('completion bash; help exit-codes', async () => {
    const completion = await run(['completion', 'bash']);
    assert.equal(completion.code, 0, completion.stderr);
    assert.ok(completion.stdout.length > 200);
    assert.match(completion.stdout, /\brepo\b/);
    assert.match(completion.stdout, /complete .*bb/);
    const bad = await run(['completion', 'tcsh']);
    assert.equal(bad.code, 2);

    const help = await run(['help', 'exit-codes']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^\s+4\s+authentication or permission/m);
    assert.match(help.stdout, /^\s+2003\s+API_FORBIDDEN\s+exit 4/m);
    assert.match(help.stdout, /^\s+5005\s+CONFIRMATION_REQUIRED\s+exit 2/m);
  });

  test('missing scope (granular): exit 4, 2003 naming the scope and the operation; --json: one object', async () => {
    const { token } = await sb.mintToken({ scopes: ['read:repository:bitbucket'] });
    rec.secret(token);
    const r = await run(['repo', 'create', 'dev/narrow'], { env: { BB_TOKEN: token } });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^error 2003 API_FORBIDDEN: POST \/repositories\/\{workspace\}\/\{repo_slug\} needs scope admin:repository:bitbucket/);
    const j = await run(['workspace', 'list', '--json', 'slug'], { env: { BB_TOKEN: token } });
    assert.equal(j.code, 4);
    assert.equal(j.stdout, '');
    const err = jsonError(j.stderr);
    assert.equal(err.code, 2003);
    assert.equal(err.name, 'API_FORBIDDEN');
    assert.deepEqual(err.missingScopes, ['read:workspace:bitbucket']);
    assert.equal(err.operation, 'GET /user/workspaces');
    assert.equal(typeof err.hint, 'string');
  });

  test('missing scope (legacy access token): the error speaks legacy scope names', async () => {
    const { token } = await sb.mintToken({ legacyScopes: ['repository'] });
    rec.secret(token);
    const legacyEnv = { BB_TOKEN: token, BB_EMAIL: undefined }; // alone: Bearer
    const r = await run(['repo', 'create', 'dev/legacy-narrow'], { env: legacyEnv });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^error 2003 API_FORBIDDEN: .*needs scope repository:admin/);
    assert.doesNotMatch(r.stderr, /:bitbucket/);
    const j = await run(['repo', 'create', 'dev/legacy-narrow', '--json', 'full_name'], { env: legacyEnv });
    assert.equal(j.code, 4);
    const err = jsonError(j.stderr);
    assert.deepEqual(err.missingScopes, ['repository:admin']);
    assert.equal(err.operation, 'POST /repositories/{workspace}/{repo_slug}');
  });

  test('a bad token: exit 4, 1002 (text and JSON)', async () => {
    const bad = { BB_TOKEN: 'ATATTthis-token-does-not-exist-00000' };
    rec.secret(bad.BB_TOKEN);
    const r = await run(['repo', 'list', 'acme'], { env: bad });
    assert.equal(r.code, 4);
    assert.equal(errorCode(r.stderr), 1002);
    assert.equal(r.stdout, '');
    const j = await run(['repo', 'view', 'acme/web', '--json', 'name'], { env: bad });
    assert.equal(j.code, 4);
    assert.equal(jsonError(j.stderr).code, 1002);
  });

  test('retries under 429 faults: a GET succeeds after retrying; a POST is sent again only while answered 429 (nothing ran)', async () => {
    try {
      // seed 8 draws 429 then 200 at 429=0.5
      await setFaults({ faults: '429=0.5', seed: 8 });
      await clearLog();
      const view = await run(['repo', 'view', 'acme/web', '--json', 'full_name']);
      assert.equal(view.code, 0, view.stderr);
      assert.deepEqual(JSON.parse(view.stdout), { full_name: 'acme/web' });
      const statuses = (await sb.requests()).map((r) => [r.method, r.operation, r.status]);
      assert.ok(statuses.length >= 2, `retried: ${JSON.stringify(statuses)}`);
      assert.deepEqual(statuses.at(-1), ['GET', 'GET /repositories/{workspace}/{repo_slug}', 200]);
      assert.ok(
        statuses.slice(0, -1).every(([m, , s]) => m === 'GET' && s === 429),
        JSON.stringify(statuses),
      );

      // every request limited: a 429 proves nothing ran, so the POST is sent again (3 retries), then reported as 2005
      await setFaults({ faults: '429=1', seed: 1 });
      await clearLog();
      const create = await run(['repo', 'create', 'dev/e2e-limited']);
      assert.equal(create.code, 1);
      assert.equal(errorCode(create.stderr), 2005);
      const api = await run(['api', '-X', 'POST', '/repositories/acme/api/refs/branches', '-f', 'name=e2e/limited', '-f', 'target[hash]=main']);
      assert.equal(api.code, 1);
      assert.equal(errorCode(api.stderr), 2005);
      const posts = (await sb.requests()).map((r) => [r.method, r.path, r.status]);
      assert.deepEqual(posts, [
        ...Array.from({ length: 4 }, () => ['POST', '/2.0/repositories/dev/e2e-limited', 429]),
        ...Array.from({ length: 4 }, () => ['POST', '/2.0/repositories/acme/api/refs/branches', 429]),
      ]);

      // a GET gives up after its retries
      await clearLog();
      const gaveUp = await run(['repo', 'view', 'acme/web']);
      assert.equal(gaveUp.code, 1);
      assert.equal(errorCode(gaveUp.stderr), 2005);
      const tries = await sb.requests();
      assert.ok(tries.length > 1 && tries.length <= 5, `a bounded number of retries: ${tries.length}`);
    } finally {
      await setFaults({ faults: '' });
    }
    assert.equal((await sb.api('/repositories/dev/e2e-limited')).status, 404);
  });

  test('latency: commands still work, slower', async () => {
    try {
      await setFaults({ latency: 400 });
      const t0 = Date.now();
      const r = await run(['repo', 'view', 'acme/web', '--json', 'name']);
      const took = Date.now() - t0;
      assert.equal(r.code, 0, r.stderr);
      assert.ok(took >= 400, `took ${took} ms`);
    } finally {
      await setFaults({ latency: 0 });
    }
  });

  test('usage errors: malformed -R (5003), unknown flag and command (5001), bad --json field (5004); all exit 2', async () => {
    const cases: Array<[string[], number]> = [
      [['repo', 'view', '-R', 'not-a-repo'], 5003],
      [['repo', 'view', '-R', 'a/b/c'], 5003],
      [['api', '/repositories/{workspace}/{repo_slug}', '-R', '/web'], 5003],
      [['repo', 'list', 'acme', '--bogus'], 5001],
      [['repo', 'lst'], 5001],
      [['frobnicate'], 5001],
      [['repo', 'view'], 6001],
      [['repo', 'list', 'acme', '--limit', 'many'], 5002],
    ];
    // independent of each other and of the sandbox's state: run them at once
    const results = await Promise.all(cases.map(([args]) => run(args, { cwd: tempDir() })));
    for (const [i, [args, code]] of cases.entries()) {
      const r = results[i] as (typeof results)[number];
      assert.equal(errorCode(r.stderr), code, `bb ${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.code, code === 6001 ? 1 : 2, `bb ${args.join(' ')}`);
      assert.equal(r.stdout, '');
    }
    // a jq compile error (jq's own message has several lines) is still one error line
    const jq = await run(['api', '/user', '--jq', '.[']);
    assert.equal(jq.code, 1);
    assert.equal(errorCode(jq.stderr), 8001);
    assert.match(jq.stderr, /^error 8001 JQ_ERROR: jq: syntax error.*\nhint: /);
    const unknownSub = await run(['repo', 'lst']);
    assert.match(unknownSub.stderr, /unknown command "lst" for "bb repo"/);
    const j = await run(['repo', 'view', '-R', 'nope', '--json', 'name']);
    assert.equal(j.code, 2);
    assert.equal(jsonError(j.stderr).code, 5003);
    const field = await run(['repo', 'list', 'acme', '--json', 'name,nope']);
    assert.equal(field.code, 2);
    const fe = jsonError(field.stderr);
    assert.equal(fe.code, 5004);
    assert.match(fe.message, /nope/);
  });

  test('no token in any output, no stack trace in any stderr', () => {
    rec.assertClean();
  });
});
