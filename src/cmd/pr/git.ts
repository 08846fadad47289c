/** The local git side of `bb pr create` and `bb pr checkout`: git's credential for a fetch or a push. */
import type { Context } from '../../context/context.js';
import { gitEnv as credentialEnv } from '../../git/credential.js';

/**
 * git's environment for fetching from or pushing to `url` with bb's credential (this one git process only, never
 * written to git's config); undefined for ssh URLs and other origins: git then uses the user's own setup.
 */
export async function gitEnv(ctx: Context, url: string): Promise<Record<string, string> | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return credentialEnv(ctx, await ctx.host(), url, await ctx.credential());
}
