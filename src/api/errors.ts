import { BbError, type ErrorName } from '../core/errors.js';

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
  410: 'API_GONE',
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
  let apiMessage = envelope?.error?.message ?? (text && text.length < 300 && !text.trimStart().startsWith('<') ? text.trim() : '');
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
    // DC answers 401 both for a missing login and for a permission that refuses the request (a branch permission on a
    // branch delete or file edit, …): when the server's message is not about signing in, say what it said.
    if (errors && status === 401 && !/authenticat|log ?in|credential|token/i.test(dc.dcMessageText(errors))) {
      return new BbError('API_FORBIDDEN', `${where}: ${dc.dcMessageText(errors) || `HTTP ${status}`}`, {
        status,
        operation,
        missingScopes: [],
        details: { dataCenter: { exceptionName: errors[0]?.exceptionName } },
        hints: ['Bitbucket Data Center refused this as not permitted (it answers 401 for that too); signing in again will not help'],
      });
    }
    // a DC login refusal: its message, not the raw envelope
    if (errors && status === 401) apiMessage = dc.dcMessageText(errors);
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
  if (status === 410) return goneError(where, apiMessage, operation, response.url);
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

/**
 * A 2xx answer bb cannot read (an empty body, text/plain, JSON cut short) is the server's fault, not a
 * bug in bb: API_BAD_RESPONSE, naming the status and the content type.
 */
export function unreadableAnswer(response: Response, operation: string | undefined, why: string): BbError {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
  const where = operation ?? new URL(response.url || 'http://x/').pathname;
  return new BbError('API_BAD_RESPONSE', `${where}: ${why} (HTTP ${response.status}, ${type})`, {
    status: response.status,
    operation,
    details: { contentType: type },
    hints: ['the server answered with something that is not the JSON bb expects; if it persists, the server or a proxy in between is at fault'],
  });
}

/** The answer's JSON; an empty or unparseable body is API_BAD_RESPONSE (unreadableAnswer), never a crash. */
export async function readJsonAnswer<T>(response: Response, operation: string | undefined): Promise<T> {
  const text = await response.text();
  if (text.trim() === '') throw unreadableAnswer(response, operation, 'the answer is empty where JSON was expected');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw unreadableAnswer(response, operation, 'the answer is not readable JSON');
  }
}

/**
 * A created (or otherwise returned) object must carry the fields bb reports: `issue create` answered without
 * an `id` is an error, not "Created issue #undefined". Returns the object.
 */
export function requireFields<T>(value: T, what: string, fields: readonly string[], operation?: string): T {
  const obj = value as Record<string, unknown> | undefined;
  const missing = obj && typeof obj === 'object' ? fields.filter((f) => obj[f] === undefined || obj[f] === null || obj[f] === '') : [...fields];
  if (missing.length > 0) {
    throw new BbError('API_BAD_RESPONSE', `${operation ? `${operation}: ` : ''}the API answered ${what} without ${missing.join(', ')}`, {
      operation,
      hints: ['the request may have been applied: check before running the command again'],
    });
  }
  return value;
}

/** The Cloud issue tracker's paths (templates or URL paths): `/repositories/{workspace}/{repo_slug}/issues…`. */
const ISSUE_TRACKER_PATH = /\/repositories\/[^/\s]+\/[^/\s]+\/issues(?:[/?\s]|$)/;
/** The cross-workspace listings Bitbucket Cloud removed in 2026: `/repositories`, `/workspaces`, `/user/permissions/…`. */
const CROSS_WORKSPACE_PATH = /^(?:[A-Z]+ )?(?:\/2\.0)?\/(?:repositories|workspaces|user\/permissions\/[^\s?]+)\/?(?:\?|$)/;

/** HTTP 410: the API is gone for good; say which, and what to use instead when bb knows. */
function goneError(where: string, apiMessage: string, operation: string | undefined, url: string): BbError {
  const path = (() => {
    try {
      return new URL(url).pathname;
    } catch {
      return '';
    }
  })();
  const opts = { status: 410, operation };
  if (ISSUE_TRACKER_PATH.test(where) || ISSUE_TRACKER_PATH.test(path)) {
    return new BbError('API_GONE', `${where}: Bitbucket Cloud removed the issue tracker on 2026-08-20 (HTTP 410 Gone)`, {
      ...opts,
      hints: ["use Jira for the repository's issues; the bb issue commands still work against servers that serve the issue API (bb sandbox)"],
    });
  }
  if (CROSS_WORKSPACE_PATH.test(where) || CROSS_WORKSPACE_PATH.test(path)) {
    return new BbError('API_GONE', `${where}: Bitbucket Cloud no longer serves this cross-workspace listing (HTTP 410 Gone)`, {
      ...opts,
      hints: ['list one workspace at a time: `bb workspace list`, then `bb repo list WORKSPACE`'],
    });
  }
  return new BbError('API_GONE', `${where}: ${apiMessage || 'the server no longer serves this'} (HTTP 410 Gone)`, {
    ...opts,
    hints: ['the API was removed from this server; running the command again will not help'],
  });
}
