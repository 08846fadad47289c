/**
 * Issue 21, Pipelines depth against one `bb sandbox` (demo seed), built CLI (./bin/bb): self-hosted runners of a
 * repository and of a workspace.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BbResult, bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const W = '/repositories/acme/web';
const UUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/;

describe('pipeline runners and SSH (built CLI against bb sandbox)', () => {
  let sb: SandboxProcess;
  let env: Record<string, string | undefined>;
  let dir: string;
  const run = (args: string[], o: { input?: string } = {}): Promise<BbResult> => bb(args, { env, ...(o.input !== undefined ? { input: o.input } : {}) });
  const ok = (r: BbResult, what: string) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const r = await sb.api(path, {
      method,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
    });
    const text = await r.text();
    return { status: r.status, json: text ? (JSON.parse(text) as Json) : {} };
  };

  before(async () => {
    sb = await startSandbox();
    env = sb.env({ BB_REPO: 'acme/web' });
    dir = await mkdtemp(join(tmpdir(), 'bb-runners-'));
  });
  after(async () => {
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('runner list|view|create|edit|delete on the repository: labels, status, the secret only to --secret-file', async () => {
    const empty = await run(['runner', 'list']);
    ok(empty, 'list (none)');
    assert.equal(empty.stdout, '');
    const emptyJson = await run(['runner', 'list', '--json', 'uuid']);
    assert.equal(emptyJson.stdout.trim(), '[]');

    const dry = await run(['runner', 'create', '--name', 'build-01', '--label', 'self.hosted,linux', '--dry-run']);
    ok(dry, 'create --dry-run');
    assert.match(dry.stdout, /^would send: POST http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines-config\/runners\n/);
    assert.match(dry.stdout, /"labels": ?\[\s*"self\.hosted",\s*"linux"\s*\]/);
    assert.equal((await api('GET', `${W}/pipelines-config/runners`)).json.values.length, 0, 'a dry run sends nothing');

    const secretFile = join(dir, 'runner.secret');
    const c = await run(['runner', 'create', '--name', 'build-01', '-l', 'self.hosted', '-l', 'linux', '--secret-file', secretFile]);
    ok(c, 'create');
    const uuid = c.stdout.trim();
    assert.match(uuid, UUID);
    assert.match(c.stderr, /^✓ Created runner build-01 on acme\/web\n {2}its OAuth client secret is in .*runner\.secret\n$/);
    const secret = (await readFile(secretFile, 'utf8')).trim();
    assert.match(secret, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal((await stat(secretFile)).mode & 0o777, 0o600);
    assert.ok(!c.stdout.includes(secret) && !c.stderr.includes(secret), 'the secret is never printed');

    // without --secret-file, --json: still no secret
    const c2 = await run([
      'runner',
      'create',
      '--name',
      'gpu-01',
      '--label',
      'self.hosted,linux,gpu',
      '--json',
      'uuid,name,labels,status,cordoned,version,createdAt,updatedAt',
    ]);
    ok(c2, 'create --json');
    const j2 = JSON.parse(c2.stdout);
    assert.deepEqual(Object.keys(j2).sort(), ['cordoned', 'createdAt', 'labels', 'name', 'status', 'updatedAt', 'uuid', 'version']);
    assert.doesNotMatch(c2.stdout, /secret/i);
    assert.deepEqual(j2.labels, ['self.hosted', 'linux', 'gpu']);
    assert.equal(j2.status, 'UNREGISTERED');
    assert.match(c2.stderr, /secret was not kept \(bb never prints it\)/);
    // --secret-file never overwrites
    const again = await run(['runner', 'create', '--name', 'x', '--secret-file', secretFile]);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /error 5002 INVALID_ARGUMENT: cannot write the secret to .*EEXIST/);

    const l = await run(['runner', 'list', '--json', 'name,labels,status']);
    ok(l, 'list');
    assert.deepEqual(JSON.parse(l.stdout), [
      { name: 'build-01', labels: ['self.hosted', 'linux'], status: 'UNREGISTERED' },
      { name: 'gpu-01', labels: ['self.hosted', 'linux', 'gpu'], status: 'UNREGISTERED' },
      { name: 'x', labels: [], status: 'UNREGISTERED' },
    ]);

    const v = await run(['runner', 'view', uuid.slice(1, -1)]);
    ok(v, 'view (bare uuid)');
    assert.match(v.stdout, /^name:\tbuild-01\nuuid:\t\{[^}]+\}\nlabels:\tself\.hosted, linux\nstatus:\tUNREGISTERED\n/);

    const e = await run(['runner', 'edit', uuid, '--name', 'build-02', '--label', 'self.hosted,linux,docker']);
    ok(e, 'edit');
    assert.match(e.stderr, /^✓ Updated runner build-02 on acme\/web/);
    const after = (await api('GET', `${W}/pipelines-config/runners/${encodeURIComponent(uuid)}`)).json;
    assert.equal(after.name, 'build-02');
    assert.deepEqual(after.labels, ['self.hosted', 'linux', 'docker']);
    assert.equal(after.oauth_client.secret, undefined, 'the secret is returned on creation only');

    const nothing = await run(['runner', 'edit', uuid]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^error 5001 USAGE: nothing to change: pass --name or --label/);
    const badLabel = await run(['runner', 'create', '--name', 'y', '--label', 'two words']);
    assert.equal(badLabel.code, 2);
    assert.match(badLabel.stderr, /^error 5002 INVALID_ARGUMENT: "two words" is not a runner label/);
    const noName = await run(['runner', 'create', '--label', 'linux']);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /^error 5001 USAGE: runner create needs --name/);
    const notUuid = await run(['runner', 'view', 'build-02']);
    assert.equal(notUuid.code, 2);
    assert.match(notUuid.stderr, /^error 5002 INVALID_ARGUMENT: "build-02" is not a runner: expected its UUID\nhint: list them with `bb runner list`/);

    const refused = await run(['runner', 'delete', uuid]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    const dryDel = await run(['runner', 'delete', uuid, '--dry-run']);
    ok(dryDel, 'delete --dry-run');
    assert.match(dryDel.stdout, /^would send: DELETE .*\/repositories\/acme\/web\/pipelines-config\/runners\/%7B/);
    ok(await run(['runner', 'delete', uuid, '--yes']), 'delete');
    const gone = await run(['runner', 'view', uuid]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error 2002 API_NOT_FOUND: /);
  });

  test('runner … --workspace: the workspace runners are apart from the repository ones; -R with --workspace refused', async () => {
    const c = await run(['runner', 'create', '--workspace', 'acme', '--name', 'shared-01', '--label', 'self.hosted,linux']);
    ok(c, 'create --workspace');
    const uuid = c.stdout.trim();
    assert.equal((await api('GET', `/workspaces/acme/pipelines-config/runners/${encodeURIComponent(uuid)}`)).json.name, 'shared-01');
    const l = await run(['runner', 'list', '--workspace', 'acme', '--json', 'uuid,name']);
    ok(l, 'list --workspace');
    assert.deepEqual(JSON.parse(l.stdout), [{ uuid, name: 'shared-01' }]);
    const repoView = await run(['runner', 'view', uuid]);
    assert.equal(repoView.code, 1, 'a workspace runner is not a runner of the repository');
    assert.match(repoView.stderr, /API_NOT_FOUND/);
    ok(await run(['runner', 'edit', uuid, '--workspace', 'acme', '--label', 'self.hosted,linux.arm64']), 'edit --workspace');
    const v = await run(['runner', 'view', uuid, '--workspace', 'acme', '--json', 'labels']);
    assert.deepEqual(JSON.parse(v.stdout), { labels: ['self.hosted', 'linux.arm64'] });
    const both = await run(['runner', 'list', '--workspace', 'acme', '-R', 'acme/web']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /INVALID_ARGUMENT: --workspace cannot be used with -R/);
    ok(await run(['runner', 'delete', uuid, '--workspace', 'acme', '--yes']), 'delete --workspace');
    assert.equal((await api('GET', '/workspaces/acme/pipelines-config/runners')).json.values.length, 0);
  });

  test('sandbox: runners validated like Bitbucket (empty body, missing name, labels not strings: 400; unknown: 404)', async () => {
    for (const path of [`${W}/pipelines-config/runners`, '/workspaces/acme/pipelines-config/runners']) {
      assert.equal((await api('POST', path, {})).status, 400, `${path}: empty JSON object`);
      assert.equal((await api('POST', path, { labels: ['linux'] })).status, 400, `${path}: no name`);
      assert.equal((await api('POST', path, { name: '  ' })).status, 400, `${path}: blank name`);
      assert.equal((await api('POST', path, { name: 'r', labels: 'linux' })).status, 400, `${path}: labels not a list`);
      assert.equal((await api('POST', path, { name: 'r', labels: [1] })).status, 400, `${path}: a label not a string`);
      const r = await api('POST', path, { name: 'r', labels: ['linux'] });
      assert.equal(r.status, 200);
      assert.match(r.json.uuid, UUID);
      assert.equal(r.json.state.status, 'UNREGISTERED');
      assert.equal(typeof r.json.oauth_client.secret, 'string');
      const one = `${path}/${encodeURIComponent(r.json.uuid)}`;
      assert.equal((await api('PUT', one, {})).status, 400, 'an empty update');
      assert.equal((await api('PUT', one, { name: '' })).status, 400, 'an empty name');
      assert.equal((await api('DELETE', one)).status, 204);
      assert.equal((await api('DELETE', one)).status, 404);
      assert.equal((await api('GET', `${path}/${encodeURIComponent('{00000000-0000-4000-8000-000000000000}')}`)).status, 404);
    }
  });
});
