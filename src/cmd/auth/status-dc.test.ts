/**
 * `bb auth status` with Data Center hosts, in-process against the DC sandbox: every stored host is shown (Cloud and
 * each DC instance) with its kind, user (from the DC user lookup `auth login --hostname` uses), token kind and where
 * it is stored; a failing DC login exits 4.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DcSandboxHandle } from '../../sandbox/dc/index.js';
import { startSandbox } from '../../sandbox/index.js';
import { runBb, tempDir } from '../../../test/support/run.js';

describe('auth status with Data Center hosts', () => {
  let h: DcSandboxHandle;
  let host: string;
  before(async () => {
    h = await startSandbox({ kind: 'dc' });
    host = new URL(h.url).host;
  });
  after(() => h.close());

  /** The real fetch for the DC sandbox; Cloud's GET /user answered here (the only Cloud request auth status makes). */
  const fetchBoth: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    if (new URL(req.url).host === new URL(h.url).host) return globalThis.fetch(req);
    assert.equal(`${req.method} ${new URL(req.url).pathname}`, 'GET /2.0/user', `unexpected Cloud request ${req.method} ${req.url}`);
    return new Response(JSON.stringify({ display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u-1}' }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  test('DC logins (Basic and Bearer) next to a Cloud one: host, kind, user, token kind, storage', async () => {
    const configDir = tempDir('bb-status-dc-');
    const run = (argv: string[], stdin?: string, env: Record<string, string> = {}) => runBb(argv, { configDir, fetch: fetchBoth, stdin, env });
    let r = await run(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], 'admin\n');
    assert.equal(r.code, 0, r.stderr);
    const token = h.store.mintToken({ name: 'status', user: 'dev', kind: 'access', permissions: ['REPO_READ'] }).token;
    r = await run(['auth', 'login', '--hostname', h.url, '--with-token', '--insecure-storage'], `${token}\n`);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['auth', 'login', '--email', 'ada@example.com', '--with-token', '--insecure-storage'], 'cloud-token\n');
    assert.equal(r.code, 0, r.stderr);

    r = await run(['auth', 'status']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^api\.bitbucket\.test\n {2}✓ Logged in as Ada Lovelace\n/m);
    assert.match(r.stderr, new RegExp(`^${host.replace(/\./g, '\\.')} \\(Bitbucket Data Center\\)$`, 'm'));
    assert.match(
      r.stderr,
      /✓ Logged in as Sandbox Admin \(inactive\)\n {4}- Token kind: username and password or personal access token \(Basic\)\n {4}- Stored in: .*hosts\.json/,
    );
    assert.match(r.stderr, /✓ Logged in as Dana Developer\n {4}- Token kind: HTTP access token \(Bearer\)/);
    assert.match(r.stderr, /Token permissions: not reported by Data Center/);
    assert.ok(!r.stderr.includes(token) && !r.stderr.includes('cloud-token'), 'no secret printed');

    r = await run(['auth', 'status', '--json', 'host,hostKind,account,user,kind,storage,active,valid']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        host: 'api.bitbucket.test',
        hostKind: 'cloud',
        account: 'ada@example.com',
        user: 'Ada Lovelace',
        kind: 'api-token',
        storage: 'file',
        active: true,
        valid: true,
      },
      { host, hostKind: 'dc', account: 'admin', user: 'Sandbox Admin', kind: 'api-token', storage: 'file', active: false, valid: true },
      { host, hostKind: 'dc', account: 'dev', user: 'Dana Developer', kind: 'access-token', storage: 'file', active: true, valid: true },
    ]);

    // --hostname: one host; BB_TOKEN with BB_HOST counts for that DC host
    r = await run(['auth', 'status', '--hostname', h.url, '--json', 'host,account']);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Array<{ host: string }>).map((e) => e.host),
      [host, host],
    );
    r = await run(['auth', 'status', '--hostname', host, '--json', 'account,user,storage,active'], undefined, { BB_HOST: h.url, BB_TOKEN: token });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout)[0], { account: 'BB_TOKEN', user: 'Dana Developer', storage: 'env', active: true });
  });

  test('BB_HOST naming a DC host: the Cloud login is still verified against the Cloud API, never the DC base URL', async () => {
    const configDir = tempDir('bb-status-dc-');
    const cloudRequests: string[] = [];
    const fetchStrict: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      if (new URL(req.url).host === new URL(h.url).host) {
        assert.doesNotMatch(new URL(req.url).pathname, /^\/user$|\/2\.0\//, 'a Cloud request sent to the DC host');
        assert.ok(
          !(req.headers.get('authorization') ?? '').includes(Buffer.from('ada@example.com:cloud-token').toString('base64')),
          'the Cloud token went to DC',
        );
        return globalThis.fetch(req);
      }
      cloudRequests.push(`${req.method} ${req.url}`);
      return new Response(JSON.stringify({ display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u-1}' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const run = (argv: string[], stdin?: string, env: Record<string, string> = {}) => runBb(argv, { configDir, fetch: fetchStrict, stdin, env });
    let r = await run(['auth', 'login', '--hostname', h.url, '--username', 'admin', '--with-token', '--insecure-storage'], 'admin\n');
    assert.equal(r.code, 0, r.stderr);
    r = await run(['auth', 'login', '--email', 'ada@example.com', '--with-token', '--insecure-storage', '--no-verify'], 'cloud-token\n');
    assert.equal(r.code, 0, r.stderr);

    r = await run(['auth', 'status', '--json', 'host,hostKind,user,valid'], undefined, { BB_HOST: h.url });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { host: 'api.bitbucket.test', hostKind: 'cloud', user: 'Ada Lovelace', valid: true },
      { host, hostKind: 'dc', user: 'Sandbox Admin', valid: true },
    ]);
    assert.deepEqual(cloudRequests, ['GET https://api.bitbucket.test/2.0/user']);
  });

  test('a DC login that no longer works: X with the problem, exit 4', async () => {
    const configDir = tempDir('bb-status-dc-');
    const { token, record } = h.store.mintToken({ name: 'doomed', user: 'dev', kind: 'access', permissions: ['REPO_READ'] });
    let r = await runBb(['auth', 'login', '--hostname', h.url, '--with-token', '--insecure-storage'], { configDir, fetch: globalThis.fetch, stdin: token });
    assert.equal(r.code, 0, r.stderr);
    for (const [k, t] of Object.entries(h.store.tokens)) if (t.id === record.id) delete h.store.tokens[k];
    r = await runBb(['auth', 'status'], { configDir, fetch: globalThis.fetch });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /\(Bitbucket Data Center\)\n {2}X Token for dev failed: .*rejected/);
    r = await runBb(['auth', 'status', '--hostname', 'nowhere.example.com'], { configDir, fetch: globalThis.fetch });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^error 1001 AUTH_REQUIRED: not logged in to nowhere\.example\.com/m);
  });
});
