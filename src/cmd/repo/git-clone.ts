import type { Credential } from '../../auth/credentials.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { credentialHostAllowed, GIT_USERNAME } from '../../git/credential.js';

/**
 * The credential helper git runs for the clone. It is a constant: the username and the token are read
 * from the environment of the git process (BB_GIT_USERNAME, BB_GIT_PASSWORD) when git asks (`get`);
 * `store` and `erase` are ignored, so nothing is ever written anywhere.
 */
export const CREDENTIAL_HELPER = '!f() { test "$1" = get || exit 0; printf \'username=%s\\npassword=%s\\n\' "$BB_GIT_USERNAME" "$BB_GIT_PASSWORD"; }; f';

/**
 * Environment for a `git clone` over https that authenticates with bb's credential, without putting
 * the token in argv (visible in `ps`), in the URL (kept in .git/config as the remote) or in any file.
 *
 * git reads extra configuration from GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n (git ≥
 * 2.31), so the helper is configured through the environment of the git child only — never in
 * .git/config. Both keys are scoped to the clone URL's scheme and host (`credential.https://bitbucket.org.helper`):
 * the empty value first resets the user's own helpers for that host only (so a `store` or keychain
 * helper does not save bb's token), then CREDENTIAL_HELPER answers with the username and token, which
 * travel in BB_GIT_USERNAME / BB_GIT_PASSWORD, also only in the child's environment. Other hosts (e.g.
 * submodules elsewhere) keep the user's helpers and never see the token. Entries are appended after any
 * GIT_CONFIG_COUNT the user already has.
 */
export function gitCredentialEnv(ctx: Context, url: string, credential: Credential): Record<string, string> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!credentialHostAllowed(ctx, u)) return undefined;
  if (/[\r\n\0]/.test(credential.token)) throw new BbError('AUTH_INPUT', 'the token contains a line break; git cannot use it');
  const scope = `${u.protocol}//${u.host}`;
  const existing = Number.parseInt(ctx.env.GIT_CONFIG_COUNT ?? '0', 10);
  const base = Number.isInteger(existing) && existing > 0 ? existing : 0;
  return {
    GIT_CONFIG_COUNT: String(base + 2),
    [`GIT_CONFIG_KEY_${base}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${base}`]: '',
    [`GIT_CONFIG_KEY_${base + 1}`]: `credential.${scope}.helper`,
    [`GIT_CONFIG_VALUE_${base + 1}`]: CREDENTIAL_HELPER,
    BB_GIT_USERNAME: GIT_USERNAME[credential.kind],
    BB_GIT_PASSWORD: credential.token,
  };
}

/**
 * `git clone` of a provider repository (Cloud or Data Center). Cloud: gitCredentialEnv's credential helper.
 * Data Center: the token goes only to the instance's own origin — Basic logins through the same helper with the
 * username, Bearer tokens as an `http.<origin>.extraHeader` with redirects refused (git would carry the header to
 * the redirect's origin) — set in the environment of the git process only.
 */
export async function cloneProviderRepository(
  ctx: Context,
  repo: { https_url: string | null; ssh_url: string | null; full_name?: string | null; slug: string },
  directory: string | undefined,
  gitFlags: string[],
): Promise<void> {
  const protocol = (await ctx.config.get('git_protocol')) === 'ssh' ? 'ssh' : 'https';
  const link = protocol === 'https' ? repo.https_url : repo.ssh_url;
  if (!link) {
    throw new BbError('API_BAD_RESPONSE', `the API gave no ${protocol} clone URL for ${repo.full_name ?? 'the repository'}`, {
      hints: protocol === 'ssh' ? ['use https: `bb config set git_protocol https`'] : [],
    });
  }
  const host = await ctx.host();
  let env: Record<string, string> | undefined;
  if (protocol === 'https') {
    const credential = await ctx.credential();
    env = host.kind === 'dc' ? dcGitEnv(ctx, host.baseUrl, link, credential) : gitCredentialEnv(ctx, link, credential);
  }
  await ctx.git.run(['clone', ...gitFlags, '--', link, ...(directory ? [directory] : [])], { inherit: true, env });
}

/** Git's environment for a Data Center https URL (see cloneProviderRepository); undefined for another origin. */
export function dcGitEnv(ctx: Context, baseUrl: string, url: string, credential: Credential): Record<string, string> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(baseUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.origin !== base.origin || (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))) return undefined;
  if (/[\r\n\0]/.test(credential.token)) throw new BbError('AUTH_INPUT', 'the token contains a line break; git cannot use it');
  const scope = `${u.protocol}//${u.host}`;
  const existing = Number.parseInt(ctx.env.GIT_CONFIG_COUNT ?? '0', 10);
  const n = Number.isInteger(existing) && existing > 0 ? existing : 0;
  if (credential.kind === 'access-token') {
    // git sends an extra header with every request of the operation, to whatever origin a redirect of the first
    // request moved it to (http.followRedirects=initial): redirects are refused, so the token stays on its origin.
    return {
      GIT_CONFIG_COUNT: String(n + 3),
      [`GIT_CONFIG_KEY_${n}`]: `credential.${scope}.helper`,
      [`GIT_CONFIG_VALUE_${n}`]: '',
      [`GIT_CONFIG_KEY_${n + 1}`]: `http.${scope}/.extraHeader`,
      [`GIT_CONFIG_VALUE_${n + 1}`]: `Authorization: Bearer ${credential.token}`,
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
    BB_GIT_USERNAME: credential.email ?? '',
    BB_GIT_PASSWORD: credential.token,
  };
}
