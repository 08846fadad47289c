import type { Context } from '../context/context.js';
import { cloudTraits } from './cloud/host.js';
import { dcTraits } from './dc/host.js';
import type { HostTraits } from './host-traits.js';
import type { HostKind, Provider } from './types.js';

/**
 * The provider for the command's host (src/provider/README.md; the host is chosen once, by src/resolve/target.ts).
 * The Data Center adapter is loaded only for DC hosts, so Cloud start-up does not grow.
 */
const cache = new WeakMap<Context, Promise<Provider>>();

export function provider(ctx: Context): Promise<Provider> {
  let p = cache.get(ctx);
  if (!p) {
    p = ctx.host().then(async (host) => {
      if (host.kind === 'dc') return (await import('./dc/index.js')).createDcProvider(ctx, host);
      return (await import('./cloud/index.js')).createCloudProvider(ctx, host);
    });
    cache.set(ctx, p);
  }
  return p;
}

const TRAITS: Record<HostKind, HostTraits> = { cloud: cloudTraits, dc: dcTraits };

/** What differs between Cloud and Data Center outside the API calls (src/provider/host-traits.ts), for a host's kind. */
export function hostTraits(host: { kind: HostKind }): HostTraits {
  return TRAITS[host.kind];
}

export type * from './host-traits.js';
export type * from './types.js';
