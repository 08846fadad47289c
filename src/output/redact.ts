/**
 * Secrets that can ride in a URL: a user name and password (`http://user:pw@host/`), and query parameters
 * named like credentials (`?access_token=…`, `&client_secret=…`). Wherever bb prints a URL — error lines,
 * BB_DEBUG logs, dry runs — it goes through `redactText` first, which replaces both with `***` and leaves
 * the rest of the text as it was.
 */

/** Query parameter names that carry a credential (matched whole, case-insensitively). */
const SECRET_PARAM =
  '(?:[a-z0-9_.-]*(?:token|secret|password|passwd|passphrase|credentials?)|pwd|key|api[_-]?key|apikey|code|sig|signature|auth|authorization|jwt|session|sessionid)';

// `scheme://userinfo@`: the whole userinfo goes (a user name alone can be a token: `x-token-auth:…@`)
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;
// `?name=value` / `&name=value` / `;name=value` with a credential-like name
const PARAM = new RegExp(String.raw`([?&;]${SECRET_PARAM}=)[^&;#\s"'<>\\]*`, 'gi');

export function redactText(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(PARAM, (_m, head: string) => `${head}***`);
}

/** Every string inside `value` (an error's JSON form) redacted; other values as they are. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
