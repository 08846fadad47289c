/**
 * bb's general-purpose commands end to end (api, config, completion, help exit-codes) and its usage errors:
 * malformed -R, unknown flags and commands, bad --json fields, a jq syntax error — one error line, exit 2
 * (6001 when there is no repository context), nothing on stdout; no token in any output, no stack trace.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { errorCode, jsonError, Recorder } from '../support/e2e.js';
import { type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

describe('bb api, config, completion, help and usage errors (e2e)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  const rec = new Recorder();
  const run = (args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}) =>
    rec.bb(args, { cwd: opts.cwd, input: opts.input, env: { ...env, ...opts.env } });
  const clearLog = () => fetch(`${sb.admin}/requests`, { method: 'DELETE' });

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
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
