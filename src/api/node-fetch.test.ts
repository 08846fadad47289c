import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { BbError } from '../core/errors.js';
import { HttpTransport } from './http.js';
import { nodeFetch } from './node-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const fetch = nodeFetch();
const transport = (timeoutMs = 2000, url = base) => new HttpTransport({ baseUrl: url, fetch, userAgent: 'bb/test', timeoutMs, maxRetries: 0 });

test('a request: method, headers, body, and the answer as the WHATWG classes give it', async () => {
  let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
  handler = (req, res, body) => {
    seen = { method: req.method, headers: req.headers, body: body.toString() };
    res.writeHead(201, 'Made', [
      ['Content-Type', 'application/json'],
      ['X-Two', 'a'],
      ['X-Two', 'b'],
    ]);
    res.end('{"ok":true}');
  };
  const r = await fetch(`${base}/x?y=1`, {
    method: 'post',
    headers: { 'X-Thing': 'v', 'Content-Type': 'application/json' },
    body: '{"a":1}',
    redirect: 'manual',
  });
  assert.equal(r.status, 201);
  assert.equal(r.statusText, 'Made');
  assert.equal(r.ok, true);
  assert.equal(r.url, `${base}/x?y=1`);
  assert.equal(r.headers.get('x-two'), 'a, b');
  assert.deepEqual(await r.json(), { ok: true });
  assert.equal(seen.method, 'POST');
  assert.equal(seen.body, '{"a":1}');
  assert.equal(seen.headers?.['x-thing'], 'v');
  assert.equal(seen.headers?.['content-length'], '7');
  assert.equal(seen.headers?.['accept-encoding'], 'gzip, deflate', 'asks for compression, as Node fetch does');
  // an ArrayBuffer and a Blob
  await fetch(`${base}/`, { method: 'PUT', body: new TextEncoder().encode('bytes').buffer as ArrayBuffer });
  assert.equal(seen.body, 'bytes');
  await fetch(`${base}/`, { method: 'PUT', body: new Blob(['a blob'], { type: 'text/x-thing' }) });
  assert.equal(seen.body, 'a blob');
  assert.equal(seen.headers?.['content-type'], 'text/x-thing');
  assert.equal(seen.headers?.['content-length'], '6');
  // a stream, sent chunked
  await fetch(`${base}/`, {
    method: 'POST',
    body: new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('str'));
        c.enqueue(new TextEncoder().encode('eam'));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.equal(seen.body, 'stream');
  assert.equal(seen.headers?.['transfer-encoding'], 'chunked');
});

test('redirects are answered as they are (the transport follows them by hand)', async () => {
  handler = (req, res) => {
    if (req.url === '/from') {
      res.writeHead(302, { Location: '/to' });
      res.end('moved');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`at ${req.url}`);
  };
  const r = await fetch(`${base}/from`, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/to');
  await r.body?.cancel();
  // through the transport: followed, once
  const t = transport();
  const followed = await t.send(new Request(`${base}/from`), { raw: true });
  assert.equal(await followed.text(), 'at /to');
});

test('null-body answers (204, HEAD) have no body', async () => {
  handler = (req, res) => {
    res.writeHead(req.method === 'HEAD' ? 200 : 204, { 'Content-Length': req.method === 'HEAD' ? '5' : '0' });
    res.end();
  };
  assert.equal((await fetch(`${base}/`, { method: 'DELETE' })).body, null);
  assert.equal((await fetch(`${base}/`, { method: 'HEAD' })).body, null);
});

test('a gzip answer is decompressed; the body streams before the server ends it', async () => {
  handler = (req, res) => {
    if (req.url === '/gz') {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
      res.end(gzipSync('{"zipped":true}'));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first ');
    // the rest only once the client has read the first chunk
    req.socket.once('data', () => {}); // keep the socket alive
    setTimeout(() => res.end('second'), 300);
  };
  assert.deepEqual(await (await fetch(`${base}/gz`)).json(), { zipped: true });
  const r = await fetch(`${base}/stream`);
  const reader = (r.body as ReadableStream<Uint8Array>).getReader();
  const t0 = Date.now();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), 'first ');
  assert.ok(Date.now() - t0 < 250, 'the first chunk arrives before the server ends the answer');
  let rest = '';
  for (let c = await reader.read(); !c.done; c = await reader.read()) rest += new TextDecoder().decode(c.value);
  assert.equal(rest, 'second');
});

test('a large body arrives whole; the transport reads it and its size limit still applies', async () => {
  const big = Buffer.alloc(12 * 1024 * 1024, 'x');
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(big);
  };
  const buf = new Uint8Array(await (await fetch(`${base}/big`)).arrayBuffer());
  assert.equal(buf.byteLength, big.byteLength);
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`[${'1,'.repeat(600_000)}1]`);
  };
  const t = new HttpTransport({ baseUrl: base, fetch, userAgent: 'bb/test', maxRetries: 0, maxAnswerBytes: 1024 * 1024 });
  await assert.rejects(t.send(new Request(`${base}/page`)), (e: BbError) => e.errorName === 'API_BAD_RESPONSE');
});

