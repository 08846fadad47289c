import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Sandbox } from './handlers/types.js';
import { logReply, pipelineView, stepLog } from './model/pipelines.js';

/**
 * The second origin for step logs. Bitbucket answers a step log request with a 307 to a storage
 * host and clients must not send their Bitbucket credentials there. When redirects are on
 * (`POST /_sandbox/faults {"logRedirect":true}`), GET …/steps/{step}/log answers 307 to a signed,
 * expiring URL on this second loopback listener (another port). A request to it that carries an
 * Authorization header is refused (400, as storage hosts refuse a second auth mechanism) and
 * flagged in the request log (`origin: "logs"`, `authorization: true`), so tests can check that
 * the CLI strips credentials on a cross-origin redirect.
 */

export interface LogOriginLogEntry {
  method: string;
  path: string;
  operation: string | null;
  status: number;
  origin: 'logs';
  authorization: boolean;
}

const URL_TTL_MS = 10 * 60 * 1000;

export class LogOrigin {
  readonly server: Server;
  private readonly key = randomBytes(32);
  port = 0;
  /** Answer log requests with a 307 to this origin. */
  redirect = false;

  constructor(
    readonly sb: Sandbox,
    private readonly log: (entry: LogOriginLogEntry) => void,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.server.keepAliveTimeout = 2000;
    origins.set(sb, this);
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A signed URL for a step's log, valid for ten minutes. */
  signedUrl(pipelineUuid: string, stepUuid: string): string {
    const expires = String(this.sb.now().getTime() + URL_TTL_MS);
    const path = `/pipeline-logs/${encodeURIComponent(pipelineUuid)}/${encodeURIComponent(stepUuid)}`;
    const q = new URLSearchParams({ expires, signature: this.sign(path, expires) });
    return `${this.origin}${path}?${q.toString()}`;
  }

  private sign(path: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${expires}`).digest('hex');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const authorization = req.headers.authorization !== undefined;
    const done = (status: number) => this.log({ method, path: url.pathname, operation: null, status, origin: 'logs', authorization });
    const fail = (status: number, code: string, message: string) => {
      done(status);
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
      res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (method !== 'GET' && method !== 'HEAD') return fail(405, 'MethodNotAllowed', 'Only GET is allowed.');
    if (authorization) return fail(400, 'InvalidArgument', 'Only one auth mechanism allowed; the URL is already signed, do not send an Authorization header.');
    const m = /^\/pipeline-logs\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const expires = url.searchParams.get('expires') ?? '';
    const signature = url.searchParams.get('signature') ?? '';
    if (!m) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    const expected = Buffer.from(this.sign(url.pathname, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(403, 'SignatureDoesNotMatch', 'The request signature is not valid.');
    if (!(Number(expires) > this.sb.now().getTime())) return fail(403, 'AccessDenied', 'Request has expired.');
    const pipelineUuid = decodeURIComponent(m[1] as string);
    const stepUuid = decodeURIComponent(m[2] as string);
    const p = this.sb.store.data.pipelines[pipelineUuid];
    const view = p ? pipelineView(p, this.sb.now().getTime()).steps.find((s) => s.step.uuid === stepUuid) : undefined;
    if (!view) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    const reply = logReply(stepLog(view.step, view.progress), typeof req.headers.range === 'string' ? req.headers.range : undefined);
    done(reply.status);
    res.writeHead(reply.status, reply.headers);
    if (method === 'HEAD' || !reply.stream) {
      reply.stream?.destroy();
      res.end();
      return;
    }
    await pipeline(reply.stream, res).catch(() => {});
  }
}

const origins = new WeakMap<Sandbox, LogOrigin>();

/** The log origin the server started for this sandbox, if any. */
export function logOriginOf(sb: Sandbox): LogOrigin | undefined {
  return origins.get(sb);
}
