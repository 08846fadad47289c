/**
 * OAuth 2.0 for Bitbucket Cloud consumers: the authorization-code grant on a loopback redirect (or by pasting the
 * redirect URL), and the token endpoint (code exchange, refresh).
 *
 * Facts, from Atlassian's "Authentication methods" reference (the spec's x-atlassian-narrative, the same text as
 * https://developer.atlassian.com/cloud/bitbucket/oauth-2, last updated Jan 12, 2026):
 * - authorize at `https://bitbucket.org/site/oauth2/authorize?client_id=…&response_type=code`, exchange the code at
 *   `https://bitbucket.org/site/oauth2/access_token` with the consumer key and secret as HTTP Basic (`curl -u`);
 * - "Our access tokens expire in one hour. When this happens you'll get 401 responses."; both grants answer with a
 *   refresh token; using it issues a new refresh token, and "the existing refresh token will expire shortly after
 *   and should not be used again"; an unused refresh token expires after 3 months;
 * - the token's scopes are the consumer's permission checkboxes (the authorize request has no scope parameter).
 * - **No PKCE**: Atlassian's open suggestion BCLOUD-23469 ("The Bitbucket API does not currently offer the Proof Key
 *   for Code Exchange (PKCE) flow for authorization", unresolved) — so bb sends no code_challenge; the consumer
 *   secret authenticates the exchange and `state` guards the redirect.
 * - **No revocation endpoint** is documented for Bitbucket Cloud OAuth 2.0 (only authorize and access_token):
 *   `bb auth logout` forgets the tokens locally; a user revokes the grant in Bitbucket's settings.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpTransport, isLoopbackHost, checkUrlAllowed } from '../api/http.js';
import { BbError } from '../core/errors.js';
import { debugLine, type IOStreams } from '../output/iostreams.js';
import type { Credential } from '../core/credentials.js';

export interface OAuthEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
}

const AUTHORIZE_PATH = '/site/oauth2/authorize';
const TOKEN_PATH = '/site/oauth2/access_token';
/** How long bb waits for the browser to come back to the loopback redirect. */
export const LOOPBACK_TIMEOUT_MS = 5 * 60_000;
/** Refresh a little before the token endpoint's expiry, so a request does not race the clock. */
export const EXPIRY_MARGIN_MS = 60_000;

/**
 * The authorize and token URLs: BB_OAUTH_URL (an origin: `https://bitbucket.org`, `http://127.0.0.1:8123`) when
 * set; the API's own origin when BB_API_URL is loopback (the sandbox serves /site/oauth2/… beside /2.0); else the
 * web host of the API host (`api.bitbucket.org` → `bitbucket.org`).
 */
export function oauthEndpoints(env: NodeJS.ProcessEnv, apiUrl: string): OAuthEndpoints {
  let origin: string;
  if (env.BB_OAUTH_URL) {
    let u: URL;
    try {
      u = new URL(env.BB_OAUTH_URL);
    } catch {
      throw new BbError('CONFIG_INVALID', `BB_OAUTH_URL is not a URL: ${env.BB_OAUTH_URL}`);
    }
    checkUrlAllowed(u);
    origin = u.origin;
  } else {
    const api = new URL(apiUrl);
    if (isLoopbackHost(api.hostname)) origin = api.origin;
    else origin = `${api.protocol}//${api.hostname.startsWith('api.') ? api.host.slice('api.'.length) : api.host}`;
  }
  return { authorizeUrl: `${origin}${AUTHORIZE_PATH}`, tokenUrl: `${origin}${TOKEN_PATH}` };
}

export function authorizeUrl(endpoints: OAuthEndpoints, clientId: string, state: string, redirectUri: string): string {
  const u = new URL(endpoints.authorizeUrl);
  u.searchParams.set('client_id', clientId);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('state', state);
  u.searchParams.set('redirect_uri', redirectUri);
  return u.href;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  /** ISO time, from expires_in. */
  expiresAt?: string;
  /** Granted legacy scopes, when the answer lists them. */
  scopes?: string[];
}

/** `"repository pullrequest:write"` or `["repository", …]` → sorted names. */
export function parseScopes(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [...new Set(value.split(/[\s,]+/).filter(Boolean))].sort();
  if (Array.isArray(value)) return [...new Set(value.map(String))].sort();
  return undefined;
}

/** What the token endpoint request uses of bb's context (src/context/context.ts's Context has all of it). */
export interface TokenRequestDeps {
  fetch: typeof globalThis.fetch;
  version: string;
  env: NodeJS.ProcessEnv;
  io: IOStreams;
  now(): Date;
}

/**
 * POST the token endpoint through the HttpTransport (so http:// stays loopback-only, with timeouts and the debug
 * log — which shows the URL only; the secrets travel in the body and the Basic header, never logged). A POST is
 * never retried: a code is single-use and a refresh token rotates.
 */