test('abort: before the answer the promise rejects with the reason; after it the body fails', async () => {
  handler = (req, res) => {
    if (req.url === '/slow') return; // never answers
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('part'); // and never ends
  };
  const early = new AbortController();
  const pending = fetch(`${base}/slow`, { signal: early.signal });
  setTimeout(() => early.abort(new DOMException('timed out', 'TimeoutError')), 50);
  await assert.rejects(pending, (e: Error) => e.name === 'TimeoutError');
  await assert.rejects(fetch(`${base}/slow`, { signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');

  const late = new AbortController();
  const r = await fetch(`${base}/part`, { signal: late.signal });
  const reader = (r.body as ReadableStream<Uint8Array>).getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), 'part');
  late.abort(new DOMException('gone', 'AbortError'));
  await assert.rejects(reader.read(), (e: Error) => e.name === 'AbortError');

  // through the transport: its timeouts (headers, then silence in the body) are BbError TIMEOUT
  await assert.rejects(transport(300).send(new Request(`${base}/slow`)), (e: BbError) => e.errorName === 'TIMEOUT');
  const silent = await transport(300).send(new Request(`${base}/part`), { raw: true });
  await assert.rejects(silent.text(), (e: BbError) => e.errorName === 'TIMEOUT');
});

test('errors map to the same BbErrors: refused, reset, cut short', async () => {
  // connection refused: a port nobody listens on
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  await assert.rejects(
    fetch(`http://127.0.0.1:${port}/`),
    (e: Error & { cause?: { code?: string } }) => e instanceof TypeError && e.cause?.code === 'ECONNREFUSED',
  );
  await assert.rejects(transport(2000, `http://127.0.0.1:${port}`).send(new Request(`http://127.0.0.1:${port}/x`)), (e: BbError) => {
    assert.equal(e.errorName, 'NETWORK_ERROR');
    assert.match(e.message, /ECONNREFUSED/);
    return true;
  });
  // reset before any answer
  handler = (req) => req.socket.destroy();
  await assert.rejects(fetch(`${base}/reset`), (e: Error & { cause?: { code?: string } }) => e instanceof TypeError && e.cause?.code === 'ECONNRESET');
  await assert.rejects(transport().send(new Request(`${base}/reset`)), (e: BbError) => e.errorName === 'NETWORK_ERROR');
  // a JSON answer cut halfway (Content-Length says more): the transport's NETWORK_ERROR
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    res.write('{"values": [');
    setTimeout(() => res.socket?.destroy(), 20);
  };
  await assert.rejects(transport().send(new Request(`${base}/cut`)), (e: BbError) => e.errorName === 'NETWORK_ERROR' && /dropped/.test(e.message));
});

test('TLS: a certificate no trusted CA signed is a NETWORK_ERROR naming BB_CA_FILE, never retried', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-node-fetch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'],
      { stdio: 'ignore' },
    );
  } catch {
    t.skip('no openssl');
    return;
  }
  let requests = 0;
  const tls = createHttpsServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  t.after(() => tls.close());
  const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  await assert.rejects(fetch(`${url}/`), (e: Error & { cause?: { code?: string } }) => e instanceof TypeError && /SELF_SIGNED|CERT/.test(e.cause?.code ?? ''));
  const http = new HttpTransport({ baseUrl: url, fetch, userAgent: 'bb/test', maxRetries: 3, sleep: async () => {} });
  await assert.rejects(http.send(new Request(`${url}/x`)), (e: BbError) => {
    assert.equal(e.errorName, 'NETWORK_ERROR');
    assert.equal(e.details?.certificate, true);
    assert.match(e.hints.join(' '), /BB_CA_FILE/);
    return true;
  });
  assert.equal(requests, 0);
});

test('concurrent requests share a bounded pool of kept-alive sockets', async () => {
  const sockets = new Set<unknown>();
  handler = (req, res) => {
    sockets.add(req.socket);
    setTimeout(() => res.end('ok'), 20);
  };
  await Promise.all(Array.from({ length: 40 }, () => fetch(`${base}/p`).then((r) => r.text())));
  assert.ok(sockets.size <= 16, `${sockets.size} sockets`);
  const before = sockets.size;
  await (await fetch(`${base}/p`)).text();
  assert.equal(sockets.size, before, 'a later request reuses a kept-alive socket');
});
