import type { Credential } from '../auth/credentials.js';
import { authorizationHeader } from '../auth/credentials.js';
import { BbError } from '../errors.js';
import { apiErrorFromResponse } from './errors.js';

/**
 * The one place bb talks HTTP. Every request, typed or raw, goes through `HttpTransport.send`, which:
 * - refuses plain http:// except on loopback;
 * - adds the credential **only** for the API's own origin, and `User-Agent: bb/<version>`;
 * - times out: waiting for an answer, then waiting for each part of its body (never a whole long
 *   download); a body that fails fails with a BbError;
 * - retries 429/502/503/504, connection resets and JSON answers cut halfway, with backoff + jitter,
 *   honouring Retry-After (capped), for idempotent methods only — a POST is never sent twice;
 * - follows redirects by hand so the credential never crosses to another origin;
 * - reports each request's operation (`METHOD /path/template`) to `onOperation` (the scope engine's
 *   trace) and logs requests with secrets redacted when BB_DEBUG is set;
 * - turns a non-2xx answer into a typed BbError (unless the caller asks for the raw response).
 */
export interface HttpOptions {
  baseUrl: string;
  credential?: Credential;
  fetch: typeof globalThis.fetch;
  userAgent: string;
  timeoutMs?: number;
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onOperation?: (operation: string) => void;
  debug?: (line: string) => void;
  /**
   * A fresh credential after the API answered 401 to `failed` (an expired OAuth token); undefined when it cannot
   * be refreshed. Concurrent 401s share one call; the request is then sent once more with the new credential.
   */
  refresh?: (failed: Credential) => Promise<Credential | undefined>;
}

export interface SendOptions {
  /** `METHOD /path/template` of the spec, when known; carried into errors and the trace. */
  operation?: string;
  /** Return non-2xx responses instead of throwing. */
  raw?: boolean;
  /**
   * A body sent as is instead of the request's own, which is read into memory: a FormData of file-backed
   * Blobs (`fs.openAsBlob`) streams from disk, and can be sent again after a redirect.
   */
  body?: FormData | Blob;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRY_STATUS = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const RETRY_AFTER_CAP_MS = 30_000;
const BACKOFF_BASE_MS = 300;
const BACKOFF_CAP_MS = 8_000;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Throws INSECURE_URL unless the URL is https, or http on a loopback address. */
export function checkUrlAllowed(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  throw new BbError(
    'INSECURE_URL',
    `refusing to send a request to ${url.origin}: ${url.protocol === 'http:' ? 'plain http' : url.protocol} is only allowed on loopback`,
    {
      hints: ['use an https:// URL (BB_API_URL)'],
    },
  );
}

/**
 * Node's fetch (undici) parses HTTP with llhttp compiled to WebAssembly, and V8's optimising tier for
 * that module costs about 30 MiB of memory in every process that makes a request. V8's baseline tier
 * (Liftoff) parses a CLI's traffic just as well: keep to it. Set once, before the first request.
 */
let wasmTierSet = false;
async function baselineWasmOnly(): Promise<void> {
  if (wasmTierSet) return;
  wasmTierSet = true;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}

export class HttpTransport {
  readonly baseUrl: string;
  readonly origin: string;
  private readonly opts: Required<Omit<HttpOptions, 'credential' | 'onOperation' | 'debug' | 'refresh'>> & HttpOptions;
  private refreshing?: Promise<Credential | undefined>;

  constructor(opts: HttpOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    const base = new URL(this.baseUrl);
    checkUrlAllowed(base);
    this.origin = base.origin;
    // An option given as `undefined` keeps its default (a spread alone would erase it).
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as unknown as HttpOptions;
    this.opts = {
      timeoutMs: 30_000,
      maxRetries: 3,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      ...given,
    };
  }

  get credential(): Credential | undefined {
    return this.opts.credential;
  }

  /** Resolve a path (`/user`) or absolute URL against the API base. */
  url(pathOrUrl: string): URL {
    return /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(this.baseUrl + (pathOrUrl.startsWith('/') ? '' : '/') + pathOrUrl);
  }

