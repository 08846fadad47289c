import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { repositoryDenied } from './access.js';
import { pipeline } from 'node:stream/promises';
import { startTriggers } from './triggers.js';
import { emitPush, refSnapshot } from './events.js';
import { authenticate, checkGitScope, checkScopes, GIT_READ, GIT_WRITE, MSG_INVALID, MSG_SCOPES, scopeHeaders } from './auth.js';
import { type FaultInjector, sendHalf } from './faults.js';
import { serveGit } from './git-http.js';
import { cloudRefRules } from './model/branch-restrictions.js';
import { HANDLERS } from './handlers/index.js';
import { ApiError, type HandlerMap, type Reply, type Sandbox } from './handlers/types.js';
import { LogOrigin } from './log-origin.js';
import { adminOAuth, handleOAuth } from './oauth.js';
import { configureMerges, newPullRequest } from './model/pullrequests.js';
import { applyFields } from './query.js';
import { afterPush } from './repos.js';
import { Router } from './router.js';
import { DEFAULT_REQUEST_LOG_SIZE, RequestLog } from './request-log.js';
import { isAppPassword, MSG_APP_PASSWORD, RateLimiter, removedOperation } from './today.js';
import { redactSecrets, type TokenKind } from './state.js';
import { adminRefusal, readBody, sendJson } from './http-io.js';

/**
 * The sandbox's HTTP server. Three areas on one loopback port:
 *   /2.0/…                 the API: route by the spec → faults → credentials → scopes → handler
 *   /_sandbox/…            admin (no credentials, never faulted): tokens, request log, faults, state
 *   /{ws}/{repo}.git/…     git smart HTTP through `git http-backend`
 */

export interface RequestLogEntry {
  method: string;
  path: string;
  operation: string | null;
  status: number;
  /** `logs` for the second origin serving step logs (log-origin.ts), with whether an Authorization header came. */
  origin?: 'logs';
  authorization?: boolean;
  /** `reset-after` fault: the request ran (with this status) and its answer was dropped. */
  resetAfter?: boolean;
  /** `truncate` / `stall` fault: the request ran, and half its JSON answer was sent before the connection dropped / went silent. */
  cut?: 'truncate' | 'stall';
  /** Who the credential authenticated (the account's nickname); absent when none did. */
  user?: string;
}

const API_PREFIX = '/2.0';
const ADMIN_PREFIX = '/_sandbox';
const MAX_API_BODY = 16 * 1024 * 1024;
const MAX_ADMIN_BODY = 1024 * 1024;
const MAX_GIT_BODY = 1024 * 1024 * 1024;
const BODYLESS_TYPE = 'text/html; charset=utf-8';
const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const GRANULAR_RE = /^[a-z-]+:[a-z-]+:bitbucket$/;

export class SandboxServer {
  readonly server: Server;
  /** The request log (`GET /_sandbox/requests`): the last entries only (request-log.ts). */
  readonly requests: RequestLog<RequestLogEntry>;
  private readonly router = new Router();
  private readonly handlers: HandlerMap = HANDLERS;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly rateLimiter = new RateLimiter();
  /** The second loopback origin step logs redirect to (log-origin.ts). */
  readonly logOrigin: LogOrigin;

