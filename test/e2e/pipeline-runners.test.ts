/**
 * Issue 21, Pipelines depth against one `bb sandbox` (demo seed), built CLI (./bin/bb): self-hosted runners of a
 * repository and of a workspace; the SSH key pair and known hosts of pipeline steps.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BbResult, bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers
type Json = Record<string, any>;

const W = '/repositories/acme/web';
const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPipelinesPipelinesPipelinesPipelinesPipeline ci@pipelines';
const PRIV_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBTopSecretTopSecret';
const PRIV = `-----BEGIN OPENSSH PRIVATE KEY-----\n${PRIV_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const HOST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
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

  test('pipeline ssh key view|set|delete: the private key from a file or stdin, never printed nor returned', async () => {
    const none = await run(['pipeline', 'ssh', 'key', 'view']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^error 2002 API_NOT_FOUND: /);

    const priv = join(dir, 'pipelines_ed25519');
    await writeFile(priv, PRIV, { mode: 0o600 });
    await writeFile(`${priv}.pub`, `${PUB}\n`);
    const dry = await run(['pipeline', 'ssh', 'key', 'set', '--private-key-file', priv, '--dry-run']);
    ok(dry, 'set --dry-run');
    assert.match(dry.stdout, /^would send: PUT http:\/\/127\.0\.0\.1:\d+\/2\.0\/repositories\/acme\/web\/pipelines_config\/ssh\/key_pair\n/);
    assert.match(dry.stdout, /"private_key": ?"<redacted>"/);
    assert.ok(!dry.stdout.includes(PRIV_BODY), 'the dry run does not show the private key');
    assert.equal((await api('GET', `${W}/pipelines_config/ssh/key_pair`)).status, 404, 'a dry run sends nothing');

    const set = await run(['pipeline', 'ssh', 'key', 'set', '--private-key-file', priv]);
    ok(set, 'set (FILE and FILE.pub)');
    assert.equal(set.stdout, `${PUB}\n`);
    assert.equal(set.stderr, '✓ Set the Pipelines SSH key pair of acme/web\n');
    const got = await api('GET', `${W}/pipelines_config/ssh/key_pair`);
    assert.deepEqual(Object.keys(got.json).sort(), ['public_key', 'type'], 'the sandbox never returns the private key');

    const v = await run(['pipeline', 'ssh', 'key', 'view', '--json', 'publicKey']);
    ok(v, 'view');
    assert.deepEqual(JSON.parse(v.stdout), { publicKey: PUB });
    const human = await run(['pipeline', 'ssh', 'key', 'view']);
    assert.equal(human.stdout, `public key:\t${PUB}\n`);

    // from standard input, with --public-key-file; a public key where the private one belongs is refused
    const pub2 = join(dir, 'other.pub');
    await writeFile(pub2, PUB.replace('ci@pipelines', 'other'));
    const stdin = await run(['pipeline', 'ssh', 'key', 'set', '--public-key-file', pub2, '--json', 'publicKey'], { input: PRIV });
    ok(stdin, 'set from stdin');
    assert.deepEqual(JSON.parse(stdin.stdout), { publicKey: PUB.replace('ci@pipelines', 'other') });
    const swapped = await run(['pipeline', 'ssh', 'key', 'set', '--public-key-file', pub2], { input: PUB });
    assert.equal(swapped.code, 2);
    assert.match(swapped.stderr, /^error 5002 INVALID_ARGUMENT: not a private key/);
    const noPub = await run(['pipeline', 'ssh', 'key', 'set'], { input: PRIV });
    assert.equal(noPub.code, 2);
    assert.match(noPub.stderr, /^error 5001 USAGE: pipeline ssh key set needs the public key/);
    const enc = await run(['pipeline', 'ssh', 'key', 'set', '--public-key-file', pub2], {
      input: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nabc\n-----END RSA PRIVATE KEY-----\n',
    });
    assert.equal(enc.code, 2);
    assert.match(enc.stderr, /passphrase/);

    // the sandbox validates like Bitbucket
    assert.equal((await api('PUT', `${W}/pipelines_config/ssh/key_pair`, {})).status, 400, 'empty body');
    assert.equal((await api('PUT', `${W}/pipelines_config/ssh/key_pair`, { public_key: PUB })).status, 400, 'no private key');
    assert.equal((await api('PUT', `${W}/pipelines_config/ssh/key_pair`, { private_key: PRIV })).status, 400, 'no public key');
    assert.equal((await api('PUT', `${W}/pipelines_config/ssh/key_pair`, { private_key: PUB, public_key: PUB })).status, 400, 'not a private key');

    const refused = await run(['pipeline', 'ssh', 'key', 'delete']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    ok(await run(['pipeline', 'ssh', 'key', 'delete', '--yes']), 'delete');
    assert.equal((await api('GET', `${W}/pipelines_config/ssh/key_pair`)).status, 404);
    const again = await run(['pipeline', 'ssh', 'key', 'delete', '--yes']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /API_NOT_FOUND/);
  });

  test('pipeline ssh known-hosts list|add|view|edit|delete: by host name or UUID, fingerprints, 409 on a taken name', async () => {
    const scan = `# deploy.example.com:22 SSH-2.0-OpenSSH_9.6\ndeploy.example.com ssh-ed25519 ${HOST_KEY}\n`;
    const dry = await run(['pipeline', 'ssh', 'known-hosts', 'add', 'deploy.example.com', '--dry-run'], { input: scan });
    ok(dry, 'add --dry-run');
    assert.match(dry.stdout, /\/pipelines_config\/ssh\/known_hosts\n/);
    assert.match(dry.stdout, /"key_type": ?"ssh-ed25519"/);

    const add = await run(['pipeline', 'ssh', 'known-hosts', 'add', 'deploy.example.com'], { input: scan });
    ok(add, 'add (ssh-keyscan output on stdin)');
    const uuid = add.stdout.trim();
    assert.match(uuid, UUID);
    assert.match(add.stderr, /^✓ Added known host deploy\.example\.com \(SHA256:[A-Za-z0-9+/]{43}\)\n$/);
    const keyFile = join(dir, 'git.pub');
    await writeFile(keyFile, `ssh-ed25519 ${HOST_KEY} root@git\n`);
    ok(await run(['pipeline', 'ssh', 'known-hosts', 'add', 'git.example.com:2222', '--key-file', keyFile]), 'add --key-file');

    const dup = await run(['pipeline', 'ssh', 'known-hosts', 'add', 'deploy.example.com', '--key-file', keyFile]);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /^error \d+ API_CONFLICT: /);
    const badHost = await run(['pipeline', 'ssh', 'known-hosts', 'add', 'not a host', '--key-file', keyFile]);
    assert.equal(badHost.code, 2);
    assert.match(badHost.stderr, /^error 5002 INVALID_ARGUMENT: "not a host" is not a host name/);
    const noKey = await run(['pipeline', 'ssh', 'known-hosts', 'add', 'x.example.com'], { input: 'hello\n' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /^error 5002 INVALID_ARGUMENT: no SSH public key found/);

    const l = await run(['pipeline', 'ssh', 'known-hosts', 'list', '--json', 'hostname,keyType,key']);
    ok(l, 'list');
    assert.deepEqual(JSON.parse(l.stdout), [
      { hostname: 'deploy.example.com', keyType: 'ssh-ed25519', key: HOST_KEY },
      { hostname: 'git.example.com:2222', keyType: 'ssh-ed25519', key: HOST_KEY },
    ]);
    const byName = await run(['pipeline', 'ssh', 'known-hosts', 'view', 'deploy.example.com', '--json', 'uuid,md5Fingerprint,sha256Fingerprint']);
    ok(byName, 'view by name');
    const vj = JSON.parse(byName.stdout);
    assert.equal(vj.uuid, uuid);
    assert.match(vj.md5Fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const byUuid = await run(['pipeline', 'ssh', 'known-hosts', 'view', uuid]);
    ok(byUuid, 'view by uuid');
    assert.match(byUuid.stdout, /^host:\tdeploy\.example\.com\nuuid:\t\{/);
    const missing = await run(['pipeline', 'ssh', 'known-hosts', 'view', 'nowhere.example.com']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error 2002 API_NOT_FOUND: acme\/web has no known host nowhere\.example\.com/);

    const e = await run(['pipeline', 'ssh', 'known-hosts', 'edit', 'deploy.example.com', '--hostname', 'deploy.example.com:2200']);
    ok(e, 'edit --hostname');
    assert.equal(e.stderr, '✓ Updated known host deploy.example.com:2200\n');
    const clash = await run(['pipeline', 'ssh', 'known-hosts', 'edit', uuid, '--hostname', 'git.example.com:2222']);
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /API_CONFLICT/);
    const nothing = await run(['pipeline', 'ssh', 'known-hosts', 'edit', uuid]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^error 5001 USAGE: nothing to change/);
    assert.equal((await api('PUT', `${W}/pipelines_config/ssh/known_hosts/${encodeURIComponent(uuid)}`, {})).status, 400, 'empty body');
    assert.equal((await api('POST', `${W}/pipelines_config/ssh/known_hosts`, {})).status, 400, 'empty body');
    assert.equal((await api('POST', `${W}/pipelines_config/ssh/known_hosts`, { hostname: 'h.example.com' })).status, 400, 'no public key');
    assert.equal(
      (await api('POST', `${W}/pipelines_config/ssh/known_hosts`, { public_key: { key_type: 'ssh-ed25519', key: HOST_KEY } })).status,
      400,
      'no hostname',
    );

    const refused = await run(['pipeline', 'ssh', 'known-hosts', 'delete', 'deploy.example.com:2200']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error 5005 CONFIRMATION_REQUIRED: /);
    ok(await run(['pipeline', 'ssh', 'known-hosts', 'delete', 'deploy.example.com:2200', '--yes']), 'delete by name');
    ok(await run(['pipeline', 'ssh', 'known-hosts', 'delete', 'git.example.com:2222', '--yes']), 'delete');
    assert.equal((await api('GET', `${W}/pipelines_config/ssh/known_hosts`)).json.values.length, 0);
    const gone = await run(['pipeline', 'ssh', 'known-hosts', 'delete', uuid, '--yes']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /API_NOT_FOUND/);
  });
});
