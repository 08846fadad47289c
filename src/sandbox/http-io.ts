import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reading requests and writing JSON answers: what both sandboxes' servers (Cloud and Data Center) do alike. */

/** Past this many bytes a request is not drained any more (its socket is destroyed): nobody sends that much by mistake. */
const DRAIN_LIMIT = 1024 * 1024 * 1024;

/**
 * The request body, up to `limit` bytes. Rejects with `aborted` when the client is gone first (it gave up
 * while the latency ran: 'end' would never come), and with `too large` past the limit — after reading (and
 * dropping) the rest of the body, so the caller can still answer 413 on the same connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new Error('aborted'));
    req.on('close', () => reject(new Error('aborted'))); // a no-op once 'end' resolved
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > DRAIN_LIMIT) {
      reject(new Error('too large')); // answered 413 with `Connection: close`, never read
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      if (size > limit) {
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(new Error('too large')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** A JSON answer with its length; `contentType` as the server being imitated spells it. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d+))?$/i;
const LOOPBACK_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d+))?$/i;

/**
 * Why an admin request (which needs no credentials: it mints tokens) is refused, or undefined. A web page must
 * not reach it: by DNS rebinding (a Host that is not this loopback address and port), from another origin (a
 * browser's Origin), or by a blind form POST (a form cannot send application/json without a CORS preflight).
 */
export function adminRefusal(req: IncomingMessage, port: number): { status: number; message: string } | undefined {
  const host = String(req.headers.host ?? '');
  const h = LOOPBACK_HOST.exec(host);
  if (!h || (h[1] !== undefined && Number(h[1]) !== port))
    return { status: 403, message: `the admin endpoints answer only on 127.0.0.1:${port} or localhost:${port} (Host: ${host.slice(0, 100)})` };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const o = LOOPBACK_ORIGIN.exec(origin);
    if (!o || Number(o[1] ?? 80) !== port) return { status: 403, message: `the admin endpoints refuse requests from another origin (${origin.slice(0, 100)})` };
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !/^application\/json\s*(?:;|$)/i.test(String(req.headers['content-type'] ?? '')))
    return { status: 415, message: 'admin requests that change something must say Content-Type: application/json' };
  return undefined;
}
