import { DEFAULT_REQUEST_LOG_SIZE, RequestLog } from '../request-log.js';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DC_OPERATIONS } from '../../scopes/generated/dc-operations.js';
import { type FaultInjector, sendHalf } from '../faults.js';
import { serveGit } from '../git-http.js';
import { dcRefRules } from './handlers/branch-permissions.js';
import { adminRefusal, readBody, sendJson as sendJsonAs } from '../http-io.js';
import { Router } from '../router.js';
import { DcApiError, type DcContextWithLevels, type DcTextReply } from './handlers/context.js';
import { DC_ROUTES } from './handlers/index.js';
import { DC_EXTRA_OPERATIONS, DC_EXTRA_ROUTES } from './handlers/search.js';
import { level } from './permissions.js';
import { type DcProject, type DcRepo, type DcStore, type DcToken, type DcUser, decide, hashToken } from './model.js';

/**
 * The Data Center sandbox server. On one loopback port:
 *   /rest/…                 the API, routed by the DC spec's path templates (DC_OPERATIONS) → credentials → the
 *                           operation's permission, capped by the user's own → handler
 *   /scm/{project}/{repo}.git  git smart HTTP (`git http-backend`), read needs REPO_READ, push REPO_WRITE (capped)
 *   /_sandbox/…             admin (no credentials, never faulted or delayed): mint tokens, request log, faults
 * Errors use DC's envelope {"errors":[{"context":null,"message","exceptionName"}]}. Faults (src/sandbox/faults.ts)
 * apply to /rest only; latency delays /rest and /scm. After every successful write the store is saved (a no-op
 * without --state); git pushes change only git data, never the store.
 */

const AUTHZ = 'com.atlassian.bitbucket.AuthorisationException';
const MSG_FORBIDDEN = 'You are not permitted to access this resource';
const MSG_AUTH = 'Authentication failed. Please check your credentials and try again.';
const INJECTED = 'com.atlassian.bitbucket.sandbox.InjectedFaultException';

export interface DcRequestLogEntry {
  method: string;
  path: string;
  operation: string | null;
  /** 0: the connection was reset before the request ran (`reset` fault). */
  status: number;
  /** Who the credential authenticated (the user's slug); absent when none did. */
  user?: string;
  /** `reset-after` fault: the request ran (with this status) and its answer was dropped. */
  resetAfter?: boolean;
  /** `truncate` / `stall` fault: the request ran, and half its JSON answer was sent before the connection dropped / went silent. */
  cut?: 'truncate' | 'stall';
}

interface Principal {
  user: DcUser;
  token?: DcToken;
}

export class DcSandboxServer {
  readonly server: Server;
  /** The request log (`GET /_sandbox/requests`): the last entries only, as the Cloud sandbox's (request-log.ts). */
  readonly requests: RequestLog<DcRequestLogEntry>;
  private readonly router = new Router(Object.keys(DC_OPERATIONS));
  /** What Data Center serves beside its spec (code search: handlers/search.ts), permission-checked the same way. */
  private readonly extraRouter = new Router(Object.keys(DC_EXTRA_OPERATIONS));
  /** Requests still running: close() waits for them, so their writes are saved before it returns. */
  private readonly pending = new Set<Promise<unknown>>();
  base = 'http://127.0.0.1';
  now: () => number = () => Date.now();

