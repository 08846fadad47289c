import type { CredentialStore } from '../auth/store.js';
import { credentialHostAllowed, credentialSchemeAllowed } from '../git/credential.js';
import { cloudHost, dcHostsIn, hostFromSetting } from '../resolve/host.js';
import type { HostInfo } from './types.js';

/**
 * Which host git may receive a credential of, for `bb auth git-credential` and `bb auth setup-git`: Cloud's git host,
 * or a Data Center instance bb knows.
 */

interface HostDeps {
  apiUrl: string;
  apiHost: string;
  env: NodeJS.ProcessEnv;
  credentials: CredentialStore;
}

/**
 * The host whose credential git may receive for `u`: Cloud for the API's own git host (credentialHostAllowed), or the
 * Data Center instance bb knows (hosts.json with kind `dc`, or BB_HOST) whose base URL has the same origin (scheme,
 * host and port). undefined for any other origin: a credential goes only to its own host.
 */
export async function gitCredentialTarget(ctx: HostDeps, u: URL): Promise<HostInfo | undefined> {
  if (!credentialSchemeAllowed(u)) return undefined;
  if (credentialHostAllowed(ctx, u)) return cloudHost(ctx);
  return (await knownDcHosts(ctx)).find((h) => sameOrigin(h.baseUrl, u));
}

/** Data Center hosts bb has a credential for: stored in hosts.json, and BB_HOST's when it names one. */
export async function knownDcHosts(ctx: HostDeps): Promise<HostInfo[]> {
  const hosts: HostInfo[] = [];
  if (ctx.env.BB_HOST) {
    const fromEnv = await hostFromSetting(ctx.env.BB_HOST, ctx.credentials, cloudHost(ctx)).catch(() => undefined);
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
