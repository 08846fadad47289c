/**
 * Proxies and private CAs: ./bin/bb against a TLS server whose certificate only a CA made here signs,
 * reached through a CONNECT proxy on 127.0.0.1 that records each tunnel's target. The server's name,
 * `bb.test`, does not resolve: only the proxy (which sends every tunnel to 127.0.0.1) can reach it, so an
 * answer proves the request went through the proxy. The CA and certificate are made at test time with
 * `openssl` (the suite is skipped, saying so, where there is none).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { STACK_TRACE } from '../support/e2e.js';
import { bb, startSandbox, type SandboxProcess, tempDir } from '../support/sandbox.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const NAME = 'bb.test';

describe('proxies and extra CAs (HTTPS_PROXY, NO_PROXY, BB_CA_FILE)', { skip: hasOpenssl() ? false : 'openssl is not installed' }, () => {
  let dir: string;
  let tlsServer: Server;
  let tlsPort: number;
  let proxy: Server;
  let proxyUrl: string;
  const tunnels: string[] = [];
  const plainProxied: string[] = [];
  const seen: Array<{ path: string; auth: string | undefined }> = [];
  const sockets = new Set<Socket>();
  let caFile: string;

  before(async () => {
    dir = tempDir('bb-proxy-');
    const f = (n: string) => join(dir, n);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=bb test CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${NAME}`);
    writeFileSync(f('ext.cnf'), `subjectAltName=DNS:${NAME}\n`);
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    caFile = f('ca.pem');

    tlsServer = createHttpsServer({ key: readFileSync(f('server.key')), cert: readFileSync(f('server.pem')) }, (req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'user', uuid: '{1}', username: 'proxied', display_name: 'Through The Proxy', account_id: '1' }));
    });
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    tlsPort = (tlsServer.address() as AddressInfo).port;

    proxy = createHttpServer((req, res) => {
      // a plain-http request through the proxy (absolute-form): recorded, refused
      plainProxied.push(req.url ?? '');
      res.writeHead(502).end();
    });
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      sockets.add(client);
      const port = Number((req.url ?? '').split(':').pop());
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end);
      client.on('error', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([new Promise((r) => tlsServer?.close(r)), new Promise((r) => proxy?.close(r))]);
    rmSync(dir, { recursive: true, force: true });
  });

  const apiUrl = () => `https://${NAME}:${tlsPort}/2.0`;
  const base = () => ({ BB_API_URL: apiUrl(), BB_EMAIL: 'me@example.com', BB_TOKEN: 'proxy-test-token', BB_CONFIG_DIR: dir, BB_HTTP_TIMEOUT: '5' });
  const clear = { HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

  test('HTTPS_PROXY + BB_CA_FILE: the request goes through the proxy (CONNECT bb.test:port) and the private CA is trusted', async () => {
    tunnels.length = 0;
    seen.length = 0;
    const r = await bb(['api', '/user'], { env: { ...clear, ...base(), HTTPS_PROXY: proxyUrl, BB_CA_FILE: caFile } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).display_name, 'Through The Proxy');
    assert.deepEqual(tunnels, [`${NAME}:${tlsPort}`]);
    // the credential went to the API inside the tunnel, never to the proxy
    assert.deepEqual(
      seen.map((s) => s.path),
      ['/2.0/user'],
    );
    assert.match(seen[0]?.auth ?? '', /^Basic /);
    assert.equal(r.stderr, '');
  });

  test('lowercase https_proxy, and NODE_EXTRA_CA_CERTS instead of BB_CA_FILE (Node reads it itself)', async () => {
    tunnels.length = 0;
    const r = await bb(['api', '/user'], { env: { ...clear, ...base(), https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: caFile } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).username, 'proxied');
    assert.deepEqual(tunnels, [`${NAME}:${tlsPort}`]);
  });

  test('without the CA the certificate is refused, with a hint naming BB_CA_FILE', async () => {
    tunnels.length = 0;
    const r = await bb(['api', '/user'], { env: { ...clear, ...base(), HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: undefined } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /7001 NETWORK_ERROR/);
    assert.match(r.stderr, /BB_CA_FILE/);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
    assert.ok(tunnels.length >= 1, 'the tunnel was opened through the proxy');
  });

  test('a BB_CA_FILE that cannot be read is a config error, not a network one', async () => {
    const r = await bb(['api', '/user'], { env: { ...clear, ...base(), BB_CA_FILE: join(dir, 'missing.pem') } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /4001 CONFIG_INVALID: BB_CA_FILE .*missing\.pem could not be read/);
  });

  test('NO_PROXY: a listed host goes direct (here: bb.test does not resolve), the proxy sees nothing', async () => {
    for (const noProxy of [NAME, '.test', `*.test`, '*', `${NAME}:${tlsPort}`]) {
      tunnels.length = 0;
      const r = await bb(['api', '/user'], { env: { ...clear, ...base(), HTTPS_PROXY: proxyUrl, NO_PROXY: noProxy, BB_CA_FILE: caFile } });
      assert.equal(r.code, 1, `${noProxy}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`cannot reach https://${NAME.replace('.', '\\.')}:${tlsPort}`));
      assert.deepEqual(tunnels, [], noProxy);
    }
    // another port, or another host, is still proxied
    for (const noProxy of [`${NAME}:1`, 'example.com', 'other.test']) {
      tunnels.length = 0;
      const r = await bb(['api', '/user'], { env: { ...clear, ...base(), HTTPS_PROXY: proxyUrl, no_proxy: noProxy, BB_CA_FILE: caFile } });
      assert.equal(r.code, 0, `${noProxy}: ${r.stderr}`);
      assert.deepEqual(tunnels, [`${NAME}:${tlsPort}`], noProxy);
    }
  });

  describe('loopback always goes direct', () => {
    let sandbox: SandboxProcess;
    before(async () => {
      sandbox = await startSandbox();
    });
    after(async () => {
      await sandbox?.stop();
    });

    test('HTTP_PROXY and HTTPS_PROXY are not used for the sandbox on 127.0.0.1', async () => {
      tunnels.length = 0;
      plainProxied.length = 0;
      const r = await bb(['repo', 'view', '-R', 'acme/web', '--json', 'fullName'], {
        env: { ...clear, ...sandbox.env(), HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).fullName, 'acme/web');
      assert.deepEqual(tunnels, []);
      assert.deepEqual(plainProxied, []);
    });
  });
});
