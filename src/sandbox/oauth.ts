/**
 * The sandbox's OAuth 2.0 provider, shaped like Bitbucket Cloud's (src/auth/oauth.ts cites the docs):
 *
 *   GET  /site/oauth2/authorize      auto-approves for the sandbox's primary user and redirects to the redirect_uri
 *                                    with `code` and `state` (no consent page; no PKCE, as Bitbucket has none)
 *   POST /site/oauth2/access_token   client auth by HTTP Basic (key:secret); grants `authorization_code` and
 *                                    `refresh_token`; answers {access_token, refresh_token, expires_in, scopes, token_type}
 *
 * Admin (no credentials): `POST /_sandbox/oauth/consumers` {"scopes":[legacy…], "expiresIn"?, "callbackUrl"?} →
 * {key, secret, …}; `POST /_sandbox/oauth/settings` {"expiresIn": s} (default expiry, also `bb sandbox
 * --oauth-expiry`); `POST /_sandbox/oauth/expire` (every OAuth access token expires now, so the next call is a 401);
 * `GET /_sandbox/oauth` (counters: authorizations, code exchanges, refreshes).
 *
 * Access tokens are ordinary `legacy` tokens (judged by the consumer's scopes with implications) with an expiry;
 * an expired one answers 401 like any unknown token. Codes are single-use (10 minutes); a refresh token is spent
 * when used (Bitbucket lets the old one live "shortly after"; the sandbox is strict, so double refreshes show).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sandbox } from './handlers/types.js';
import { readBody } from './http-io.js';
import type { OAuthData } from './state.js';

/** Bitbucket: "Our access tokens expire in one hour." */
export const DEFAULT_EXPIRES_IN = 3600;
const CODE_TTL_MS = 10 * 60_000;
/** A token request is a short form: anything bigger is refused (413) before it costs memory. */
const MAX_TOKEN_BODY = 64 * 1024;

function data(sb: Sandbox): OAuthData {
  sb.store.data.oauth ??= emptyOAuthData();
  return sb.store.data.oauth;
}

export function emptyOAuthData(): OAuthData {
  return { consumers: {}, codes: {}, refreshTokens: {}, stats: { authorizations: 0, codeExchanges: 0, refreshes: 0 } };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (n = 24) => randomBytes(n).toString('base64url');

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): undefined {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
  return undefined;
}

/** RFC 6749 5.2 error answer. */
function oauthError(res: ServerResponse, status: number, error: string, description: string): undefined {
  return json(res, status, { error, error_description: description }, status === 401 ? { 'WWW-Authenticate': 'Basic realm="oauth2"' } : {});
}

export function configureOAuth(sb: Sandbox, opts: { expiresIn?: number }): void {
  if (opts.expiresIn !== undefined) data(sb).expiresIn = opts.expiresIn;
}

/** `/site/oauth2/…` */
export async function handleOAuth(sb: Sandbox, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname === '/site/oauth2/authorize' && method === 'GET') return authorize(sb, res, url);
  if (url.pathname === '/site/oauth2/access_token' && method === 'POST') return accessToken(sb, req, res);
  json(res, 404, { type: 'error', error: { message: `No OAuth endpoint ${method} ${url.pathname}` } });
}

function authorize(sb: Sandbox, res: ServerResponse, url: URL): undefined {
  const q = url.searchParams;
  const consumer = data(sb).consumers[q.get('client_id') ?? ''];
  // An unknown client or a bad redirect_uri must not redirect anywhere (RFC 6749 4.1.2.1).
  if (!consumer) return json(res, 400, { error: 'invalid_request', error_description: 'unknown client_id' });
  const redirectUri = q.get('redirect_uri') ?? consumer.callbackUrl;
  // Bitbucket: a redirect_uri given in the request must begin with the consumer's callback URL.
  if (!redirectUri.startsWith(consumer.callbackUrl)) {
    return json(res, 400, { error: 'invalid_request', error_description: `redirect_uri must begin with ${consumer.callbackUrl}` });
  }
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return json(res, 400, { error: 'invalid_request', error_description: 'redirect_uri is not a URL' });
  }
  const state = q.get('state');
  if (state !== null) target.searchParams.set('state', state);
  if (q.get('response_type') !== 'code') {
    target.searchParams.set('error', 'unsupported_response_type');
  } else {
    const user = sb.store.data.primaryUser;
    if (!user) return json(res, 500, { error: 'server_error', error_description: 'the sandbox has no primary user' });
    const code = secret(18);
    data(sb).codes[hash(code)] = {
      consumer: consumer.key,
      user,
      redirectUri: q.get('redirect_uri') ?? undefined,
      expiresAt: new Date(sb.now().getTime() + CODE_TTL_MS).toISOString(),
    };
    data(sb).stats.authorizations++;
    target.searchParams.set('code', code);
  }
  res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store' });
  res.end();
}

