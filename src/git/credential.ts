import type { Context } from '../context.js';

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
 * A bb credential goes to git only for the API's own git host: the API host itself (the sandbox),
 * or X when the API is api.X (api.bitbucket.org → bitbucket.org); over https, or http on loopback.
 */
export function credentialHostAllowed(ctx: Pick<Context, 'apiUrl'>, u: URL): boolean {
  const api = new URL(ctx.apiUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return false;
  if (u.host === api.host) return true;
  // api.bitbucket.org serves git at bitbucket.org
  return api.hostname.startsWith('api.') && u.host === api.host.slice('api.'.length);
}
