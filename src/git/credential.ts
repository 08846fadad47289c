import type { Credential } from '../core/credentials.js';
import { BbError } from '../core/errors.js';

/**
 * What git gets of a bb credential over https, and where it may go. Both Bitbucket hosts are decided here, once:
 * `gitLogin` (the username and password, or a Bearer token) and `gitEnv` (the environment of one git process).
 */

/** The host a credential belongs to (src/provider/types.ts's HostInfo is one). */
export interface GitHost {
  /** `cloud` (Bitbucket Cloud: `baseUrl` is the API) or `dc` (a Data Center instance: `baseUrl` is its base URL). */
  kind: 'cloud' | 'dc';
  key: string;
  baseUrl: string;
}

/**
 * Which username git sends with a bb credential over https (Bitbucket's "Using API tokens" and
 * access-token docs), and which hosts may receive it.
 */
export const GIT_USERNAME = {
  // API tokens work over https with the Bitbucket username or the static `x-bitbucket-api-token-auth`;
  // bb knows the account email, not the username, so it uses the static one.
  'api-token': 'x-bitbucket-api-token-auth',
  // repository, project and workspace access tokens (and OAuth access tokens)
  'access-token': 'x-token-auth',
} as const;

/**
 * How a credential goes to git on its host. Cloud: the static username of its kind with the token (Basic).
 * Data Center (HTTP access tokens docs): a password or personal access token goes as the password with the username
 * (Basic); an HTTP access token alone is Bearer-only (project and repository tokens are refused with a username).
 */
export type GitLogin = { username: string; password: string } | { bearer: string };

export function gitLogin(host: Pick<GitHost, 'kind'>, credential: Credential): GitLogin {
  if (host.kind === 'cloud') return { username: GIT_USERNAME[credential.kind], password: credential.token };
  if (credential.kind === 'access-token') return { bearer: credential.token };
  return { username: credential.email ?? '', password: credential.token };
}

/**
 * A bb credential goes to git only for the API's own git host: the API host itself (the sandbox),
 * or X when the API is api.X (api.bitbucket.org → bitbucket.org); over https, or http on loopback.
 */
export function credentialHostAllowed(ctx: { apiUrl: string }, u: URL): boolean {
  const api = new URL(ctx.apiUrl);
  if (!credentialSchemeAllowed(u)) return false;
  if (u.host === api.host) return true;
  // api.bitbucket.org serves git at bitbucket.org
  return api.hostname.startsWith('api.') && u.host === api.host.slice('api.'.length);
}

/** https, or http on loopback only: the schemes a bb credential may travel over. */
export function credentialSchemeAllowed(u: URL): boolean {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  return u.protocol === 'https:' || (u.protocol === 'http:' && loopback);
}

/** Whether `host`'s credential may go to git for `u`: Cloud's API git host, or the Data Center instance's own origin. */
function originAllowed(ctx: { apiUrl: string }, host: GitHost, u: URL): boolean {
  if (host.kind === 'cloud') return credentialHostAllowed(ctx, u);
  return u.origin === new URL(host.baseUrl).origin && credentialSchemeAllowed(u);
}

/**
 * The credential helper git runs for the clone. It is a constant: the username and the token are read
 * from the environment of the git process (BB_GIT_USERNAME, BB_GIT_PASSWORD) when git asks (`get`);
 * `store` and `erase` are ignored, so nothing is ever written anywhere.
 */
export const CREDENTIAL_HELPER = '!f() { test "$1" = get || exit 0; printf \'username=%s\\npassword=%s\\n\' "$BB_GIT_USERNAME" "$BB_GIT_PASSWORD"; }; f';

/**
 * Environment for a git process over https (`git clone`, `git fetch`, `git push`) that authenticates with `host`'s
 * credential, without putting the token in argv (visible in `ps`), in the URL (kept in .git/config as the remote) or
 * in any file; undefined when `url` is not on that host's own origin (git then uses the user's own setup).
 *
 * git reads extra configuration from GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n (git ≥ 2.31), so the
 * helper is configured through the environment of the git child only — never in .git/config. Keys are scoped to the
 * URL's scheme and host (`credential.https://bitbucket.org.helper`): the empty value first resets the user's own
 * helpers for that host only (so a `store` or keychain helper does not save bb's token), then CREDENTIAL_HELPER
 * answers with the username and token, which travel in BB_GIT_USERNAME / BB_GIT_PASSWORD, also only in the child's
 * environment. A Bearer token (Data Center HTTP access token) goes as an `http.<origin>/.extraHeader` instead, with
 * redirects refused. Other hosts (e.g. submodules elsewhere) keep the user's helpers and never see the token.
 * Entries are appended after any GIT_CONFIG_COUNT the user already has.
 */
export function gitEnv(
  ctx: { apiUrl: string; env: NodeJS.ProcessEnv },
  host: GitHost,
  url: string,
  credential: Credential,
): Record<string, string> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!originAllowed(ctx, host, u)) return undefined;
  if (/[\r\n\0]/.test(credential.token)) throw new BbError('AUTH_INPUT', 'the token contains a line break; git cannot use it');
  const scope = `${u.protocol}//${u.host}`;
  const existing = Number.parseInt(ctx.env.GIT_CONFIG_COUNT ?? '0', 10);
  const n = Number.isInteger(existing) && existing > 0 ? existing : 0;
  const login = gitLogin(host, credential);
  if ('bearer' in login) {
    // git sends an extra header with every request of the operation, to whatever origin a redirect of the first
    // request moved it to (http.followRedirects=initial): redirects are refused, so the token stays on its origin.
    return {
      GIT_CONFIG_COUNT: String(n + 3),
      [`GIT_CONFIG_KEY_${n}`]: `credential.${scope}.helper`,
      [`GIT_CONFIG_VALUE_${n}`]: '',
      [`GIT_CONFIG_KEY_${n + 1}`]: `http.${scope}/.extraHeader`,
      [`GIT_CONFIG_VALUE_${n + 1}`]: `Authorization: Bearer ${login.bearer}`,
      [`GIT_CONFIG_KEY_${n + 2}`]: `http.${scope}/.followRedirects`,
      [`GIT_CONFIG_VALUE_${n + 2}`]: 'false',
    };
  }
  return {
    GIT_CONFIG_COUNT: String(n + 2),
    [`GIT_CONFIG_KEY_${n}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${n}`]: '',
    [`GIT_CONFIG_KEY_${n + 1}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${n + 1}`]: CREDENTIAL_HELPER,
    BB_GIT_USERNAME: login.username,
    BB_GIT_PASSWORD: login.password,
  };
}