async function accessToken(sb: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const d = data(sb);
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_TOKEN_BODY);
  } catch (e) {
    if ((e as Error).message === 'aborted') return;
    return oauthError(res, 413, 'invalid_request', `the request body is larger than ${MAX_TOKEN_BODY} bytes`);
  }
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(.+)$/i.exec(header);
  const decoded = basic ? Buffer.from(basic[1] as string, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const consumer = colon > 0 ? d.consumers[decoded.slice(0, colon)] : undefined;
  if (!consumer || consumer.secretHash !== hash(decoded.slice(colon + 1))) {
    return oauthError(res, 401, 'invalid_client', 'client authentication failed (HTTP Basic with the consumer key and secret)');
  }
  const form = new URLSearchParams(raw.toString('utf8'));
  const grant = form.get('grant_type');
  let user: string;
  if (grant === 'authorization_code') {
    const key = hash(form.get('code') ?? '');
    const code = d.codes[key];
    delete d.codes[key]; // single use, even when the exchange fails
    if (!code || code.consumer !== consumer.key || Date.parse(code.expiresAt) <= sb.now().getTime()) {
      return oauthError(res, 400, 'invalid_grant', 'the authorization code is invalid, expired or already used');
    }
    if (code.redirectUri !== undefined && form.get('redirect_uri') !== code.redirectUri) {
      return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    }
    user = code.user;
    d.stats.codeExchanges++;
  } else if (grant === 'refresh_token') {
    const key = hash(form.get('refresh_token') ?? '');
    const refresh = d.refreshTokens[key];
    if (!refresh || refresh.consumer !== consumer.key) return oauthError(res, 400, 'invalid_grant', 'invalid refresh token');
    delete d.refreshTokens[key];
    user = refresh.user;
    d.stats.refreshes++;
  } else {
    return oauthError(res, 400, 'unsupported_grant_type', `unsupported grant type: ${grant ?? 'none'}`);
  }
  const expiresIn = consumer.expiresIn ?? d.expiresIn ?? DEFAULT_EXPIRES_IN;
  const now = sb.now();
  const token = sb.store.mintToken(user, 'legacy', consumer.scopes, now);
  const record = sb.store.token(token);
  if (record) {
    record.expires_on = new Date(now.getTime() + expiresIn * 1000).toISOString();
    record.oauth_consumer = consumer.key;
  }
  const refreshToken = secret();
  d.refreshTokens[hash(refreshToken)] = { consumer: consumer.key, user };
  await sb.store.save();
  json(res, 200, { access_token: token, refresh_token: refreshToken, expires_in: expiresIn, scope: consumer.scopes.join(' '), token_type: 'bearer' });
}

/** `/_sandbox/oauth…` admin endpoints. */
export async function adminOAuth(sb: Sandbox, method: string, sub: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
  const d = data(sb);
  const expiresIn = body.expiresIn === undefined ? undefined : Number(body.expiresIn);
  if (expiresIn !== undefined && (!Number.isFinite(expiresIn) || expiresIn < 0)) {
    return json(res, 400, { type: 'error', error: { message: '"expiresIn" must be a number of seconds' } });
  }
  const route = `${method} ${sub}`;
  if (route === 'GET /oauth') return json(res, 200, { expiresIn: d.expiresIn ?? DEFAULT_EXPIRES_IN, consumers: Object.keys(d.consumers).length, ...d.stats });
  if (route === 'POST /oauth/consumers') {
    const scopes = body.scopes ?? [];
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
      return json(res, 400, { type: 'error', error: { message: '"scopes" must be an array of legacy scope names' } });
    }
    const key = secret(12);
    const consumerSecret = secret(24);
    const callbackUrl = typeof body.callbackUrl === 'string' ? body.callbackUrl : 'http://127.0.0.1';
    d.consumers[key] = {
      key,
      secretHash: hash(consumerSecret),
      name: String(body.name ?? 'bb sandbox consumer'),
      scopes: [...scopes].sort(),
      callbackUrl,
      expiresIn,
    };
    await sb.store.save();
    return json(res, 201, {
      key,
      secret: consumerSecret,
      scopes: d.consumers[key]?.scopes,
      callbackUrl,
      expiresIn: expiresIn ?? d.expiresIn ?? DEFAULT_EXPIRES_IN,
    });
  }
  if (route === 'POST /oauth/settings') {
    configureOAuth(sb, { expiresIn });
    return json(res, 200, { expiresIn: d.expiresIn ?? DEFAULT_EXPIRES_IN });
  }
  if (route === 'POST /oauth/expire') {
    const past = new Date(sb.now().getTime() - 1000).toISOString();
    let expired = 0;
    for (const t of Object.values(sb.store.data.tokens)) {
      if (t.oauth_consumer) {
        t.expires_on = past;
        expired++;
      }
    }
    await sb.store.save();
    return json(res, 200, { expired });
  }
  json(res, 404, { type: 'error', error: { message: `No admin endpoint ${method} /_sandbox${sub}` } });
}
