import { type Credential, describeKind } from '../../core/credentials.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { cloudRepoPage, webOrigin } from '../../resolve/host.js';
import type { HostTraits, VerifiedLogin } from '../host-traits.js';

/** Cloud's pages are on bitbucket.org whatever the API's address (a proxy, a test double). */
const CLOUD_WEB_ORIGIN = 'https://bitbucket.org';

/** `X-OAuth-Scopes: repository:write, pullrequest` → sorted names; undefined without the header. */
export function parseScopeHeader(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  return [...new Set(value.split(/[,\s]+/).filter(Boolean))].sort();
}

/**
 * Check a Cloud credential by reading the user it belongs to (`GET /user`, which needs read:user:bitbucket
 * for API tokens and `account` for access tokens). 401 → the token is wrong; 403 → the token works
 * but lacks the scope, which is named. Always against the Cloud API (`ctx.apiUrl`), even when the command's
 * host is a Data Center instance (BB_HOST): a Cloud token never goes to another host.
 */
export async function verifyCredential(ctx: Context, credential: Credential): Promise<VerifiedLogin> {
  const http = await ctx.http({ credential, baseUrl: ctx.apiUrl });
  const { createApi, must } = await import('../../api/client.js');
  const api = createApi(http);
  try {
    const result = await api.GET('/user');
    const user = must(result) as VerifiedLogin;
    const grantedScopes = parseScopeHeader(result.response.headers.get('x-oauth-scopes'));
    return grantedScopes ? { ...user, grantedScopes } : user;
  } catch (e) {
    if (!(e instanceof BbError)) throw e;
    if (e.errorName === 'API_FORBIDDEN') {
      const scope = credential.kind === 'api-token' ? 'read:user:bitbucket' : 'account';
      throw new BbError('AUTH_VERIFY_FAILED', `the token is valid but cannot read your user (GET /user needs ${scope})`, {
        missingScopes: e.missingScopes?.length ? e.missingScopes : [scope],
        operation: 'GET /user',
        details: e.details,
        hints: [`mint a token that includes ${scope} (bb verifies every login with it), or pass --no-verify to store it anyway`],
      });
    }
    if (e.errorName === 'AUTH_INVALID') {
      throw new BbError('AUTH_VERIFY_FAILED', `${ctx.apiHost} rejected the token: ${e.message.replace(/^GET \/user: /, '')}`, {
        operation: 'GET /user',
        hints:
          credential.kind === 'api-token'
            ? ['API tokens go with your Atlassian account email (not the Bitbucket username); check both', 'an access token is used without --email']
            : ['repository/project/workspace access tokens are used without --email; an Atlassian API token needs --email'],
      });
    }
    throw e;
  }
}

/** Bitbucket Cloud (src/provider/host-traits.ts). */
export const cloudTraits: HostTraits = {
  kind: 'cloud',
  title: (key) => key,
  describeToken: (kind, oauth) => describeKind(kind, oauth),
  permissionLines(scopes, allows) {
    const lines = [
      scopes
        ? `    - Token scopes: ${scopes.join(', ') || '(none)'}`
        : '    - Token scopes: unknown (Bitbucket did not report them; `bb scopes` lists what each command needs)',
    ];
    if (allows) lines.push(`    - Allows: ${allows.join('; ')}`);
    return lines;
  },
  verifyLogin: (ctx, _host, credential) => verifyCredential(ctx, credential),
  async checkLogin(ctx, _host, credential) {
    try {
      // An OAuth login's transport refreshes an expired token on the 401 (src/context/context.ts).
      const user = await verifyCredential(ctx, credential);
      return { valid: true, user: user.display_name ?? user.nickname, scopes: user.grantedScopes };
    } catch (e) {
      if (!(e instanceof BbError)) throw e;
      const granted = e.details?.grantedScopes;
      return { valid: false, problem: e.message, scopes: Array.isArray(granted) ? granted.map(String) : undefined };
    }
  },
  async grantedScopes(ctx, host, credential) {
    // Bitbucket reports the scopes of access tokens and OAuth tokens (X-OAuth-Scopes), never an API token's
    if (credential.kind === 'api-token') return undefined;
    const check = await cloudTraits.checkLogin(ctx, host, credential);
    if (check.scopes) return check.scopes;
    // an OAuth login: what the token endpoint granted at login, when the API did not say
    if (!credential.oauth || credential.host === undefined || credential.account === undefined) return undefined;
    return (await ctx.credentials.read()).hosts[credential.host]?.accounts[credential.account]?.scopes;
  },
  webOrigins(host) {
    const origin = webOrigin(host.baseUrl);
    return { origin, allowed: [origin, CLOUD_WEB_ORIGIN] };
  },
  repoPage: (ctx, _host, repo, paths) => cloudRepoPage(ctx.apiUrl, repo, paths.cloud),
  // git over https is served where the web pages are: bitbucket.org for api.bitbucket.org, the sandbox's own origin
  gitOrigin: (host) => webOrigin(host.baseUrl),
  gitSetupNotes: async () => [],
};
