import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reading requests and writing JSON answers: what both sandboxes' servers (Cloud and Data Center) do alike. */

/**
 * The request body, up to `limit` bytes. Rejects with `aborted` when the client is gone first (it gave up
 * while the latency ran: 'end' would never come), and with `too large` past the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new Error('aborted'));
    req.on('close', () => reject(new Error('aborted'))); // a no-op once 'end' resolved
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
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
