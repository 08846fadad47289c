import type { Credential } from '../../auth/credentials.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { must } from '../../api/client.js';

export interface VerifiedUser {
  display_name?: string;
  nickname?: string;
  uuid?: string;
  account_id?: string;
  /**
   * Scopes the credential holds, from the `X-OAuth-Scopes` response header, which Bitbucket sends for access
   * tokens and OAuth tokens (Atlassian KB "How to fetch the scope of a token via command line?"); undefined when
   * the answer does not carry it.
   */
  grantedScopes?: string[];
}

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
export async function verifyCredential(ctx: Context, credential: Credential): Promise<VerifiedUser> {
  const http = await ctx.http({ credential, baseUrl: ctx.apiUrl });
  const { createApi } = await import('../../api/client.js');
  const api = createApi(http);
  try {
    const result = await api.GET('/user');
    const user = must(result) as VerifiedUser;
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

/** Read a whole stream (stdin for `--with-token`, `--body-file -`…), bounded (src/util/input.ts). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const { readStreamLimited } = await import('../../util/input.js');
  return (await readStreamLimited(stream)).toString('utf8');
}
