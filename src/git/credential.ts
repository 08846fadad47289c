import type { Context } from '../context.js';
import type { HostInfo } from '../provider/types.js';

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

/**
 * The host whose credential git may receive for `u`: Cloud for the API's own git host (credentialHostAllowed), or the
 * Data Center instance bb knows (hosts.json with kind `dc`, or BB_HOST) whose base URL has the same origin (scheme,
 * host and port). undefined for any other origin: a credential goes only to its own host.
 */
export async function gitCredentialTarget(ctx: Pick<Context, 'apiUrl' | 'apiHost' | 'env' | 'credentials'>, u: URL): Promise<HostInfo | undefined> {
  if (!credentialSchemeAllowed(u)) return undefined;
  const cloud: HostInfo = { kind: 'cloud', key: ctx.apiHost, baseUrl: ctx.apiUrl };
  if (credentialHostAllowed(ctx, u)) return cloud;
  return (await knownDcHosts(ctx, cloud)).find((h) => sameOrigin(h.baseUrl, u));
}

/** Data Center hosts bb has a credential for: stored in hosts.json, and BB_HOST's when it names one. */
export async function knownDcHosts(ctx: Pick<Context, 'env' | 'credentials'>, cloud: HostInfo): Promise<HostInfo[]> {
  const { dcHostsIn, hostFromSetting } = await import('../provider/host.js');
  const hosts: HostInfo[] = [];
  if (ctx.env.BB_HOST) {
    const fromEnv = await hostFromSetting(ctx.env.BB_HOST, ctx.credentials, cloud).catch(() => undefined);
    if (fromEnv?.kind === 'dc') hosts.push(fromEnv);
  }
  const file = await ctx.credentials.read().catch(() => undefined);
  for (const h of file ? dcHostsIn(file) : []) if (!hosts.some((x) => x.key.toLowerCase() === h.key.toLowerCase())) hosts.push(h);
  return hosts;
}

function sameOrigin(baseUrl: string, u: URL): boolean {
  try {
    return new URL(baseUrl).origin === u.origin;
  } catch {
    return false;
  }
}