export async function tokenRequest(
  ctx: TokenRequestDeps,
  tokenUrl: string,
  client: { id: string; secret: string },
  form: Record<string, string>,
): Promise<TokenResponse> {
  const url = new URL(tokenUrl);
  // The consumer authenticates with HTTP Basic `key:secret`, which is the shape of an API-token credential;
  // the transport sends it only to the token endpoint's own origin.
  const clientAuth: Credential = { kind: 'api-token', email: client.id, token: client.secret, source: 'oauth-client' };
  const http = new HttpTransport({
    baseUrl: url.origin,
    credential: clientAuth,
    fetch: ctx.fetch,
    userAgent: `bb/${ctx.version}`,
    maxRetries: 0,
    debug: ctx.env.BB_DEBUG ? (line) => debugLine(ctx.io, line) : undefined,
  });
  const response = await http.send(
    new Request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    }),
    { raw: true },
  );
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    const reason = [body.error, body.error_description].filter((x) => typeof x === 'string').join(': ') || `HTTP ${response.status}`;
    const grant = form.grant_type === 'refresh_token' ? 'refreshing the OAuth token' : 'exchanging the authorization code';
    throw new BbError(response.status === 401 || body.error === 'invalid_client' ? 'AUTH_INVALID' : 'AUTH_VERIFY_FAILED', `${grant} failed: ${reason}`, {
      status: response.status,
      hints:
        form.grant_type === 'refresh_token'
          ? ['the refresh token may have expired (3 months unused) or been used already: run `bb auth login --oauth` again']
          : ['check the consumer key and secret, and that the consumer has a callback URL (http://127.0.0.1)'],
    });
  }
  const accessToken = body.access_token;
  const refreshToken = body.refresh_token;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    throw new BbError('API_BAD_RESPONSE', 'the token endpoint answered without an access_token and refresh_token');
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken,
    refreshToken,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(ctx.now().getTime() + expiresIn * 1000).toISOString() : undefined,
    scopes: parseScopes(body.scopes ?? body.scope),
  };
}

/** True when the access token is expired or about to be. */
export function isExpired(expiresAt: string | undefined, now: Date): boolean {
  if (!expiresAt) return false;
  const t = Date.parse(expiresAt);
  return Number.isFinite(t) && t - EXPIRY_MARGIN_MS <= now.getTime();
}

export function newState(): Promise<string> {
  return import('node:crypto').then((c) => c.randomBytes(24).toString('base64url'));
}

/** `code` from a redirect URL (or its query string) after checking `state`. */
export function codeFromRedirect(pasted: string, state: string): string {
  const text = pasted.trim();
  let params: URLSearchParams;
  try {
    params = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? new URL(text).searchParams : new URLSearchParams(text.replace(/^[^?]*\?/, ''));
  } catch {
    throw new BbError('AUTH_INPUT', 'that is not the URL the browser was redirected to');
  }
  const error = params.get('error');
  if (error) {
    throw new BbError(
      'AUTH_VERIFY_FAILED',
      `Bitbucket refused the authorization: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`,
    );
  }
  if (params.get('state') !== state) {
    throw new BbError('AUTH_INPUT', 'the redirect does not carry the state bb sent (a stale or forged redirect): try again', {
      hints: ['paste the URL of the most recent authorization'],
    });
  }
  const code = params.get('code');
  if (!code) throw new BbError('AUTH_INPUT', 'the redirect URL has no code parameter');
  return code;
}

/**
 * A one-shot redirect listener on 127.0.0.1, random port. `wait()` resolves with the code once a request to
 * /callback carries the right state; a wrong state fails the login (it is not the redirect bb asked for).
 */
export async function startLoopback(state: string, timeoutMs = LOOPBACK_TIMEOUT_MS): Promise<{ redirectUri: string; wait(): Promise<string>; close(): void }> {
  const { createServer } = await import('node:http');
  let settle: { resolve: (code: string) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    try {
      const code = codeFromRedirect(url.search, state);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('<!doctype html><title>bb</title><p>bb is logged in. You can close this window and return to the terminal.</p>\n');
      settle?.resolve(code);
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('<!doctype html><title>bb</title><p>bb could not complete the login; see the terminal.</p>\n');
      settle?.reject(e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    async wait() {
      const timer = setTimeout(
        () => settle?.reject(new BbError('AUTH_INPUT', `no answer from the browser within ${Math.round(timeoutMs / 60_000)} minutes`)),
        timeoutMs,
      );
      try {
        return await result;
      } finally {
        clearTimeout(timer);
        close();
      }
    },
    close,
  };
}

/** Is a browser plausible here? Not on Linux/BSD without a display (SSH, containers) unless BROWSER is set. */
export function canOpenBrowser(env: NodeJS.ProcessEnv, configured?: string, platform: NodeJS.Platform = process.platform): boolean {
  if (configured || env.BROWSER) return true;
  if (platform === 'darwin' || platform === 'win32') return !env.SSH_CONNECTION && !env.SSH_TTY;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
