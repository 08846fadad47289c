/**
 * Typed errors with stable codes. Every failure the user can see is a BbError; main.ts maps it to one
 * stderr line (`error <code> <NAME>: <message>` + `hint:` lines) or a JSON object, and to an exit status.
 *
 * Codes are grouped by kind (CONTRACT.md): 1xxx auth, 2xxx API, 3xxx git, 4xxx config, 5xxx input,
 * 6xxx context, 7xxx network, 8xxx output. Never renumber a code: scripts match on them.
 */

export const ERROR_CODES = {
  // 1xxx authentication
  AUTH_REQUIRED: { code: 1001, summary: 'no credentials: not logged in and BB_TOKEN is not set' },
  AUTH_INVALID: { code: 1002, summary: 'the API rejected the credentials (HTTP 401)' },
  AUTH_VERIFY_FAILED: { code: 1003, summary: 'bb auth login could not verify the credentials' },
  AUTH_INPUT: { code: 1004, summary: 'a credential was missing or malformed' },
  // 2xxx API
  API_ERROR: { code: 2001, summary: 'the API answered with an unexpected error' },
  API_NOT_FOUND: { code: 2002, summary: 'the resource does not exist, or you cannot see it (HTTP 404)' },
  API_FORBIDDEN: { code: 2003, summary: 'the credential lacks a scope or permission (HTTP 403)' },
  API_CONFLICT: { code: 2004, summary: 'the request conflicts with the current state (HTTP 409)' },
  API_RATE_LIMITED: { code: 2005, summary: 'too many requests, retries exhausted (HTTP 429)' },
  API_SERVER_ERROR: { code: 2006, summary: 'the server failed (HTTP 5xx)' },
  API_BAD_REQUEST: { code: 2007, summary: 'the API refused the request as invalid (HTTP 400)' },
  API_NOT_IMPLEMENTED: { code: 2008, summary: 'the server does not implement this operation (HTTP 501)' },
  API_BAD_RESPONSE: { code: 2009, summary: 'the API answered with something bb cannot read' },
  ISSUE_TRACKER_DISABLED: { code: 2010, summary: "the repository's issue tracker is disabled" },
  MERGE_VETOED: { code: 2011, summary: "the pull request's merge checks refuse the merge (Data Center vetoes)" },
  API_GONE: { code: 2012, summary: 'the server no longer serves this API (HTTP 410 Gone)' },
  // 3xxx git
  GIT_NOT_FOUND: { code: 3001, summary: 'git is not installed or not on PATH' },
  GIT_FAILED: { code: 3002, summary: 'a git command failed' },
  // 4xxx config
  CONFIG_INVALID: { code: 4001, summary: 'a config file could not be read' },
  CONFIG_UNKNOWN_KEY: { code: 4002, summary: 'no such configuration key' },
  CONFIG_BAD_VALUE: { code: 4003, summary: 'the value is not allowed for this key' },
  CONFIG_WRITE_FAILED: { code: 4004, summary: 'the configuration could not be saved' },
  // 5xxx input
  USAGE: { code: 5001, summary: 'unknown command or flag, or a missing argument' },
  INVALID_ARGUMENT: { code: 5002, summary: 'an argument or flag value is invalid' },
  INVALID_REPO: { code: 5003, summary: 'a repository must be given as WORKSPACE/REPO' },
  INVALID_JSON_FIELD: { code: 5004, summary: '--json needs known, comma-separated fields' },
  CONFIRMATION_REQUIRED: { code: 5005, summary: 'a destructive command needs --yes when it cannot prompt' },
  CANCELLED: { code: 5006, summary: 'cancelled by the user' },
  INPUT_READ_FAILED: { code: 5007, summary: 'a file or stdin could not be read' },
  TEMPLATE_SYNTAX: { code: 5008, summary: 'the --template is malformed (an unclosed action, an unknown function…)' },
  // 6xxx context
  NO_REPO_CONTEXT: { code: 6001, summary: 'no repository given and none found in the environment' },
  NO_WORKSPACE: { code: 6002, summary: 'no workspace given and no default workspace configured' },
  NOT_ON_DC: { code: 6003, summary: 'the command has no Bitbucket Data Center equivalent (not available on Data Center)' },
  NOT_ON_CLOUD: { code: 6004, summary: 'the command is for Bitbucket Data Center only (not available on Bitbucket Cloud)' },
  NOT_ALLOWED: { code: 6005, summary: 'bb mcp refused a tool call outside the scopes, profile or repositories it was started with' },
  // 7xxx network
  NETWORK_ERROR: { code: 7001, summary: 'the API could not be reached' },
  TIMEOUT: { code: 7002, summary: 'the request timed out' },
  INSECURE_URL: { code: 7003, summary: 'plain http:// is refused except on loopback' },
  REDIRECT_REFUSED: { code: 7004, summary: 'a redirect loop or an unusable redirect' },
  // 8xxx output
  JQ_ERROR: { code: 8001, summary: 'the --jq expression failed' },
  TEMPLATE_ERROR: { code: 8002, summary: 'the --template failed' },
  OUTPUT_FAILED: { code: 8003, summary: 'output could not be written' },
  PENDING: { code: 8004, summary: 'checks are still running (exit status 8)' },
  // 9xxx bb itself
  INTERNAL: { code: 9001, summary: 'a bug in bb (run with BB_DEBUG=1 and report it)' },
} as const;

