/**
 * A fetch over `node:http`/`node:https`: what bb's transport (src/api/http.ts) uses when no proxy or extra CA
 * applies (network.ts). Node's own fetch (undici) costs a one-request command more than its request does:
 * loading undici's connection machinery and its WebAssembly HTTP parser is the largest item of a `bb pr list`
 * profile (bench/README.md). Node's http client is already part of Node's startup snapshot.
 *
 * It does what HttpTransport relies on, the way Node's fetch does it:
 * - method, headers (a Headers-like init), a body of string, ArrayBuffer(View), URLSearchParams, Blob or
 *   ReadableStream; a FormData (an upload) goes through Node's fetch, which knows its multipart length;
 * - redirects are answered as they are (`redirect: 'manual'`: the transport follows them itself); a request
 *   asking to follow them goes through Node's fetch;
 * - the AbortSignal: aborted before the answer, the promise rejects with the signal's reason; after it, the
 *   body fails with it;
 * - a failure before the answer rejects with `TypeError('fetch failed')` whose `cause` is Node's error
 *   (ECONNREFUSED, ECONNRESET, a TLS code), as undici's does; a body cut short fails its stream;
 * - `Accept-Encoding: gzip, deflate` unless the caller says otherwise, and the body decompressed;
 * - the answer's body is a web ReadableStream read on demand (the socket pauses while nobody reads);
 * - keep-alive agents with at most MAX_SOCKETS connections per origin; idle sockets never hold the process.
 */
import type { Agent, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/** Connections per origin: the page pool (PAGE_CONCURRENCY = 10) and a few more. */
export const MAX_SOCKETS = 16;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

async function loadModules() {
  const [http, https, zlib, stream] = await Promise.all([import('node:http'), import('node:https'), import('node:zlib'), import('node:stream')]);
  const agents: Record<string, Agent> = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  };
  return { http, https, zlib, stream, agents };
}
type Modules = Awaited<ReturnType<typeof loadModules>>;

export function nodeFetch(): typeof globalThis.fetch {
  let modules: Promise<Modules> | undefined;
  const send: typeof globalThis.fetch = async (input, init = {}) => {
    if (input instanceof Request) {
      // not what bb's transport passes; normalised once so that the rest reads one shape
      const request = new Request(input, init);
      return send(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ? await request.arrayBuffer() : undefined,
        redirect: request.redirect,
        signal: init.signal ?? request.signal,
      });
    }
    const body = init.body ?? undefined;
    if ((init.redirect !== undefined && init.redirect !== 'manual') || body instanceof FormData) return viaNodeFetch(input, init);
    modules ??= loadModules();
    const m = await modules;
    const url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) });
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();

    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of new Headers(init.headers)) headers[name] = value;
    headers['accept-encoding'] ??= 'gzip, deflate';
    let payload: Uint8Array | Readable | undefined;
    if (typeof body === 'string' || body instanceof URLSearchParams) {
      headers['content-type'] ??= typeof body === 'string' ? 'text/plain;charset=UTF-8' : 'application/x-www-form-urlencoded;charset=UTF-8';
      payload = Buffer.from(String(body), 'utf8');
    } else if (body instanceof ArrayBuffer) {
      payload = new Uint8Array(body);
    } else if (ArrayBuffer.isView(body)) {
      payload = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    } else if (body instanceof Blob) {
      if (body.type) headers['content-type'] ??= body.type;
      headers['content-length'] = String(body.size);
      payload = m.stream.Readable.fromWeb(body.stream() as import('node:stream/web').ReadableStream);
    } else if (body instanceof ReadableStream) {
      payload = m.stream.Readable.fromWeb(body as import('node:stream/web').ReadableStream);
    } else if (body != null) {
      return viaNodeFetch(input, init);
    }
    if (payload instanceof Uint8Array) headers['content-length'] = String(payload.byteLength);
    else if (payload === undefined && ['POST', 'PUT', 'PATCH'].includes(method)) headers['content-length'] = '0';

    const client = url.protocol === 'https:' ? m.https : m.http;
    return new Promise<Response>((resolve, reject) => {
      let answered = false;
      const req = client.request(url, { method, headers, agent: m.agents[url.protocol] });
      const onAbort = () => {
        const reason = signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
        if (!answered) reject(reason);
        req.destroy(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      req.once('error', (e) => {
        done();
        if (!answered) reject(new TypeError('fetch failed', { cause: e }));
      });
      req.once('response', (res: IncomingMessage) => {
        answered = true;
        let response: Response;
        try {
          response = toResponse(res, url, method, m, signal);
        } catch (e) {
          res.destroy();
          done();
          reject(new TypeError('fetch failed', { cause: e }));
          return;
        }
        m.stream.finished(res, () => done());
        resolve(response);
      });
      if (payload instanceof Uint8Array) req.end(payload);
      else if (payload) m.stream.pipeline(payload, req, () => {});
      else req.end();
    });
  };
  return send;
}

function toResponse(res: IncomingMessage, url: URL, method: string, m: Modules, signal: AbortSignal | undefined): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) throw new Error(`invalid status ${status}`);
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  let body: ReadableStream<Uint8Array> | null = null;
  if (method === 'HEAD' || NULL_BODY_STATUS.has(status)) {
    res.resume();
  } else {
    const coding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
    const inflate =
      coding === 'gzip' || coding === 'x-gzip'
        ? m.zlib.createGunzip({ flush: m.zlib.constants.Z_SYNC_FLUSH, finishFlush: m.zlib.constants.Z_SYNC_FLUSH })
        : coding === 'deflate'
          ? m.zlib.createInflate()
          : coding === 'br'
            ? m.zlib.createBrotliDecompress()
            : undefined;
    let source: Readable = res;
    if (inflate) {
      m.stream.pipeline(res, inflate, () => {});
      source = inflate;
    }
    body = webBody(source, res, m, signal);
  }
  let response: Response;
  try {
    response = new Response(body, { status, statusText: res.statusMessage ?? '', headers });
  } catch {
    response = new Response(body, { status, headers }); // a reason phrase the WHATWG class refuses: drop it
  }
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

/** A web stream over a Node stream, read on demand: the socket is paused while nobody reads. */
function webBody(source: Readable, res: IncomingMessage, m: Modules, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.pause();
        m.stream.finished(source, (e) => {
          if (settled) return;
          settled = true;
          if (e) controller.error(signal?.aborted ? signal.reason : new TypeError('terminated', { cause: e }));
          else controller.close();
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        settled = true;
        res.destroy();
        source.destroy();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Node's own fetch (undici), for what the adapter leaves to it; V8 kept to its baseline WebAssembly tier first (see http.ts). */
let wasmTierSet = false;
async function viaNodeFetch(input: Parameters<typeof fetch>[0], init: RequestInit): Promise<Response> {
  if (!wasmTierSet) {
    wasmTierSet = true;
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
  }
  return globalThis.fetch(input, init);
}
