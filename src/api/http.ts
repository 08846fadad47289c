import type { Credential } from '../core/credentials.js';
import { authorizationHeader } from '../core/credentials.js';
import { BbError } from '../core/errors.js';
import { apiErrorFromResponse } from './errors.js';

/**
 * The one place bb talks HTTP. Every request, typed or raw, goes through `HttpTransport.send`, which:
 * - refuses plain http:// except on loopback;
 * - adds the credential **only** for the API's own origin, and `User-Agent: bb/<version>`;
 * - times out: waiting for an answer; then an API answer (JSON, read whole here) must arrive whole within
 *   the same time and a quarter (answerDeadline), and no larger than MAX_ANSWER_BYTES; other bodies (logs, files) are bounded per wait
 *   and by a floor on their rate (a server trickling a byte a second fails), never as a whole download;
 *   a body that fails fails with a BbError;
 * - retries idempotent requests on 429/500/502/503/504, connection resets and JSON answers cut halfway,
 *   with exponential backoff + jitter, honouring Retry-After; a POST is sent again only on answers that
 *   prove nothing ran: 429, or 503 with Retry-After. A wait longer than RETRY_AFTER_CAP_MS is not made:
 *   the request fails at once, saying how long the server asked for;
 * - reads Bitbucket's X-RateLimit-Limit/-Remaining/-Reset (`rateLimit`), warns once when the budget runs
 *   low, and on a 429 waits until the reset when no Retry-After says otherwise (within the cap);
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
  /** A warning for stderr; `key` names it, so the caller can say each kind once per process. */
  warn?: (line: string, key: string) => void;
  /** Largest API answer (JSON) read into memory; MAX_ANSWER_BYTES by default. */
  maxAnswerBytes?: number;
}

