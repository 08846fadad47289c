import { BbError, type ErrorName } from '../errors.js';

/**
 * Bitbucket's error envelope: `{"type":"error","error":{"message":"…","detail":…,"fields":{…}}}`.
 * `detail` is a string on most errors and `{required:[…],granted:[…]}` on a missing scope.
 */
export interface ErrorEnvelope {
  type?: string;
  error?: {
    message?: string;
    detail?: unknown;
    fields?: Record<string, unknown>;
    data?: unknown;
  };
}

export interface ScopeDetail {
  required?: string[];
  granted?: string[];
}

export function scopeDetail(envelope: ErrorEnvelope | undefined): ScopeDetail | undefined {
  const detail = envelope?.error?.detail;
  if (detail && typeof detail === 'object' && !Array.isArray(detail)) {
    const d = detail as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
    if (d.required !== undefined || d.granted !== undefined) return { required: list(d.required), granted: list(d.granted) };
  }
  return undefined;
}

/** Scopes the failing operation needs, from the table generated from the spec (loaded only on a 403). */
async function requiredScopesForOperation(operation: string): Promise<string[] | undefined> {
  const { granularForOperation } = await import('../scopes/engine.js');
  return granularForOperation(operation);
}

const STATUS_ERRORS: Record<number, ErrorName> = {
  400: 'API_BAD_REQUEST',
  401: 'AUTH_INVALID',
  403: 'API_FORBIDDEN',
  404: 'API_NOT_FOUND',
  409: 'API_CONFLICT',
  429: 'API_RATE_LIMITED',
  501: 'API_NOT_IMPLEMENTED',
};

export async function readEnvelope(response: Response): Promise<{ envelope?: ErrorEnvelope; text: string }> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') return { envelope: parsed as ErrorEnvelope, text };
  } catch {
    // not JSON: fall through with the text
  }
  return { text };
}

export async function apiErrorFromResponse(response: Response, operation: string | undefined, method: string): Promise<BbError> {
  const { envelope, text } = await readEnvelope(response);
  const status = response.status;
  const name: ErrorName = STATUS_ERRORS[status] ?? (status >= 500 ? 'API_SERVER_ERROR' : 'API_ERROR');
  const apiMessage = envelope?.error?.message ?? (text && text.length < 300 && !text.trimStart().startsWith('<') ? text.trim() : '');
  const where = operation ?? `${method} ${new URL(response.url || 'http://x/').pathname}`;
  const fieldErrors = envelope?.error?.fields
    ? Object.entries(envelope.error.fields).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    : [];
  const detailText = typeof envelope?.error?.detail === 'string' ? envelope.error.detail : undefined;

  // Bitbucket Data Center answers {"errors":[{"message","exceptionName"}]} (src/api/dc-errors.ts, loaded only then).
  if (envelope && !envelope.error && Array.isArray((envelope as { errors?: unknown }).errors)) {
    const dc = await import('./dc-errors.js');
    const errors = dc.dcErrorMessages(envelope);
    if (errors && status === 403) return dc.dcForbidden(errors, operation, method, response.url, status);
    if (errors && status !== 401) {
      const hints = status === 404 ? ['check the project key, repository slug and id; you may also lack permission to see it'] : [];
      return new BbError(name, `${where}: ${dc.dcMessageText(errors) || `HTTP ${status}`}`, { status, operation, hints });
    }
  }

  if (status === 403) {
    const detail = scopeDetail(envelope);
    // A 403 is about scopes when Bitbucket says so (its scope message, or `detail.required/granted`);
    // otherwise it is the account's own permission on the resource, and no scope would help.
    const aboutScopes = detail !== undefined || /scope/i.test(apiMessage);
    const fromTable = operation && aboutScopes ? await requiredScopesForOperation(operation) : undefined;
    let missing: string[] = [];
    if (detail?.required) {
      const granted = new Set(detail.granted ?? []);
      missing = detail.required.filter((s) => !granted.has(s));
    }
    if (missing.length === 0 && fromTable) {
      const granted = new Set(detail?.granted ?? []);
      missing = fromTable.filter((s) => !granted.has(s));
    }
    if (missing.length > 0) {
      return new BbError('API_FORBIDDEN', `${where} needs scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the credential lacks`, {
        status,
        operation,
        missingScopes: [...missing].sort(),
        // what the credential does hold, when Bitbucket says (`bb auth status` shows it)
        details: detail?.granted ? { grantedScopes: [...detail.granted].sort() } : undefined,
        hints: ["scopes can't be added to an existing token: mint a new one with the scopes listed by `bb scopes`, then run `bb auth login`"],
      });
    }
    return new BbError('API_FORBIDDEN', `${where}: ${apiMessage || 'forbidden'}`, {
      status,
      operation,
      missingScopes: [],
      hints: ['your Bitbucket account may lack permission on this resource (the token scopes look sufficient)'],
    });
  }
  if (status === 401) {
    const hints = ['run `bb auth login` to sign in again, or check BB_TOKEN / BB_EMAIL'];
    if (/not supported for this endpoint|token is invalid/i.test(apiMessage)) {
      hints.push(
        'API tokens are sent with your Atlassian account email (not your Bitbucket username) and must have scopes;',
        'repository/project/workspace access tokens are sent alone, as Bearer (set BB_TOKEN without BB_EMAIL)',
        'an API token must be created with scopes: an unscoped API token is refused by the API',
      );
    }
    return new BbError('AUTH_INVALID', `${where}: ${apiMessage || 'authentication failed'}`, { status, operation, hints });
  }
  // Bitbucket often repeats its field details in the message ("destination: Branch not found: x"): say each once.
  const parts: string[] = [];
  for (const part of [apiMessage || `HTTP ${status}`, detailText, ...fieldErrors]) {
    if (part && !parts.some((p) => p.includes(part))) parts.push(part);
  }
  const message = parts.join('; ');
  const hints: string[] = [];
  if (status === 404) hints.push('check the workspace, repository and id; private resources also answer 404 without access');
  if (status === 429) hints.push('Bitbucket is rate limiting this account; wait a minute and try again');
  if (status === 501) hints.push('this server does not implement the operation');
  return new BbError(name, `${where}: ${message}`, { status, operation, hints });
}
