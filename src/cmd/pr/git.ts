/** The local git side of `bb pr create` and `bb pr checkout`: the clone's remote of a repository, git's credential. */
import type { Context } from '../../context/context.js';
import { gitEnv as credentialEnv } from '../../git/credential.js';
import { parseRemoteUrl, type RepoRef } from '../../git/remote.js';

/** The name of the git remote that points at `repo` (default `origin`). */
export async function remoteFor(ctx: Context, repo: RepoRef): Promise<{ name: string; url?: string }> {
  const remotes = await ctx.remotes();
  const hosts = [new URL(ctx.apiUrl).host];
  for (const r of remotes) {
    const ref = parseRemoteUrl(r.url, hosts);
    if (ref && ref.workspace.toLowerCase() === repo.workspace.toLowerCase() && ref.repo.toLowerCase() === repo.repo.toLowerCase()) return r;
  }
  const origin = remotes.find((r) => r.name === 'origin') ?? remotes[0];
  return origin ?? { name: 'origin' };
}

/**
 * git's environment for fetching from or pushing to `url` with bb's credential (this one git process only, never
 * written to git's config); undefined for ssh URLs and other origins: git then uses the user's own setup.
 */
export async function gitEnv(ctx: Context, url: string): Promise<Record<string, string> | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return credentialEnv(ctx, await ctx.host(), url, await ctx.credential());
}
