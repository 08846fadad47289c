/**
 * How bb reports what the API refuses and copes with a slow or rate-limited server, end to end: missing scopes
 * (granular and legacy names; exit 4, 2003, one JSON object with --json), a bad token (1002), retries under
 * injected 429s (GETs retried, a POST sent again only while answered 429, then 2005), latency; no token in
 * any output, no stack trace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCode, jsonError, Recorder } from '../support/e2e.js';
import { type SandboxProcess, startSandbox } from '../support/sandbox.js';

describe('bb and API refusals: missing scopes, a bad token, rate limits, latency (e2e)', () => {
  let sb: SandboxProcess;
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
    env = sb.env();
    rec.secret(sb.token);
  });
  after(async () => {
    await sb.stop();
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
    const j = await run(['repo', 'create', 'dev/legacy-narrow', '--json', 'fullName'], { env: legacyEnv });
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
      const view = await run(['repo', 'view', 'acme/web', '--json', 'fullName']);
      assert.equal(view.code, 0, view.stderr);
      assert.deepEqual(JSON.parse(view.stdout), { fullName: 'acme/web' });
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

  test('no token in any output, no stack trace in any stderr', () => {
    rec.assertClean();
  });
});