  constructor(
    readonly sb: Sandbox,
    readonly faults: FaultInjector,
    private readonly onError: (e: unknown) => void = () => {},
    requestLogSize: number = DEFAULT_REQUEST_LOG_SIZE,
    private readonly responseLog?: string,
  ) {
    this.requests = new RequestLog(requestLogSize);
    this.server = createServer((req, res) => {
      const p = this.handle(req, res).catch((e) => {
        this.onError(e);
        // the cause goes to onError (the sandbox's stderr), never to the client: it may name the state directory
        if (!res.headersSent) sendError(res, 500, 'Internal sandbox error', 'see the sandbox log', { Connection: 'close' });
        else res.destroy();
      });
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
    this.server.keepAliveTimeout = 2000;
    this.logOrigin = new LogOrigin(sb, (entry) => this.requests.push(entry));
    startTriggers(sb);
  }

  listen(port: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    }).then(async (p: number) => {
      await this.logOrigin.listen();
      return p;
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.logOrigin.close();
    await Promise.allSettled([...this.pending]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return this.admin(req, res, url);
    if (path.startsWith('/site/oauth2/')) return handleOAuth(this.sb, req, res, url);
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return this.api(req, res, url);
    const git = /^\/([^/]+)\/([^/]+?)\.git(\/.*)?$/.exec(path);
    if (git) return this.git(req, res, url, git[1] as string, git[2] as string, git[3] ?? '/');
    const page = /^\/([^/]+)\/([^/]+)\/?$/.exec(path);
    if (page && req.method === 'GET') return this.htmlPage(res, decodeSafe(page[1] as string), decodeSafe(page[2] as string));
    sendError(res, 404, 'Resource not found', `${path} is not a sandbox URL; the API is under ${API_PREFIX}`);
  }

  // ---------------- API ----------------

  /** The spec's templates, plus `src/{commit}/` with an empty path (a directory listing of the root). */
  private route(method: string, path: string): ReturnType<Router['match']> {
    const match = this.router.match(method, path);
    if (match && 'params' in match) return match;
    if (method === 'GET' && /^\/repositories\/[^/]+\/[^/]+\/src\/[^/]+$/.test(path)) {
      const root = this.router.match(method, `${path}/-`);
      if (root && 'params' in root) return { operation: root.operation, params: { ...root.params, path: '' } };
    }
    return match;
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
    const match = this.route(method, rawPath);
    const operation = match && 'params' in match ? match.operation : null;
    let user: string | undefined;
    const log = (status: number, extra: Partial<RequestLogEntry> = {}) =>
      this.requests.push({ method, path: url.pathname, operation, status, ...(user ? { user } : {}), ...extra });
    // `reset-after`: the request runs, then the answer is lost (logged with its real status, then `resetAfter`)
    let resetAfter = false;
    // `truncate` / `stall`: the request runs, then half of its JSON answer is sent (logged with `cut`)
    let cut: 'truncate' | 'stall' | undefined;

    const fault = this.faults.draw();
    if (fault === 'reset') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (fault === 'reset-after') resetAfter = true;
    else if (fault === 'truncate' || fault === 'stall') cut = fault;
    else if (typeof fault === 'number') {
      log(fault);
      const headers: Record<string, string> = fault === 429 ? { 'Retry-After': '1' } : {};
      return sendError(
        res,
        fault,
        fault === 429 ? 'Rate limit for this resource has been exceeded' : 'Injected fault (bb sandbox --faults)',
        undefined,
        headers,
      );
    }

    if (!match) {
      log(404);
      return sendError(res, 404, 'Resource not found', `no operation of the Bitbucket Cloud API matches ${method} ${API_PREFIX}${rawPath}`);
    }
    if (!('params' in match)) {
      log(405);
      return sendError(res, 405, `Method ${method} not allowed`, `allowed: ${match.methods.join(', ')}`, { Allow: match.methods.join(', ') });
    }

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, MAX_API_BODY);
    } catch (e) {
      if ((e as Error).message === 'aborted') {
        log(0);
        return;
      }
      log(413);
      return sendError(res, 413, 'Request body too large', `at most ${MAX_API_BODY} bytes`, { Connection: 'close' });
    }
    let body: unknown;
    const contentType = String(req.headers['content-type'] ?? '');
    // Bitbucket Cloud parses the body whenever the request says it is JSON: an empty one is a 400
    // (approve, decline, resolve, pipeline stop, default-reviewer PUT… succeed only with no
    // Content-Type at all, or with a JSON value).
    if (rawBody.length === 0 && JSON_TYPE.test(contentType) && (method === 'POST' || method === 'PUT' || method === 'PATCH')) {
      log(400);
      return sendError(res, 400, 'Bad request', 'the Content-Type is application/json but the request body is empty: send a JSON value, or no Content-Type');
    }
    if (rawBody.length > 0 && /json|^$/.test(contentType)) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        log(400);
        return sendError(res, 400, 'Bad request', 'the request body is not valid JSON');
      }
    }

