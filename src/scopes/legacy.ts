/**
 * Legacy OAuth 2.0 scopes (OAuth consumers; repository/project/workspace access tokens) and what each
 * implies. A credential holding scope S may call any operation that needs a scope in implied(S).
 *
 * Sources (cited per rule):
 *  [seed004]  Atlassian's scope reference as quoted in shared/seeds/004 (Puppet Pipelines' integration doc),
 *             and [seed000] (Travis CI's) — both quoting "Scopes for the Bitbucket Cloud REST API",
 *             https://developer.atlassian.com/cloud/bitbucket/bitbucket-cloud-rest-api-scopes
 */
export const LEGACY_IMPLIES: Record<string, readonly string[]> = {
  // [seed004][seed000] "repository:write … This scope implies repository"
  'repository:write': ['repository'],
  // [seed004] "repository:admin … does not imply repository or repository:write"
  'repository:admin': [],
  // [seed004] "pullrequest … This scope implies repository"
  pullrequest: ['repository'],
  // [seed004] "pullrequest:write: Implies pullrequest … implies repository:write"
  'pullrequest:write': ['pullrequest', 'repository:write'],
  // [seed004] "issue:write: This implies issue"; "issue … does not imply any other scopes"
  'issue:write': ['issue'],
  issue: [],
  // [seed004] "snippet:write … implies the Snippet Read scope"
  'snippet:write': ['snippet'],
  // [seed004] "team:write: Implies team"
  'team:write': ['team'],
  // [seed004] "wiki … does not imply any other scopes"
  wiki: [],
};

/** Every scope a set of legacy scopes grants, following implications transitively. */
export function expandLegacy(scopes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...scopes];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    if (out.has(s)) continue;
    out.add(s);
    for (const implied of LEGACY_IMPLIES[s] ?? []) stack.push(implied);
  }
  return out;
}

/** Drop scopes that another scope in the set already implies: `pullrequest:write` absorbs `repository`. */
export function minimizeLegacy(scopes: Iterable<string>): string[] {
  const set = new Set(scopes);
  const result = [...set].filter((s) => ![...set].some((other) => other !== s && expandLegacy([other]).has(s)));
  return result.sort();
}
