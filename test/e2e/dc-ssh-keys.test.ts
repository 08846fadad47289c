import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DcReady, type DcSandbox, startDcSandbox } from '../support/dc.js';

/**
 * ./bin/bb against `bb sandbox --kind dc`: the user's SSH keys (DELETE by id needs the global ADMIN permission,
 * as the DC spec states, and a token is capped at its user's permission).
 */
let sb: DcSandbox;
let ready: DcReady;
let dir: string;

before(async () => {
  sb = await startDcSandbox('bb-e2e-dc-ssh-keys-');
  ({ ready, dir } = sb);
  await sb.loginAsAdmin();
});

after(() => sb?.stop());

const bb: DcSandbox['bb'] = (args, opts) => sb.bb(args, opts);

/** A token minted by the sandbox's admin endpoint (never passed in argv: through BB_TOKEN). */
const mint = (req: Record<string, unknown>): Promise<string> => sb.mintToken(req);

/** An OpenSSH public key: ssh-keygen's when it is installed, else a fixed one. */
function publicKey(): string {
  const file = join(dir, 'id_e2e');
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@sandbox', '-f', file], { stdio: 'ignore' });
    if (existsSync(`${file}.pub`)) return readFileSync(`${file}.pub`, 'utf8').trim();
  } catch {
    // no ssh-keygen: the fixture below
  }
  const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOdcFixtureKeyForTheDcEndToEndTestOnly000000 e2e@sandbox';
  writeFileSync(`${file}.pub`, `${pub}\n`);
  return pub;
}

test('Data Center SSH keys: add (a key from ssh-keygen), list, delete (global ADMIN), and the cap for a user without it', async () => {
  const pub = publicKey();
  const env = { BB_HOST: ready.url };
  let r = await bb(['ssh-key', 'add', '--key-file', join(dir, 'id_e2e.pub'), '--label', 'e2e laptop', '--json', 'id,label,key'], { env });
  assert.equal(r.code, 0, r.stderr);
  const key = JSON.parse(r.stdout) as { id: string; label: string; key: string };
  assert.match(key.id, /^\d+$/);
  assert.equal(key.label, 'e2e laptop');
  assert.equal(key.key, pub);

  // a private key is refused before any request
  r = await bb(['ssh-key', 'add', '--key-file', join(dir, 'id_e2e')], { env });
  if (existsSync(join(dir, 'id_e2e'))) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /that is a private key/);
  }

  r = await bb(['ssh-key', 'list', '--json', 'id,label'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ id: key.id, label: 'e2e laptop' }]);

  // dev: adds a key of their own with ACCOUNT_WRITE, but DELETE /ssh/latest/keys/{keyId} needs ADMIN, which dev lacks:
  // an OAuth 2.0 token with ADMIN_WRITE is capped at dev's own permission
  const devEnv = (token: string) => ({ BB_HOST: ready.url, BB_TOKEN: token, BB_CONFIG_DIR: join(dir, 'dev-ssh') });
  const devAdd = await mint({ user: 'dev', scope: 'ACCOUNT_WRITE' });
  r = await bb(['ssh-key', 'add', '--label', 'dev'], { env: devEnv(devAdd), stdin: pub.replace('e2e@sandbox', 'dev@sandbox') });
  assert.equal(r.code, 0, r.stderr);
  const devKey = r.stdout.trim();
  const devAdmin = await mint({ user: 'dev', scope: 'ADMIN_WRITE' });
  r = await bb(['ssh-key', 'delete', devKey, '--yes'], { env: devEnv(devAdmin) });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: DELETE \/ssh\/latest\/keys\/\{keyId\} needs ADMIN permission/m);
  assert.match(r.stderr, /OAuth 2\.0 scope ADMIN_WRITE/);
  assert.match(r.stderr, /never exceeds your own permission/);
  assert.ok(!r.stderr.includes(devAdmin));

  // bb scopes --dc says the same
  r = await bb(['scopes', '--dc', '--json', 'ssh-key delete']);
  const needs = JSON.parse(r.stdout) as {
    oauthScopes: string[];
    accessToken: { usable: boolean };
    commands: Array<{ operations: Array<{ permission: string }> }>;
  };
  assert.deepEqual(needs.oauthScopes, ['ADMIN_WRITE']);
  assert.equal(needs.accessToken.usable, false);
  assert.equal(needs.commands[0]?.operations[0]?.permission, 'ADMIN');

  // admin (SYS_ADMIN, password) deletes
  r = await bb(['ssh-key', 'delete', key.id], { env });
  assert.equal(r.code, 2, 'no --yes, no terminal');
  r = await bb(['ssh-key', 'delete', key.id, '--yes'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`✓ Removed SSH key ${key.id}`));
  r = await bb(['ssh-key', 'list', '--json', 'id'], { env });
  assert.deepEqual(JSON.parse(r.stdout), []);
});