/** What the server said of its rate limit on its last answer (Bitbucket Cloud's X-RateLimit-* headers). */
export interface RateLimit {
  limit: number;
  remaining: number;
  /** When the window resets (ms since the epoch), when the server says. */
  resetAt?: number;
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
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
/** The longest wait bb makes before sending a request again; a server asking for more gets an error at once. */
export const RETRY_AFTER_CAP_MS = 60_000;
/** The largest API answer (a JSON page) bb reads: a page of 100 items is far below; 113 MB is an attack. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** A streamed body (log, file) must bring at least this many bytes per BB_HTTP_TIMEOUT of waiting (≥ 1 s). */
const TRICKLE_MIN_BYTES = 1024;
/** The remaining share of the rate limit under which bb warns (once). */
const RATE_LOW_SHARE = 0.1;
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
  private readonly opts: Required<Omit<HttpOptions, 'credential' | 'onOperation' | 'debug' | 'refresh' | 'warn'>> & HttpOptions;
  private refreshing?: Promise<Credential | undefined>;
  /** The rate limit the API announced on its latest answer, when it does (Bitbucket Cloud). */
  rateLimit?: RateLimit;

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
      maxAnswerBytes: MAX_ANSWER_BYTES,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      ...given,
    };
  }

  /** The largest API answer bb reads into memory, in bytes. */
  get maxAnswerBytes(): number {
    return this.opts.maxAnswerBytes;
  }

  /** How long bb waits for an answer (and for a whole API answer), in ms. */
  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  get credential(): Credential | undefined {
    return this.opts.credential;
  }

  /** Resolve a path (`/user`) or absolute URL against the API base. */
  url(pathOrUrl: string): URL {
    return /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(this.baseUrl + (pathOrUrl.startsWith('/') ? '' : '/') + pathOrUrl);
  }

  async send(request: Request, options: SendOptions = {}): Promise<Response> {
    if (this.opts.fetch === globalThis.fetch || (this.opts.fetch as { undici?: boolean }).undici) await baselineWasmOnly(); // only undici's fetch has the WebAssembly parser

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
      // The wait for an answer is bounded; reading its body then is bounded too (withIdleTimeout, readAnswer).
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
        if (retryable && attempt < this.opts.maxRetries && err.errorName === 'NETWORK_ERROR' && !err.details?.certificate) {
          await this.opts.sleep(this.backoff(attempt));
          continue;
        }
        throw err;
      } finally {
        clearTimeout(headersDue);
      }
      this.debug(`${method} ${url.href} -> ${response.status} (${Date.now() - started} ms)${options.operation ? ` [${options.operation}]` : ''}`);
      if (url.origin === this.origin) this.noteRateLimit(response.headers);
      if (RETRY_STATUS.has(response.status) && attempt < this.opts.maxRetries) {
        const asked = retryAfterMs(response.headers.get('retry-after'), Date.now());
        // A write is sent again only when the answer proves nothing ran: 429, or 503 with Retry-After.
        const again = retryable || response.status === 429 || (response.status === 503 && asked !== undefined);
        if (again) {
          const wait = asked ?? (response.status === 429 ? this.untilReset() : undefined) ?? this.backoff(attempt);
          if (wait > RETRY_AFTER_CAP_MS) {
            // Not worth waiting for: say so now rather than sleep for minutes (or days) and fail anyway.
            if (!options.raw) throw await tooLongWait(response, options.operation, method, wait);
            return response;
          }
          await response.body?.cancel();
          await this.opts.sleep(wait);
          continue;
        }
      }
      // A JSON answer is read whole here, where a connection that drops halfway through it can still be
      // retried like one that dropped before answering. Other bodies (logs, files, diffs) stream to the caller.
      if (!options.raw && response.ok && response.body && /\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
        let whole: Uint8Array;
        try {
          whole = await readAnswer(response, url, {
            maxBytes: this.opts.maxAnswerBytes,
            deadlineMs: answerDeadline(this.opts.timeoutMs),
            operation: options.operation,
          });
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

  /** Record X-RateLimit-*; warn once when less than a tenth of the budget is left. */
  private noteRateLimit(headers: Headers): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (!headers.has('x-ratelimit-limit') || !headers.has('x-ratelimit-remaining') || !(limit > 0) || !(remaining >= 0)) return;
    const resetAt = rateLimitResetAt(headers.get('x-ratelimit-reset'), Date.now());
    this.rateLimit = { limit, remaining, resetAt };
    if (remaining < limit * RATE_LOW_SHARE) {
      const when = resetAt !== undefined ? `; it resets ${new Date(resetAt).toISOString()}` : '';
      this.opts.warn?.(`! ${remaining} of ${limit} API requests left in this rate-limit window${when}`, 'rate-limit-low');
    }
  }

  /** Until the rate-limit window resets, when the API said when. */
  private untilReset(): number | undefined {
    const at = this.rateLimit?.resetAt;
    return at === undefined ? undefined : Math.max(0, at - Date.now());
  }

  /** Warn (once) when a walk of `requests` more requests would exhaust the announced budget. */
  warnIfBudgetShort(requests: number, what: string): void {
    const rl = this.rateLimit;
    if (!rl || requests <= rl.remaining) return;
    this.opts.warn?.(
      `! ${what} needs about ${requests} more requests, and only ${rl.remaining} of ${rl.limit} are left in this rate-limit window: bb will wait when the API says so, and may stop with error 2005`,
      'rate-limit-walk',
    );
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

/**
 * X-RateLimit-Reset: epoch seconds (what Bitbucket and most APIs send) or, when small, seconds from now.
 */
export function rateLimitResetAt(value: string | null, now: number): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n > 1e9 ? n * 1000 : now + n * 1000;
}

/**
 * How long a whole API answer may take once its headers came: the timeout and a quarter, so that a server
 * gone silent is reported as silent (after the timeout) and one trickling its answer fails soon after.
 */
export function answerDeadline(timeoutMs: number): number {
  return Math.round(timeoutMs * 1.25);
}

/** A 429/503 whose wait is longer than bb makes: the API error, saying how long the server asked for. */
async function tooLongWait(response: Response, operation: string | undefined, method: string, wait: number): Promise<BbError> {
  const base = await apiErrorFromResponse(response, operation, method);
  const at = new Date(Date.now() + wait);
  return new BbError(base.errorName, `${base.message} (the server asks bb to wait ${seconds(wait)}; bb waits at most ${seconds(RETRY_AFTER_CAP_MS)})`, {
    status: base.status,
    operation: base.operation,
    hints: [Number.isFinite(at.getTime()) ? `try again after ${at.toISOString()}` : 'try again later', ...base.hints],
  });
}

/**
 * Read an answer whole: no more than `maxBytes` (else API_BAD_RESPONSE, at once when Content-Length says so),
 * and within `deadlineMs` of starting (else TIMEOUT: a server trickling its answer is no answer).
 */
export async function readAnswer(response: Response, url: URL, opts: { maxBytes?: number; deadlineMs?: number; operation?: string } = {}): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? MAX_ANSWER_BYTES;
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(url, declared, maxBytes, opts.operation);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    opts.deadlineMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutReason()), opts.deadlineMs);
          timer.unref?.();
        });
  deadline?.catch(() => {});
  try {
    for (;;) {
      const { done, value } = deadline ? await Promise.race([reader.read(), deadline]) : await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(url, total, maxBytes, opts.operation);
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel(e).catch(() => {});
    if ((e as Error)?.name === 'TimeoutError' && opts.deadlineMs !== undefined) {
      throw new BbError('TIMEOUT', `${url.origin} did not send its whole answer within ${seconds(opts.deadlineMs)} (${total} bytes so far)`, {
        hints: ['check your network, or try again later (BB_HTTP_TIMEOUT sets the wait, in seconds)'],
      });
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const whole = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    whole.set(c, at);
    at += c.byteLength;
  }
  return whole;
}

function tooLarge(url: URL, bytes: number, maxBytes: number, operation?: string): BbError {
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  return new BbError(
    'API_BAD_RESPONSE',
    `${operation ?? url.pathname}: the answer is larger than ${mib(maxBytes)} (${bytes >= maxBytes ? `at least ${mib(bytes)}` : mib(bytes)}); bb refuses to read it`,
    {
      operation,
      hints: ['an API page this large is not a normal answer: ask for fewer items (--limit), or check BB_API_URL'],
    },
  );
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
  // The rate floor: over each `timeoutMs` spent waiting for the server, at least TRICKLE_MIN_BYTES must
  // arrive (a window under a second is too short to judge a rate: then only silence counts).
  const floor = timeoutMs >= 1000 ? TRICKLE_MIN_BYTES : 0;
  let waited = 0;
  let got = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const read = reader.read();
      try {
        for (;;) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const budget = Math.max(1, timeoutMs - waited);
          const silence = new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), budget);
            timer.unref?.();
          });
          const t0 = Date.now();
          const r = await Promise.race([read, silence]).finally(() => clearTimeout(timer));
          waited += Date.now() - t0;
          if (r === 'timeout') {
            // a whole window of waiting: enough bytes came in it, start a new one; else the server is silent or trickling
            if (floor > 0 && got >= floor) {
              waited = 0;
              got = 0;
              continue;
            }
            throw got > 0 ? trickleReason(got) : timeoutReason();
          }
          if (r.done) {
            controller.close();
            return;
          }
          got += r.value.byteLength;
          if (floor === 0) {
            // no rate to judge: each wait for the next bytes has the whole timeout
            waited = 0;
            got = 0;
          } else if (waited >= timeoutMs) {
            if (got < floor) throw trickleReason(got);
            waited = 0;
            got = 0;
          }
          controller.enqueue(r.value);
          return;
        }
      } catch (e) {
        abort.abort(e);
        reader.cancel(e).catch(() => {});
        controller.error(bodyError(e, url, timeoutMs));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return rebody(response, body, url);
}