    if (isAppPassword(req.headers.authorization)) {
      log(401);
      return sendError(res, 401, MSG_APP_PASSWORD, undefined, { 'WWW-Authenticate': 'Basic realm="Bitbucket.org HTTP"' });
    }
    const principal = authenticate(this.sb.store, req.headers.authorization);
    user = principal?.user.nickname;
    if (!principal) {
      log(401);
      return sendError(res, 401, MSG_INVALID, undefined, { 'WWW-Authenticate': 'Basic realm="Bitbucket.org HTTP"' });
    }
    for (const [name, value] of Object.entries(scopeHeaders(principal.token, match.operation))) res.setHeader(name, value);
    if (rawPath.startsWith('/repositories/')) {
      const rate = this.rateLimiter.take(principal.user.uuid, this.sb.settings.rateLimitPerHour, Date.now());
      res.setHeader('X-RateLimit-Limit', String(rate.limit));
      res.setHeader('X-RateLimit-Resource', 'api-repositories');
      res.setHeader('X-RateLimit-NearLimit', String(rate.nearLimit));
      if (rate.remaining < 0) {
        log(429);
        return sendError(res, 429, 'Rate limit for this resource has been exceeded', undefined, { 'Retry-After': String(rate.retryAfter) });
      }
    }
    const gone = removedOperation(match.operation, this.sb.settings);
    if (gone) {
      log(410);
      return sendError(res, 410, gone.message, gone.detail);
    }
    const scopes = checkScopes(principal.token, match.operation);
    if (!scopes.ok) {
      log(403);
      return sendJson(res, 403, { type: 'error', error: { message: MSG_SCOPES, detail: { required: scopes.required, granted: scopes.granted } } });
    }
    // the user's own permission on the repository (access.ts): a revoked user loses access
    const denied = repositoryDenied(this.sb.store, principal.user, match.operation, match.params);
    if (denied) {
      log(denied.status);
      return sendError(res, denied.status, denied.message);
    }

    const handler = this.handlers[match.operation];
    if (!handler) {
      log(501);
      return sendError(
        res,
        501,
        `Not implemented by the bb sandbox: ${match.operation}`,
        `operation "${match.operation}" is in the spec but has no sandbox handler`,
        {
          'X-Sandbox-Operation': match.operation,
        },
      );
    }