  constructor(
    readonly store: DcStore,
    readonly faults: FaultInjector,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly responseLog?: string,
    requestLogSize: number = DEFAULT_REQUEST_LOG_SIZE,
  ) {
    this.requests = new RequestLog(requestLogSize);
    this.server = createServer((req, res) => {
      const p = this.handle(req, res).catch((e) => {
        this.onError(e);
        // the cause goes to onError (the sandbox's stderr), never to the client: it may name the state directory
        if (!res.headersSent) sendErrors(res, 500, 'Internal sandbox error: see the sandbox log', 'java.lang.RuntimeException', { Connection: 'close' });
        else res.destroy();
      });
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
    this.server.keepAliveTimeout = 2000;
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const p = (this.server.address() as AddressInfo).port;
        this.base = `http://127.0.0.1:${p}`;
        resolve(p);
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await Promise.allSettled([...this.pending]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_sandbox')) return this.admin(req, res, url);
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
    if (url.pathname.startsWith('/rest/')) return this.api(req, res, url);
    const git = /^\/scm\/([^/]+)\/([^/]+?)\.git(\/.*)?$/.exec(url.pathname);
    if (git) return this.git(req, res, url, git[1] as string, git[2] as string, git[3] ?? '/');
    sendErrors(res, 404, `${url.pathname} is not a sandbox URL; the API is under /rest`, 'com.atlassian.bitbucket.NoSuchEntityException');
  }

  /**
   * Data Center serves every REST family under its version (`/rest/api/1.0/…`, `/rest/build-status/1.0/…`) and
   * under `latest` alike; the spec names one of the two (mostly `latest`, `secrets` `1.0`): try the other.
   */
  private route(method: string, path: string): ReturnType<Router['match']> {
    const match = this.specRoute(method, path);
    if (match && 'params' in match) return match;
    const v = /^(\/[^/]+\/)(1\.0|latest)(\/.*)?$/.exec(path);
    const extra = this.extraRouter.match(method, v ? `${v[1]}latest${v[3] ?? ''}` : path);
    return extra && ('params' in extra || !match) ? extra : match;
  }

  private specRoute(method: string, path: string): ReturnType<Router['match']> {
    const match = this.router.match(method, path);
    if (match && 'params' in match) return match;
    // `…/pull-requests/{id}/diff` with no path: the whole diff (the spec only names `diff/{path}`)
    if (method === 'GET' && /\/pull-requests\/[^/]+\/diff$/.test(path)) {
      const whole = this.specRoute(method, `${path}/-`);
      if (whole && 'params' in whole) return { operation: whole.operation, params: { ...whole.params, path: '' } };
    }
    const v = /^(\/[^/]+\/)(1\.0|latest)(\/.*)?$/.exec(path);
    if (!v) return match;
    const other = this.router.match(method, `${v[1]}${v[2] === 'latest' ? '1.0' : 'latest'}${v[3] ?? ''}`);
    return other && ('params' in other || !match) ? other : match;
  }

  /** Basic user:password (or user:token), or Bearer token. undefined: anonymous; null: bad credentials. */
  private authenticate(header: string | undefined): Principal | undefined | null {
    if (!header) return undefined;
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') {
      const token = this.store.token(value);
      const user = token ? this.store.users[token.user] : undefined;
      return token && user ? { user, token } : null;
    }
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      const user = this.store.users[decoded.slice(0, colon)];
      const secret = decoded.slice(colon + 1);
      if (!user) return null;
      if (secret === user.password) return { user };
      // Personal tokens work as the password; project and repository tokens only as Bearer (DC docs).
      const token = this.store.tokens[hashToken(secret)];
      if (token && token.user === user.slug && token.project === undefined && token.repo === undefined) return { user, token };
      return null;
    }
    return null;
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice('/rest'.length).replace(/\/+$/, '');
    const match = this.route(method, path);
    const operation = match && 'params' in match ? match.operation : null;
    let user: string | undefined;
    const log = (status: number, extra: Partial<DcRequestLogEntry> = {}) =>
      this.requests.push({ method, path: url.pathname, operation, status, ...(user ? { user } : {}), ...extra });
    // one draw per request, before anything runs; `reset-after`, `truncate` and `stall` act on the handler's answer
    const fault = this.faults.draw();
    if (fault === 'reset') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'number') {
      log(fault);
      if (fault === 429) return sendErrors(res, 429, 'Rate limit for this resource has been exceeded', INJECTED, { 'Retry-After': '1' });
      return sendErrors(res, fault, 'Injected fault (bb sandbox --faults)', INJECTED);
    }
    if (!match) {
      log(404);
      return sendErrors(res, 404, `No Bitbucket Data Center operation matches ${method} ${url.pathname}`, 'com.atlassian.bitbucket.NoSuchEntityException');
    }
    if (!('params' in match)) {
      log(405);
      return sendErrors(res, 405, `Method ${method} is not allowed; allowed: ${match.methods.join(', ')}`, 'javax.ws.rs.NotAllowedException');
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_API_BODY);
    } catch (e) {
      // the client gave up (a timeout during the latency): nobody to answer
      if ((e as Error).message === 'aborted') {
        log(0);
        return;
      }
      log(413);
      return sendErrors(res, 413, `The request body is larger than ${MAX_API_BODY} bytes.`, 'com.atlassian.bitbucket.sandbox.RequestTooLargeException', {
        Connection: 'close',
      });
    }
    let body: Record<string, unknown> = {};
    const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : undefined;
    if (raw.length && !/^multipart\/form-data/i.test(contentType ?? '')) {
      try {
        const parsed = JSON.parse(raw.toString('utf8')) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        log(400);
        return sendErrors(res, 400, 'The request body is not valid JSON.', 'com.fasterxml.jackson.core.JsonParseException');
      }
    }
    const principal = this.authenticate(req.headers.authorization);
    user = principal?.user.slug;
    if (principal === null) {
      log(401);
      return sendErrors(res, 401, MSG_AUTH, 'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException', {
        'WWW-Authenticate': 'Basic realm="Bitbucket"',
      });
    }
    const entry = DC_OPERATIONS[match.operation] ?? DC_EXTRA_OPERATIONS[match.operation];
    const handler = DC_ROUTES[match.operation] ?? DC_EXTRA_ROUTES[match.operation];
    if (!entry || !handler) {
      log(501);
      return sendErrors(
        res,
        501,
        `Not implemented by the bb sandbox (Data Center): ${match.operation}`,
        'com.atlassian.bitbucket.sandbox.NotImplementedException',
      );
    }
    const params = match.params;
    const project = params.projectKey ? this.store.project(params.projectKey) : undefined;
    const repo = params.projectKey && params.repositorySlug ? this.store.repo(params.projectKey, params.repositorySlug) : undefined;
    const check = (op: string, res2: { project?: DcProject; repo?: DcRepo }, e = entry) => decide(this.store, principal?.user, principal?.token, op, e, res2);

