import type { Context } from '../context.js';
import type { Remote } from '../git/git.js';
import { parseDcRemoteUrl, type RepoRef } from '../git/remote.js';
import { dcHostsIn, hostFromSetting } from './host.js';

/** The first git remote on a Data Center host known from hosts.json or BB_HOST (loaded only when no Cloud remote matched). */
export async function dcRemoteRef(ctx: Context, remotes: readonly Remote[]): Promise<RepoRef | undefined> {
  const hosts = dcHostsIn(await ctx.credentials.read().catch(() => ({ hosts: {} })));
  if (ctx.env.BB_HOST) {
    const h = await hostFromSetting(ctx.env.BB_HOST, ctx.credentials, { kind: 'cloud', key: ctx.apiHost, baseUrl: ctx.apiUrl }).catch(() => undefined);
    if (h?.kind === 'dc') hosts.push(h);
  }
  if (hosts.length === 0) return undefined;
  for (const remote of remotes) {
    const ref = parseDcRemoteUrl(
      remote.url,
      hosts.map((h) => h.key),
    );
    if (ref) return ref;
  }
  return undefined;
}
