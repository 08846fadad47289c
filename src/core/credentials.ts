import { Buffer } from 'node:buffer';

/**
 * The credential kinds bb speaks to Bitbucket Cloud (SCOPES.md):
 * - `api-token`: an Atlassian API token with scopes, sent as Basic with the account **email**;
 *   it speaks granular scopes (`read:repository:bitbucket`).
 * - `access-token`: a repository, project or workspace access token (or an OAuth access token),
 *   sent as Bearer; it speaks legacy scope names (`repository`, `pullrequest:write`).
 */
export type CredentialKind = 'api-token' | 'access-token';

/** What refreshing an OAuth 2.0 access token needs (secrets in clear: never print them). */
export interface OAuthCredential {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** ISO time the access token expires, when the token endpoint said. */
  expiresAt?: string;
  tokenUrl: string;
  authorizeUrl: string;
  requested?: string[];
}

export interface Credential {
  kind: CredentialKind;
  token: string;
  /** Atlassian account email, for API tokens. */
  email?: string;
  /** Where it came from: `env` (BB_TOKEN), `keychain`, or the path of the credentials file. */
  source: string;
  /** For stored logins: the host key and account name it is stored under. */
  host?: string;
  account?: string;
  /** OAuth 2.0 consumer logins (Bearer, legacy scopes), which bb refreshes when they expire. */
  oauth?: OAuthCredential;
}

export function authorizationHeader(cred: Credential): string {
  if (cred.kind === 'api-token') {
    return `Basic ${Buffer.from(`${cred.email ?? ''}:${cred.token}`).toString('base64')}`;
  }
  return `Bearer ${cred.token}`;
}

export function describeKind(kind: CredentialKind, oauth?: boolean): string {
  if (oauth) return 'OAuth 2.0 access token (Bearer, refreshed automatically)';
  return kind === 'api-token' ? 'API token (Basic, email + token)' : 'access token (Bearer)';
}

/** BB_TOKEN with BB_EMAIL (or BB_USERNAME) is an API token; BB_TOKEN alone is a Bearer access token. */
export function credentialFromEnv(env: NodeJS.ProcessEnv): Credential | undefined {
  const token = env.BB_TOKEN;
  if (!token) return undefined;
  const email = env.BB_EMAIL || env.BB_USERNAME;
  return email ? { kind: 'api-token', token, email, source: 'env' } : { kind: 'access-token', token, source: 'env' };
}

/** Never print a secret: keep a recognisable prefix only. */
export function redact(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}…${'*'.repeat(4)}`;
}
