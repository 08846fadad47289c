import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { gitEnv } from '../../git/credential.js';

/**
 * `git clone` of a provider repository (Cloud or Data Center). bb's credential goes to the host's own origin
 * only, in the environment of the git process (src/git/credential.ts, gitEnv).
 */
export async function cloneProviderRepository(
  ctx: Context,
  repo: { httpsUrl: string | null; sshUrl: string | null; fullName?: string | null; slug: string },
  directory: string | undefined,
  gitFlags: string[],
): Promise<void> {
  const protocol = (await ctx.config.get('git_protocol')) === 'ssh' ? 'ssh' : 'https';
  const link = protocol === 'https' ? repo.httpsUrl : repo.sshUrl;
  if (!link) {
    throw new BbError('API_BAD_RESPONSE', `the API gave no ${protocol} clone URL for ${repo.fullName ?? 'the repository'}`, {
      hints: protocol === 'ssh' ? ['use https: `bb config set git_protocol https`'] : [],
    });
  }
  const host = await ctx.host();
  let env: Record<string, string> | undefined;
  if (protocol === 'https') {
    const credential = await ctx.credential();
    env = gitEnv(ctx, host, link, credential);
  }
  await ctx.git.run(['clone', ...gitFlags, '--', link, ...(directory ? [directory] : [])], { inherit: true, env });
}
