import { Buffer } from 'node:buffer';
import { OPERATIONS } from '../scopes/generated/operations.js';
import { expandLegacyScopes } from './legacy-scopes.js';
import type { Store, TokenRecord, UserRecord } from './state.js';

/**
 * Credentials and scope enforcement, generated from the operation table (never hand-listed):
 * - `granular` tokens (Atlassian API tokens) satisfy an operation when one of its alternatives
 *   (OPERATIONS[op].granular, OR of ANDs) is fully granted; granular scopes imply nothing (SCOPES.md);
 * - `legacy` tokens (access tokens, OAuth consumers) need every scope of OPERATIONS[op].legacy after
 *   expanding their own scopes with the sandbox's own table of Bitbucket's documented implications (legacy-scopes.ts);
 * - `all` (the ready line's token) satisfies everything.
 */

export const MSG_INVALID = 'Token is invalid, expired, or not supported for this endpoint.';
export const MSG_SCOPES = 'Your credentials lack one or more required privilege scopes.';

/** Every granular and legacy scope the table mentions (what an `all` token is granted). */
export const ALL_GRANULAR: string[] = [...new Set(Object.values(OPERATIONS).flatMap((o) => o.granular.flat()))].sort();
export const ALL_LEGACY: string[] = [...new Set(Object.values(OPERATIONS).flatMap((o) => o.legacy))].sort();

export interface Principal {
  user: UserRecord;
  token: TokenRecord;
}

/**
 * The principal behind an Authorization header: `Basic base64(email:token)` (the email must be the
 * token owner's, as with Atlassian API tokens) or `Bearer token`. Undefined when missing or invalid.
 */
export function authenticate(store: Store, header: string | undefined): Principal | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  let tokenText: string;
  let login: string | undefined;
  if (scheme === 'bearer') {
    tokenText = value;
  } else if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    login = decoded.slice(0, colon);
    tokenText = decoded.slice(colon + 1);
  } else {
    return undefined;
  }
  if (!tokenText) return undefined;
  const token = store.token(tokenText);
  if (!token) return undefined;
  // OAuth access tokens expire (oauth.ts); Bitbucket then answers 401 like for any bad token.
  if (token.expires_on && Date.parse(token.expires_on) <= Date.now()) return undefined;
  const user = store.data.users[token.user];
  if (!user) return undefined;
  // Basic with an API token needs the account email. Over git, Bitbucket also takes the username
  // and the fixed names `x-bitbucket-api-token-auth` (API tokens) and `x-token-auth` (access tokens).
  const gitLogins = ['x-token-auth', 'x-bitbucket-api-token-auth'];
  if (login !== undefined && login.toLowerCase() !== user.email.toLowerCase() && login !== user.nickname && !gitLogins.includes(login)) return undefined;
  return { user, token };
}

export interface ScopeCheck {
  ok: boolean;
  required: string[];
  granted: string[];
}

/** Scopes the token grants, in its own vocabulary (legacy ones expanded). */
export function grantedScopes(token: TokenRecord): string[] {
  if (token.kind === 'all') return [...ALL_GRANULAR, ...ALL_LEGACY];
  if (token.kind === 'legacy') return [...expandLegacyScopes(token.scopes)].sort();
  return [...token.scopes].sort();
}

/** Does the token satisfy the operation? `required` names the scopes of the closest alternative. */
export function checkScopes(token: TokenRecord, operation: string): ScopeCheck {
  const entry = OPERATIONS[operation];
  const granted = grantedScopes(token);
  if (token.kind === 'all' || !entry) return { ok: true, required: [], granted };
  const have = new Set(granted);
  if (token.kind === 'legacy') {
    const required = [...entry.legacy].sort();
    return { ok: required.every((s) => have.has(s)), required, granted };
  }
  if (entry.granular.length === 0) return { ok: true, required: [], granted };
  let closest: string[] | undefined;
  let fewestMissing = Number.POSITIVE_INFINITY;
  for (const alternative of entry.granular) {
    const missing = alternative.filter((s) => !have.has(s)).length;
    if (missing === 0) return { ok: true, required: [...alternative].sort(), granted };
    if (missing < fewestMissing) {
      fewestMissing = missing;
      closest = alternative;
    }
  }
  return { ok: false, required: [...(closest ?? [])].sort(), granted };
}

/**
 * The scope headers Bitbucket Cloud sends on API answers for the credentials whose scopes it reports: access tokens
 * and OAuth consumers' tokens (`legacy` here) get `X-OAuth-Scopes` (the scopes the token was given, as given) and
 * `X-Accepted-OAuth-Scopes` (the operation's scopes); Atlassian API tokens get neither (Atlassian KB "How to fetch the
 * scope of a token via command line?"). The sandbox's own `all` token stands for no real credential: none either.
 */
export function scopeHeaders(token: TokenRecord, operation: string): Record<string, string> {
  if (token.kind !== 'legacy') return {};
  return { 'X-OAuth-Scopes': token.scopes.join(', '), 'X-Accepted-OAuth-Scopes': (OPERATIONS[operation]?.legacy ?? []).join(', ') };
}

/** Git over HTTP: fetch needs repository read, push needs repository write. */
export const GIT_READ = { granular: 'read:repository:bitbucket', legacy: 'repository' } as const;
export const GIT_WRITE = { granular: 'write:repository:bitbucket', legacy: 'repository:write' } as const;

export function checkGitScope(token: TokenRecord, need: typeof GIT_READ | typeof GIT_WRITE): ScopeCheck {
  const granted = grantedScopes(token);
  if (token.kind === 'all') return { ok: true, required: [], granted };
  const scope = token.kind === 'legacy' ? need.legacy : need.granular;
  return { ok: granted.includes(scope), required: [scope], granted };
}