function trickleReason(bytes: number): DOMException & { bytes?: number } {
  return Object.assign(new DOMException('trickling', 'TimeoutError'), { bytes });
}

/** The same answer (status, headers, URL) with another body. */
function rebody(response: Response, body: ReadableStream<Uint8Array> | Uint8Array, url: URL): Response {
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // what error messages name (api/errors.ts): the URL that answered
  Object.defineProperty(copy, 'url', { value: response.url || url.href });
  return copy;
}

function bodyError(e: unknown, url: URL, timeoutMs: number): BbError {
  if (e instanceof BbError) return e;
  if ((e as Error)?.name === 'TimeoutError') {
    const bytes = (e as { bytes?: number }).bytes;
    const what = bytes ? `only ${bytes} bytes in ${seconds(timeoutMs)}` : `nothing for ${seconds(timeoutMs)}`;
    return new BbError('TIMEOUT', `${url.origin} sent ${what} while bb was reading its answer`, {
      hints: ['check your network, or try again later (BB_HTTP_TIMEOUT sets the wait, in seconds)'],
    });
  }
  return new BbError('NETWORK_ERROR', `the connection to ${url.origin} dropped while bb was reading its answer`, {
    hints: ['run the command again'],
    cause: e,
  });
}

function networkError(e: unknown, url: URL, timeoutMs: number): BbError {
  if (e instanceof BbError) return e; // bb's own (an unreadable BB_CA_FILE)
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new BbError('TIMEOUT', `no answer from ${url.origin} within ${seconds(timeoutMs)}`, {
      hints: ['check your network, or try again later (BB_HTTP_TIMEOUT sets the wait, in seconds)'],
    });
  }
  const code = err.cause?.code ? ` (${err.cause.code})` : '';
  // a certificate no trusted CA signed: a private CA, or a proxy that inspects TLS
  const certificate = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(err.cause?.code ?? '');
  return new BbError('NETWORK_ERROR', `cannot reach ${url.origin}${code}`, {
    // a refused certificate is refused again: never retried
    details: certificate ? { certificate: true } : undefined,
    hints: certificate
      ? ["the server's certificate is not signed by a CA bb trusts: add your CA's PEM file with BB_CA_FILE (or NODE_EXTRA_CA_CERTS)"]
      : ['check your network connection and BB_API_URL (behind a proxy: HTTPS_PROXY, NO_PROXY)'],
    cause: e,
  });
}
