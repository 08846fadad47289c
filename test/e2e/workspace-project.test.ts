/**
 * The workspace and project commands end to end against the Cloud sandbox: list, view (text and --json), project
 * create (--dry-run sends nothing), the errors for a missing one and for no workspace; no token in any output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCode, Recorder, rows } from '../support/e2e.js';
import { type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

describe('bb workspace and project (e2e)', () => {
  let sb: SandboxProcess;
  let origin: string;
  let env: Record<string, string | undefined>;
  const rec = new Recorder();
  const run = (args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}) =>
    rec.bb(args, { cwd: opts.cwd, input: opts.input, env: { ...env, ...opts.env } });
  const clearLog = () => fetch(`${sb.admin}/requests`, { method: 'DELETE' });

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
    const vjson = await run(['workspace', 'view', 'acme', '--json', 'name,isPrivate,slug']);
    assert.deepEqual(JSON.parse(vjson.stdout), { name: 'Acme Inc.', isPrivate: true, slug: 'acme' });

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
    const keys = await run(['project', 'list', 'acme', '--json', 'key,isPrivate', '--jq', '.[] | select(.key == "E2EF") | .isPrivate']);
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

  test('no token in any output, no stack trace in any stderr', () => {
    rec.assertClean();
  });
});