export type ErrorName = keyof typeof ERROR_CODES;

export interface BbErrorOptions {
  hints?: string[];
  /** Scopes the credential lacks (2003 only). */
  missingScopes?: string[];
  /** The API operation (`METHOD /path/template`) that failed, when known. */
  operation?: string;
  /** HTTP status, for API errors. */
  status?: number;
  /** Extra machine-readable details added to the JSON error object. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class BbError extends Error {
  readonly errorName: ErrorName;
  readonly code: number;
  readonly hints: string[];
  readonly missingScopes?: string[];
  readonly operation?: string;
  readonly status?: number;
  readonly details?: Record<string, unknown>;

  constructor(name: ErrorName, message: string, opts: BbErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BbError';
    this.errorName = name;
    this.code = ERROR_CODES[name].code;
    this.hints = opts.hints ?? [];
    this.missingScopes = opts.missingScopes;
    this.operation = opts.operation;
    this.status = opts.status;
    this.details = opts.details;
  }

  get exitCode(): number {
    return exitCodeFor(this.errorName);
  }

  toJSON(): Record<string, unknown> {
    const error: Record<string, unknown> = { code: this.code, name: this.errorName, message: this.message };
    if (this.missingScopes) error.missingScopes = this.missingScopes;
    if (this.operation) error.operation = this.operation;
    if (this.status !== undefined) error.status = this.status;
    if (this.hints.length > 0) error.hint = this.hints.join('\n');
    if (this.details) Object.assign(error, this.details);
    return { error };
  }
}

/** Exit statuses (CONTRACT.md): 0 ok, 1 error, 2 usage/input, 4 auth or permission, 8 pending, 130 interrupted. */
export function exitCodeFor(name: ErrorName): number {
  const code = ERROR_CODES[name].code;
  if (name === 'CANCELLED') return 130;
  if (name === 'PENDING') return 8;
  if (code >= 1000 && code < 2000) return 4;
  if (name === 'API_FORBIDDEN') return 4;
  if (code >= 5000 && code < 6000) return 2;
  return 1;
}

/** Render an error as the contract's text form: one `error` line, then `hint:` lines. */
export function formatError(err: BbError): string {
  // the contract: the error is ONE line (a message may carry newlines, e.g. jq's compile errors)
  const lines = [`error ${err.code} ${err.errorName}: ${err.message.replace(/\s*\n\s*/g, ' ').trim()}`];
  for (const hint of err.hints) for (const line of hint.split('\n')) lines.push(`hint: ${line}`);
  return `${lines.join('\n')}\n`;
}

export function isBbError(e: unknown): e is BbError {
  return e instanceof BbError;
}
