import type { Credential } from '../../core/credentials.js';
import { HttpTransport } from '../../api/http.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { credentialSchemeAllowed, gitLogin } from '../../git/credential.js';
import { hostKeyOf } from '../../resolve/host.js';
import type { HostTraits, VerifiedLogin } from '../host-traits.js';

/**
 * Who a DC credential acts for: GET /rest/api/latest/users/{userSlug} for the user from `username` (Basic logins) or from
 * the X-AUSERNAME header of an authenticated answer (Bearer tokens). `bb auth login --hostname` and `bb auth status` use it.
 */
export async function verifyDc(ctx: Pick<Context, 'fetch' | 'version' | 'sleep'>, baseUrl: string, credential: Credential, username: string | undefined) {
  const http = new HttpTransport({ baseUrl, credential, fetch: ctx.fetch, userAgent: `bb/${ctx.version}`, sleep: ctx.sleep });
  const get = async (path: string, operation: string) => {
    const r = await http.send(new Request(http.url(path)), { operation });
    return { body: (await r.json().catch(() => undefined)) as Record<string, unknown> | undefined, who: r.headers.get('x-ausername') };
  };
  try {
    let slug = username;
    if (!slug) {
      // any authenticated answer names the user; projects are readable with the lowest token permission
      const r = await get('/rest/api/latest/projects?limit=1', 'GET /api/latest/projects');
      slug = r.who ?? undefined;
      if (!slug) return undefined;
    }
    const { body } = await get(`/rest/api/latest/users/${encodeURIComponent(slug)}`, 'GET /api/latest/users/{userSlug}');
    return { slug: (body?.slug as string) ?? slug, displayName: body?.displayName as string | undefined, id: body?.id as number | undefined };
  } catch (e) {
    if (e instanceof BbError && e.errorName === 'AUTH_INVALID') {
      throw new BbError('AUTH_VERIFY_FAILED', `${hostKeyOf(baseUrl)} rejected the credentials`, {
        hints: username
          ? ['check the username and the password or personal access token']
          : ['an HTTP access token is used alone; a password needs --username'],
      });
    }
    throw e;
  }
}

/** A Basic login (password or personal access token) names its user; an HTTP access token alone does not. */
function usernameOf(credential: Credential): string | undefined {
  return credential.kind === 'api-token' ? credential.email : undefined;
}

async function verifyLogin(ctx: Context, host: { baseUrl: string }, credential: Credential): Promise<VerifiedLogin | undefined> {
  const user = await verifyDc(ctx, host.baseUrl, credential, usernameOf(credential));
  if (!user) return undefined;
  return { display_name: user.displayName, nickname: user.slug, account_id: user.id === undefined ? undefined : String(user.id) };
}

/** Bitbucket Data Center (src/provider/host-traits.ts). */
export const dcTraits: HostTraits = {
  kind: 'dc',
  title: (key) => `${key} (Bitbucket Data Center)`,
  describeToken: (kind) => (kind === 'api-token' ? 'username and password or personal access token (Basic)' : 'HTTP access token (Bearer)'),
  permissionLines: () => [
    '    - Token permissions: not reported by Data Center (`bb scopes --dc` lists what each command needs; a token never exceeds your own permission)',
  ],
  verifyLogin,
  // Data Center does not report what a token may do (bb scopes --dc lists what each command needs)
  grantedScopes: async () => undefined,
  async checkLogin(ctx, host, credential) {
    try {
      const user = await verifyLogin(ctx, host, credential);
      return { valid: true, user: user?.display_name ?? user?.nickname };
    } catch (e) {
      if (!(e instanceof BbError)) throw e;
      return { valid: false, problem: e.message };
    }
  },
  webOrigins(host) {
    const origin = new URL(host.baseUrl).origin;
    return { origin, allowed: [origin] };
  },
  repoPage(_ctx, host, repo, paths, what) {
    const base = host.baseUrl.replace(/\/+$/, '');
    // personal repositories live under ~USER: /users/USER/repos/slug
    const owner = repo.workspace.startsWith('~')
      ? `/users/${encodeURIComponent(repo.workspace.slice(1).toLowerCase())}`
      : `/projects/${encodeURIComponent(repo.workspace)}`;
    if (paths.dcAbsolute) return `${base}${paths.dcAbsolute(owner, encodeURIComponent(repo.repo))}`;
    if (paths.dc === undefined) {
      throw new BbError('NOT_ON_DC', `Bitbucket Data Center has no page for ${what}`, { hints: ['bb browse --no-browser prints the repository page'] });
    }
    return `${base}${owner}/repos/${encodeURIComponent(repo.repo)}${paths.dc}`;
  },
  gitOrigin(host) {
    const origin = new URL(host.baseUrl).origin;
    if (!credentialSchemeAllowed(new URL(origin))) {
      throw new BbError('INSECURE_URL', `${origin} is plain http: bb gives git a credential only over https (or http on loopback)`);
    }
    return origin;
  },
  async gitSetupNotes(ctx, host) {
    const credential = await ctx.credentialFor(host).catch(() => undefined);
    if (!credential) return [`! bb has no login for ${host.key} yet: run \`bb auth login --hostname ${host.key}\``];
    if ('bearer' in gitLogin(host, credential)) {
      return [`! ${host.key}: an HTTP access token goes to git as a Bearer token, which needs git 2.46 or later`];
    }
    return [];
  },
};
