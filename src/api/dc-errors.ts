import { BbError } from '../core/errors.js';

/**
 * Bitbucket Data Center's error envelope, `{"errors":[{"context":null,"message":"…","exceptionName":"…"}]}`
 * (the spec's RestErrorMessage), and its 403: loaded only when such an answer arrives, so the DC permission
 * table (src/scopes/generated/dc-operations.ts) stays out of bb's start-up.
 */
export interface DcErrorMessage {
  context?: string | null;
  message?: string;
  exceptionName?: string;
}

export function dcErrorMessages(envelope: unknown): DcErrorMessage[] | undefined {
  if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) return undefined;
  const errors = (envelope as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const out = errors.filter((e): e is DcErrorMessage => !!e && typeof e === 'object');
  return out.length ? out : undefined;
}

export function dcMessageText(errors: DcErrorMessage[]): string {
  return errors
    .map((e) => e.message ?? e.exceptionName ?? '')
    .filter(Boolean)
    .join('; ');
}

/** The DC operation (`METHOD /path/template`, below /rest) for a request, when bb did not name it. */
async function operationFor(method: string, url: string): Promise<string | undefined> {
  const { DC_OPERATIONS } = await import('../scopes/generated/dc-operations.js');
  const { matchTemplate } = await import('../util/route-match.js');
  const path = new URL(url || 'http://x/').pathname;
  const at = path.indexOf('/rest/');
  if (at < 0) return undefined;
  dcOperationKeys ??= Object.freeze(Object.keys(DC_OPERATIONS));
  return matchTemplate(method, path.slice(at + '/rest'.length), dcOperationKeys)?.operation;
}

/** The DC spec's operations, one array for the matcher to compile once (loaded with the first DC 403). */
let dcOperationKeys: readonly string[] | undefined;

/**
 * A DC 403 as `2003 API_FORBIDDEN`: the permission the operation needs (from the table read from the spec), the
 * OAuth 2.0 scope and access-token permission that carry it, and the cap — a token never exceeds its owner.
 */
export async function dcForbidden(errors: DcErrorMessage[], operation: string | undefined, method: string, url: string, status: number): Promise<BbError> {
  const { DC_OPERATIONS } = await import('../scopes/generated/dc-operations.js');
  const { dcScopeFor, dcTokenPermissionFor } = await import('../scopes/dc-permissions.js');
  const op = operation && DC_OPERATIONS[operation] ? operation : await operationFor(method, url);
  const entry = op ? DC_OPERATIONS[op] : undefined;
  const serverSays = dcMessageText(errors);
  const where = op ?? `${method} ${new URL(url || 'http://x/').pathname}`;
  if (!entry || entry.p === null || entry.p === 'public') {
    return new BbError('API_FORBIDDEN', `${where}: ${serverSays || 'forbidden'}`, {
      status,
      operation: op,
      missingScopes: [],
      details: { dataCenter: { exceptionName: errors[0]?.exceptionName } },
      hints: ['Bitbucket Data Center refused the request; the spec states no permission for this operation'],
    });
  }
  const permission = entry.p === 'authenticated' ? 'LICENSED_USER' : entry.p;
  const scope = dcScopeFor(op as string, entry);
  const token = dcTokenPermissionFor(op as string, entry);
  const on = entry.on === 'repository' ? 'this repository' : entry.on === 'project' ? 'this project' : 'this instance';
  const above = permission === 'REPO_READ' ? 'REPO_ADMIN' : permission === 'REPO_WRITE' || permission === 'REPO_ADMIN' ? 'PROJECT_ADMIN' : 'SYS_ADMIN';
  const hints = [
    `a token's scope never exceeds your own permission: the token may have ${above} but if you yourself have less than ${permission} on ${on}, the request is refused`,
    `ask a ${entry.on === 'repository' ? 'repository or project' : entry.on === 'project' ? 'project' : 'system'} admin for ${permission} on ${on}, and use a credential that carries it: ` +
      `OAuth 2.0 scope ${scope ?? '-'}${token.permission ? `, or an HTTP access token with ${token.permission}` : token.refused ? ` (${token.refused})` : ''}`,
  ];
  return new BbError(
    'API_FORBIDDEN',
    `${where} needs ${permission} permission${entry.on === 'global' || entry.on === 'none' ? '' : ` on ${on}`}, which the credential or your account lacks${serverSays ? ` (${serverSays})` : ''}`,
    {
      status,
      operation: op,
      missingScopes: [permission],
      details: {
        dataCenter: { permission, on: entry.on, oauthScope: scope, accessTokenPermission: token.permission ?? null, exceptionName: errors[0]?.exceptionName },
      },
      hints,
    },
  );
}