    const missing = (params.repositorySlug !== undefined && !repo) || (params.projectKey !== undefined && !project);
    // A filtered list under one repository (its forks) filters what it lists, but the repository itself must be readable.
    const gate = entry.filter && repo && entry.on === 'repository' ? ({ p: 'REPO_READ', on: 'repository', src: 'stated' } as typeof entry) : entry;
    if ((!entry.filter || gate !== entry) && entry.p !== 'public' && !missing) {
      const d = check(match.operation, { project, repo }, gate);
      if (!d.ok) {
        if (!principal) {
          log(401);
          return sendErrors(res, 401, 'Authentication required to access this resource', AUTHZ, { 'WWW-Authenticate': 'Basic realm="Bitbucket"' });
        }
        // What the user cannot even see answers 404, as DC does; what they see but may not do, 403.
        const floor = entry.on === 'repository' ? level('REPO_READ') : entry.on === 'project' ? level('PROJECT_VIEW') : 0;
        if (floor && d.user < floor) {
          log(404);
          return sendErrors(
            res,
            404,
            `${entry.on === 'repository' ? 'Repository' : 'Project'} ${params.projectKey}${params.repositorySlug ? `/${params.repositorySlug}` : ''} does not exist.`,
            'com.atlassian.bitbucket.NoSuchEntityException',
          );
        }
        log(403);
        return sendErrors(res, 403, MSG_FORBIDDEN, AUTHZ);
      }
    }
    const c: DcContextWithLevels = {
      params,
      query: url.searchParams,
      body,
      rawBody: raw,
      contentType,
      hasBody: raw.length > 0,
      user: principal?.user,
      store: this.store,
      base: this.base,
      now: this.now,
      canSee: (p) => check('GET /api/latest/projects/{projectKey}', { project: p }, { p: 'PROJECT_VIEW', on: 'project', src: 'stated' }).ok,
      canRead: (r) =>
        check('GET /api/latest/projects/{projectKey}/repos/{repositorySlug}', { repo: r }, { p: 'REPO_READ', on: 'repository', src: 'stated' }).ok,
    };
    let reply: DcTextReply;
    try {
      reply = await handler(c);
    } catch (e) {
      if (!(e instanceof DcApiError)) throw e;
      if (fault === 'reset-after') return this.dropAnswer(req, log, e.status);
      log(e.status);
      this.recordResponse(match.operation, e.status, errorsBody(e.message, e.exceptionName));
      return sendErrors(res, e.status, e.message, e.exceptionName);
    }
    if (method !== 'GET' && method !== 'HEAD' && reply.status < 400) await this.store.save();
    if (fault === 'reset-after') return this.dropAnswer(req, log, reply.status);
    const cut = fault === 'truncate' || fault === 'stall' ? fault : undefined;
    log(reply.status, cut && reply.json !== undefined ? { cut } : {});
    // DC names the authenticated user on every answer
    const headers: Record<string, string> = principal ? { 'X-AUSERNAME': principal.user.slug } : {};
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain;charset=UTF-8', ...headers });
      res.end(reply.text);
      return;
    }
    if (reply.json === undefined) {
      // a bodyless answer (204) says so: Content-Length 0
      res.writeHead(reply.status, { 'Content-Length': '0', ...headers });
      res.end();
      return;
    }
    this.recordResponse(match.operation, reply.status, reply.json);
    if (cut) return sendHalf(req, res, reply.status, reply.json, { 'Content-Type': JSON_TYPE, ...headers }, cut);
    return sendJson(res, reply.status, reply.json, headers);
  }

  /** `responseLog`: one JSON line per JSON answer of a handler, for the conformance check of the test suite. */
  private recordResponse(operation: string, status: number, body: unknown): void {
    if (this.responseLog) appendFileSync(this.responseLog, `${JSON.stringify({ operation, status, body })}\n`);
  }

  /** The `reset-after` fault: the request ran (a write is applied and saved), then its answer is lost. */
  private dropAnswer(req: IncomingMessage, log: (status: number, extra: Partial<DcRequestLogEntry>) => void, status: number): void {
    log(status, { resetAfter: true });
    req.socket.destroy();
  }

  private async git(req: IncomingMessage, res: ServerResponse, url: URL, projectRaw: string, slugRaw: string, rest: string): Promise<void> {
    const repo = this.store.repo(decodeURIComponent(projectRaw), decodeURIComponent(slugRaw));
    const service = url.searchParams.get('service') ?? rest.replace(/^\//, '');
    const write = service === 'git-receive-pack';
    const principal = this.authenticate(req.headers.authorization);
    const challenge = () => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Bitbucket"', 'Content-Type': 'text/plain' });
      res.end('Authentication failed\n');
    };
    if (principal === null) return challenge();
    if (!repo) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Repository not found\n');
      return;
    }
    const op = write ? 'POST /git/push' : 'GET /git/fetch';
    const d = decide(this.store, principal?.user, principal?.token, op, { p: write ? 'REPO_WRITE' : 'REPO_READ', on: 'repository', src: 'stated' }, { repo });
    if (!d.ok) {
      if (!principal) return challenge();
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end(`${MSG_FORBIDDEN}: ${write ? 'pushing needs REPO_WRITE' : 'cloning needs REPO_READ'} (your permission, capped by the token's)\n`);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY);
    } catch (e) {
      if ((e as Error).message === 'aborted') return;
      res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end('Request body too large\n');
      return;
    }
    await serveGit(req, res, {
      projectRoot: this.store.gitRoot,
      pathInfo: `/${repo.id}.git${rest}`,
      query: url.search.replace(/^\?/, ''),
      remoteUser: principal?.user.slug ?? 'anonymous',
      body,
      ...(write && req.method === 'POST' ? { refRules: dcRefRules(this.store, repo, principal?.user) } : {}),
    });
  }

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    const refused = adminRefusal(req, (this.server.address() as AddressInfo).port);
    if (refused) return sendErrors(res, refused.status, refused.message);
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PUT') {
      const parsed = await readJsonObject(req);
      if (parsed === 'too large') return sendErrors(res, 413, 'the body is too large', undefined, { Connection: 'close' });
      if (!parsed) return sendErrors(res, 400, 'the body must be a JSON object');
      body = parsed;
    }
    switch (route) {
      case 'GET /_sandbox/requests':
        return sendJson(res, 200, this.requests.entries(), {
          'X-Sandbox-Requests-Dropped': String(this.requests.dropped),
          'X-Sandbox-Requests-Limit': String(this.requests.capacity),
        });
      case 'DELETE /_sandbox/requests':
        this.requests.clear();
        res.writeHead(204, { 'Content-Length': '0' });
        res.end();
        return;
      case 'POST /_sandbox/tokens':
        return this.mintToken(res, body);
      case 'GET /_sandbox/faults':
        return sendJson(res, 200, this.faults.describe());
      case 'POST /_sandbox/faults':
      case 'PUT /_sandbox/faults':
        try {
          this.faults.configure({
            faults: body.faults === undefined ? undefined : String(body.faults ?? ''),
            latencyMs: body.latency === undefined ? undefined : Number(body.latency),
            seed: body.seed === undefined ? undefined : Number(body.seed),
          });
        } catch (e) {
          return sendErrors(res, 400, (e as Error).message);
        }
        return sendJson(res, 200, this.faults.describe());
      default:
        return sendErrors(res, 404, `No admin endpoint ${route}`);
    }
  }

  /** `POST /_sandbox/tokens`: `{"user","permissions":[…]}` (HTTP access token, `"repo":"KEY/slug"` or `"project"` to bind it) or `{"user","scope"}` (OAuth 2.0). */
  private async mintToken(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const user = this.store.users[String(body.user ?? '')];
    if (!user) return sendErrors(res, 400, `no sandbox user "${String(body.user)}"`);
    const permissions = Array.isArray(body.permissions) ? (body.permissions as unknown[]).map(String) : [];
    const scope = typeof body.scope === 'string' ? body.scope : undefined;
    if (!scope && permissions.length === 0) return sendErrors(res, 400, 'give "permissions" (HTTP access token) or "scope" (OAuth 2.0)');
    const repo = typeof body.repo === 'string' ? this.store.repo(...(body.repo.split('/') as [string, string])) : undefined;
    const { token, record } = this.store.mintToken({
      name: String(body.name ?? 'sandbox token'),
      user: user.slug,
      kind: scope ? 'oauth' : 'access',
      permissions,
      ...(scope ? { scope } : {}),
      ...(repo ? { repo: repo.id, project: repo.project } : typeof body.project === 'string' ? { project: body.project.toUpperCase() } : {}),
    });
    await this.store.save();
    return sendJson(res, 201, { token, id: record.id, user: user.slug, kind: record.kind });
  }
}

const JSON_TYPE = 'application/json;charset=UTF-8';
/** git pushes up to this size. */
const MAX_BODY = 512 * 1024 * 1024;
/** REST request bodies up to this size (413 past it). */
const MAX_API_BODY = 16 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonAs(res, status, body, headers, JSON_TYPE);
}

/** DC's error envelope. */
function errorsBody(message: string, exceptionName?: string) {
  return { errors: [{ context: null, message, exceptionName: exceptionName ?? null }] };
}

export function sendErrors(res: ServerResponse, status: number, message: string, exceptionName?: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, errorsBody(message, exceptionName), headers);
}

/** An admin request's body: a JSON object ({} when empty), or undefined when it is anything else. */
async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | 'too large' | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 1024 * 1024);
  } catch {
    return 'too large';
  }
  if (raw.length === 0) return {};
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