  async send(request: Request, options: SendOptions = {}): Promise<Response> {
    if (this.opts.fetch === globalThis.fetch) await baselineWasmOnly(); // only Node's own fetch has the WebAssembly parser

    const method = request.method.toUpperCase();
    const body: ArrayBuffer | FormData | Blob | undefined = options.body ?? (request.body ? await request.arrayBuffer() : undefined);
    if (options.operation) this.opts.onOperation?.(options.operation);
    let url = new URL(request.url);
    let currentMethod = method;
    let currentBody = body;
    let operation = options.operation;
    let refreshed = false;
    for (let redirects = 0; ; redirects++) {
      checkUrlAllowed(url);
      const sentWith = this.opts.credential;
      const response = await this.sendWithRetries(url, currentMethod, request.headers, currentBody, { ...options, operation });
      // An expired OAuth token answers 401: refresh it (once) and send the same request again.
      if (response.status === 401 && !refreshed && sentWith && this.opts.refresh && url.origin === this.origin) {
        refreshed = true;
        if (await this.refreshAfter401(sentWith)) {
          await response.body?.cancel();
          redirects--;
          continue;
        }
      }
      if (![301, 302, 303, 307, 308].includes(response.status)) {
        if (!options.raw && !response.ok) throw await apiErrorFromResponse(response, operation, currentMethod);
        return response;
      }
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new BbError('REDIRECT_REFUSED', `redirect ${response.status} without a Location header from ${url.origin}`);
      if (redirects >= MAX_REDIRECTS) throw new BbError('REDIRECT_REFUSED', `more than ${MAX_REDIRECTS} redirects, starting at ${request.url}`);
      url = new URL(location, url);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = undefined;
      }
      // A redirect within the API (a PR's diff → the repository's diff) is another operation, with
      // scopes of its own: trace it, and name it if it fails. Elsewhere (log storage) it is none.
      operation = await this.operationAt(currentMethod, url);
      if (operation) this.opts.onOperation?.(operation);
    }
  }

  /** The spec operation of a URL on the API's own origin and base path, if any. */
  private async operationAt(method: string, url: URL): Promise<string | undefined> {
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    if (url.origin !== this.origin || !url.pathname.startsWith(`${basePath}/`)) return undefined;
    const { matchOperation } = await import('./match.js');
    return matchOperation(method, url.pathname.slice(basePath.length))?.operation;
  }

  private async sendWithRetries(
    url: URL,
    method: string,
    headers: Headers,
    body: ArrayBuffer | FormData | Blob | undefined,
    options: SendOptions,
  ): Promise<Response> {
    const retryable = IDEMPOTENT.has(method);
    for (let attempt = 0; ; attempt++) {
      const h = new Headers(headers);
      h.set('User-Agent', this.opts.userAgent);
      if (!h.has('Accept')) h.set('Accept', 'application/json');
      h.delete('Authorization');
      // The credential goes only to the API's own origin; a redirect elsewhere travels without it.
      if (this.opts.credential && url.origin === this.origin) h.set('Authorization', authorizationHeader(this.opts.credential));
      const started = Date.now();
      // The wait for an answer is bounded; reading its body then is bounded per chunk (withIdleTimeout).
      const abort = new AbortController();
      const headersDue = setTimeout(() => abort.abort(timeoutReason()), this.opts.timeoutMs);
      headersDue.unref?.();
      let response: Response;
      try {
        response = withIdleTimeout(
          await this.opts.fetch(url, {
            method,
            headers: h,
            body: body && method !== 'GET' && method !== 'HEAD' ? body : undefined,
            redirect: 'manual',
            signal: abort.signal,
          }),
          url,
          this.opts.timeoutMs,
          abort,
        );
      } catch (e) {
        const err = networkError(e, url, this.opts.timeoutMs);
        this.debug(`${method} ${url.href} -> ${err.errorName} (${Date.now() - started} ms)`);
        if (retryable && attempt < this.opts.maxRetries && err.errorName === 'NETWORK_ERROR') {
          await this.opts.sleep(this.backoff(attempt));
          continue;
        }
        throw err;
      } finally {
        clearTimeout(headersDue);
      }
      this.debug(`${method} ${url.href} -> ${response.status} (${Date.now() - started} ms)${options.operation ? ` [${options.operation}]` : ''}`);
      if (retryable && RETRY_STATUS.has(response.status) && attempt < this.opts.maxRetries) {
        const wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? this.backoff(attempt);
        await response.body?.cancel();
        await this.opts.sleep(Math.min(wait, RETRY_AFTER_CAP_MS));
        continue;
      }
      // A JSON answer is read whole here, where a connection that drops halfway through it can still be
      // retried like one that dropped before answering. Other bodies (logs, files, diffs) stream to the caller.
      if (!options.raw && response.ok && response.body && /\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
        let whole: ArrayBuffer;
        try {
          whole = await response.arrayBuffer();
        } catch (e) {
          const err = bodyError(e, url, this.opts.timeoutMs);
          this.debug(`${method} ${url.href} -> ${err.errorName} while reading the answer (${Date.now() - started} ms)`);
          if (retryable && attempt < this.opts.maxRetries && err.errorName === 'NETWORK_ERROR') {
            await this.opts.sleep(this.backoff(attempt));
            continue;
          }
          throw err;
        }
        return rebody(response, whole, url);
      }
      return response;
    }
  }