    // a write starts a new generation: reads cached before it are not served after it (read-cache.ts)
    if (method !== 'GET' && method !== 'HEAD') this.sb.store.touch();
    let reply: Reply;
    try {
      reply = await handler({
        operation: match.operation,
        method,
        params: match.params,
        query: url.searchParams,
        body,
        rawBody,
        headers: req.headers,
        user: principal.user,
        token: principal.token,
        sb: this.sb,
      });
    } catch (e) {
      if (method !== 'GET' && method !== 'HEAD') this.sb.sizes.changed();
      if (e instanceof ApiError) {
        if (resetAfter) {
          this.requests.push({ method, path: url.pathname, operation, status: e.status, resetAfter: true });
          req.socket.destroy();
          return;
        }
        log(e.status);
        const error = {
          type: 'error',
          error: { message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}), ...(e.fields ? { fields: e.fields } : {}) },
        };
        this.recordResponse(match.operation, e.status, error);
        return sendJson(res, e.status, error);
      }
      throw e;
    }
    // a write may have added git objects: repository sizes are computed afresh
    if (method !== 'GET' && method !== 'HEAD') this.sb.sizes.changed();
    if (method !== 'GET' && method !== 'HEAD' && reply.status < 400) await this.sb.store.save();
    if (!resetAfter) log(reply.status, cut && reply.json !== undefined ? { cut } : {});
    else {
      this.requests.push({ method, path: url.pathname, operation, status: reply.status, resetAfter: true });
      reply.stream?.destroy();
      req.socket.destroy();
      return;
    }
    if (reply.json !== undefined) {
      const fields = url.searchParams.get('fields');
      const payload = reply.status < 300 ? applyFields(reply.json, fields) : reply.json;
      this.recordResponse(match.operation, reply.status, payload, fields ?? undefined);
      if (cut) return sendHalf(req, res, reply.status, payload, reply.headers, cut);
      return sendJson(res, reply.status, payload, reply.headers);
    }
    if (reply.stream) {
      res.writeHead(reply.status, { ...(reply.contentType ? { 'Content-Type': reply.contentType } : {}), ...reply.headers });
      if (method === 'HEAD') {
        reply.stream.destroy();
        res.end();
        return;
      }
      await pipeline(reply.stream, res).catch(() => {});
      return;
    }
    if (reply.text === undefined) {
      // Bodyless answers (202 merge task, 204, 302 diff) carry what Bitbucket Cloud (Django) sends with an empty
      // body: a Content-Type (`text/html; charset=utf-8`, the framework's default) and `Content-Length: 0`.
      res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? BODYLESS_TYPE, 'Content-Length': '0', ...reply.headers });
      res.end();
      return;
    }
    const textBody = typeof reply.text === 'string' ? Buffer.from(reply.text, 'utf8') : reply.text;
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType ?? 'text/plain; charset=utf-8',
      ...(method === 'HEAD' ? {} : { 'Content-Length': String(textBody.length) }),
      ...reply.headers,
    });
    res.end(method === 'HEAD' ? undefined : textBody);
  }

  /** `responseLog`: one JSON line per JSON answer of a handler, for the conformance check of the test suite. */
  private recordResponse(operation: string, status: number, body: unknown, fields?: string): void {
    if (this.responseLog) appendFileSync(this.responseLog, `${JSON.stringify({ operation, status, ...(fields ? { fields } : {}), body })}\n`);
  }

  // ---------------- git ----------------

  private async git(req: IncomingMessage, res: ServerResponse, url: URL, wsRaw: string, slugRaw: string, rest: string): Promise<void> {
    const repo = this.sb.store.repository(decodeSafe(wsRaw), decodeSafe(slugRaw));
    if (!repo) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Repository not found\n');
      return;
    }
    const service = url.searchParams.get('service') ?? rest.replace(/^\//, '');
    const write = service === 'git-receive-pack';
    const principal = authenticate(this.sb.store, req.headers.authorization);
    if (!principal) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Bitbucket"', 'Content-Type': 'text/plain' });
      res.end(`${MSG_INVALID}\n`);
      return;
    }
    const check = checkGitScope(principal.token, write ? GIT_WRITE : GIT_READ);
    if (!check.ok) {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end(`${MSG_SCOPES} Required: ${check.required.join(', ')}\n`);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_GIT_BODY);
    } catch {
      res.writeHead(413, { 'Content-Type': 'text/plain' });
      res.end('Request body too large\n');
      return;
    }
    const dir = this.sb.store.gitDir(repo);
    const refsBefore = write && req.method === 'POST' ? await refSnapshot(this.sb, repo) : undefined;
    const status = await serveGit(req, res, {
      projectRoot: this.sb.store.gitRoot,
      pathInfo: `/${dir.slice(this.sb.store.gitRoot.length + 1)}${rest}`,
      query: url.search.replace(/^\?/, ''),
      remoteUser: principal.user.nickname,
      body,
      ...(write && req.method === 'POST' ? { refRules: cloudRefRules(this.sb, repo, principal.user) } : {}),
    });
    if (write && req.method === 'POST') {
      // a push (even a refused one may have moved refs): sizes and cached reads are stale
      this.sb.sizes.changed();
      this.sb.store.touch();
    }
    if (write && req.method === 'POST' && status < 400) {
      await afterPush(this.sb, repo);
      if (refsBefore) await emitPush(this.sb, repo, principal.user, refsBefore);
    }
  }

  private htmlPage(res: ServerResponse, workspace: string, slug: string): void {
    const repo = this.sb.store.repository(workspace, slug);
    if (!repo) {
      sendError(res, 404, 'Resource not found');
      return;
    }
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>${esc(repo.workspace)}/${esc(repo.slug)} · bb sandbox</title><h1>${esc(repo.workspace)}/${esc(repo.name)}</h1>` +
        `<p>${esc(repo.description)}</p><p>Clone: <code>${esc(this.sb.urls.clone(repo.workspace, repo.slug))}</code></p>\n`,
    );
  }

  // ---------------- admin ----------------

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const sub = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';
    const refused = adminRefusal(req, (this.server.address() as AddressInfo).port);
    if (refused) return sendError(res, refused.status, refused.message);
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PUT') {
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_ADMIN_BODY);
      } catch (e) {
        if ((e as Error).message === 'aborted') return;
        return sendError(res, 413, 'Request body too large', `at most ${MAX_ADMIN_BODY} bytes`, { Connection: 'close' });
      }
      if (raw.length > 0) {
        try {
          const parsed = JSON.parse(raw.toString('utf8')) as unknown;
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch {
          return sendError(res, 400, 'the body must be a JSON object');
        }
      }
    }
    const route = `${method} ${sub}`;
    if (method !== 'GET' && method !== 'HEAD') this.sb.store.touch();
    if (sub === '/oauth' || sub.startsWith('/oauth/')) return adminOAuth(this.sb, method, sub, body, res);
    switch (route) {
      case 'GET /':
      case 'GET /health':
        return sendJson(res, 200, { ok: true, url: this.sb.urls.apiBase, admin: this.sb.urls.html(ADMIN_PREFIX) });
      case 'POST /tokens':
        return this.mintToken(res, body);
      case 'GET /requests':
        return sendJson(res, 200, this.requests.entries(), {
          'X-Sandbox-Requests-Dropped': String(this.requests.dropped),
          'X-Sandbox-Requests-Limit': String(this.requests.capacity),
        });
      case 'DELETE /requests':
        this.requests.clear();
        res.writeHead(204, { 'Content-Length': '0' });
        res.end();
        return;
      case 'GET /faults':
        return sendJson(res, 200, { ...this.faults.describe(), logRedirect: this.logOrigin.redirect, ...configureMerges(this.sb) });
      case 'POST /faults':
      case 'PUT /faults': {
        try {
          this.faults.configure({
            faults: body.faults === undefined ? undefined : String(body.faults ?? ''),
            latencyMs: body.latency === undefined ? undefined : Number(body.latency),
            seed: body.seed === undefined ? undefined : Number(body.seed),
          });
          configureMerges(this.sb, body);
        } catch (e) {
          return sendError(res, 400, (e as Error).message);
        }
        if (body.logRedirect !== undefined) this.logOrigin.redirect = body.logRedirect === true;
        return sendJson(res, 200, { ...this.faults.describe(), logRedirect: this.logOrigin.redirect, ...configureMerges(this.sb) });
      }
      case 'GET /settings':
        return sendJson(res, 200, this.sb.settings);
      case 'POST /settings':
      case 'PUT /settings': {
        if (body.legacy !== undefined && typeof body.legacy !== 'boolean') return sendError(res, 400, '"legacy" must be true or false');
        const limit = body.rateLimitPerHour;
        if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1))
          return sendError(res, 400, '"rateLimitPerHour" must be a whole number ≥ 1');
        if (typeof body.legacy === 'boolean') this.sb.settings.legacy = body.legacy;
        if (typeof limit === 'number') this.sb.settings.rateLimitPerHour = limit;
        return sendJson(res, 200, this.sb.settings);
      }
      case 'POST /seed':
        try {
          const seeded = await seedBulk(this.sb, body);
          this.sb.sizes.changed();
          return sendJson(res, 201, seeded);
        } catch (e) {
          return sendError(res, 400, (e as Error).message);
        }
      case 'GET /state': {
        const { tokens: _tokens, ...rest } = this.sb.store.data;
        return sendJson(res, 200, redactSecrets(rest));
      }
      default:
        return sendError(res, 404, `No admin endpoint ${method} ${ADMIN_PREFIX}${sub}`, 'see src/sandbox/README.md');
    }
  }

  private async mintToken(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const store = this.sb.store;
    const strings = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);
    const granular = body.scopes === undefined ? undefined : strings(body.scopes);
    const legacy = body.legacyScopes === undefined ? undefined : strings(body.legacyScopes);
    if ((body.scopes !== undefined && !granular) || (body.legacyScopes !== undefined && !legacy)) {
      return sendError(res, 400, '"scopes" and "legacyScopes" must be arrays of strings');
    }
    if (granular && legacy) return sendError(res, 400, 'give either "scopes" (granular) or "legacyScopes", not both');
    const bad = (granular ?? []).filter((s) => !GRANULAR_RE.test(s));
    if (bad.length)
      return sendError(
        res,
        400,
        `not granular scopes: ${bad.join(', ')}`,
        'granular scopes look like read:repository:bitbucket; use "legacyScopes" for legacy names',
      );
    const userRef = typeof body.user === 'string' ? body.user : store.data.primaryUser;
    const user = userRef ? store.user(userRef) : undefined;
    if (!user) return sendError(res, 400, `no sandbox user "${String(userRef)}"`);
    const kind: TokenKind = body.all === true ? 'all' : legacy ? 'legacy' : 'granular';
    const token = store.mintToken(user.uuid, kind, legacy ?? granular ?? [], this.sb.now());
    await store.save();
    return sendJson(res, 201, { token, email: user.email, user: user.nickname, kind });
  }
}

/**
 * `POST /_sandbox/seed {"repo":"acme/api","pullrequests":1000}`: bulk data for benchmarks and load
 * tests — N open pull requests from (absent) `bulk/N` branches into the main branch, by the primary user.
 */
async function seedBulk(sb: Sandbox, body: Record<string, unknown>): Promise<{ pullrequests: number[] }> {
  const [ws, slug] = String(body.repo ?? '').split('/');
  const repo = ws && slug ? sb.store.repository(ws, slug) : undefined;
  if (!repo) throw new Error(`no sandbox repository "${String(body.repo ?? '')}" (give "repo":"WORKSPACE/SLUG")`);
  const count = Number(body.pullrequests ?? 0);
  if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new Error('"pullrequests" must be a whole number from 0 to 100000');
  const author = sb.store.data.primaryUser;
  if (!author) throw new Error('the sandbox has no primary user');
  const main = (await sb.git(repo).resolve(repo.mainbranch)) ?? '';
  const ids: number[] = [];
  const start = sb.now().getTime() - count * 1000;
  for (let i = 0; i < count; i++) {
    const pr = newPullRequest(sb, repo, {
      title: `Bulk pull request ${i + 1}`,
      description: '',
      author,
      source: { branch: `bulk/${i + 1}`, commit: main },
      destination: { branch: repo.mainbranch, commit: main },
      reviewers: [],
      close_source_branch: false,
      draft: false,
      date: new Date(start + i * 1000).toISOString(),
    });
    ids.push(pr.id);
  }
  await sb.store.save();
  return { pullrequests: ids };
}

/** Bitbucket's error envelope. */
export function sendError(res: ServerResponse, status: number, message: string, detail?: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { message, ...(detail !== undefined ? { detail } : {}) } }, headers);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