  /** After a 401 to `failed`: true when a new credential is in place (refreshed now, or by a concurrent request). */
  private async refreshAfter401(failed: Credential): Promise<boolean> {
    if (this.opts.credential && this.opts.credential.token !== failed.token) return true;
    this.refreshing ??= (this.opts.refresh as NonNullable<HttpOptions['refresh']>)(failed).finally(() => {
      this.refreshing = undefined;
    });
    const fresh = await this.refreshing;
    if (!fresh) return false;
    this.opts.credential = fresh;
    return true;
  }

  /** Exponential backoff with full jitter. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    return Math.round(ceiling / 2 + (this.opts.random() * ceiling) / 2);
  }

  private debug(line: string): void {
    this.opts.debug?.(line);
  }
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function timeoutReason(): DOMException {
  return new DOMException('timed out', 'TimeoutError');
}

function seconds(ms: number): string {
  return `${ms >= 1000 ? Math.round(ms / 1000) : ms / 1000} s`;
}

/**
 * The answer with a body that fails when the server sends nothing for `timeoutMs` while bb waits for
 * the next bytes. Only waiting counts: a long download that keeps arriving is never cut, and a reader
 * that is slow itself (a pager, a full pipe) is not the server's silence. A body that fails (silence,
 * a dropped connection) fails with a BbError, as the request itself would have.
 */
function withIdleTimeout(response: Response, url: URL, timeoutMs: number, abort: AbortController): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const silence = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutReason()), timeoutMs);
        timer.unref?.();
      });
      try {
        const { done, value } = await Promise.race([reader.read(), silence]);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        abort.abort(e);
        reader.cancel(e).catch(() => {});
        controller.error(bodyError(e, url, timeoutMs));
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return rebody(response, body, url);
}

/** The same answer (status, headers, URL) with another body. */
function rebody(response: Response, body: ReadableStream<Uint8Array> | ArrayBuffer, url: URL): Response {
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // what error messages name (api/errors.ts): the URL that answered
  Object.defineProperty(copy, 'url', { value: response.url || url.href });
  return copy;
}

function bodyError(e: unknown, url: URL, timeoutMs: number): BbError {
  if (e instanceof BbError) return e;
  if ((e as Error)?.name === 'TimeoutError') {
    return new BbError('TIMEOUT', `${url.origin} sent nothing for ${seconds(timeoutMs)} while bb was reading its answer`, {
      hints: ['check your network, or try again later (BB_HTTP_TIMEOUT sets the wait, in seconds)'],
    });
  }
  return new BbError('NETWORK_ERROR', `the connection to ${url.origin} dropped while bb was reading its answer`, {
    hints: ['run the command again'],
    cause: e,
  });
}

function networkError(e: unknown, url: URL, timeoutMs: number): BbError {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new BbError('TIMEOUT', `no answer from ${url.origin} within ${seconds(timeoutMs)}`, {
      hints: ['check your network, or try again later (BB_HTTP_TIMEOUT sets the wait, in seconds)'],
    });
  }
  const code = err.cause?.code ? ` (${err.cause.code})` : '';
  return new BbError('NETWORK_ERROR', `cannot reach ${url.origin}${code}`, {
    hints: ['check your network connection and BB_API_URL'],
    cause: e,
  });
}
