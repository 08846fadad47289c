/**
 * The sandbox's own table of what a legacy OAuth 2.0 scope (access tokens, OAuth consumers) implies, so that a
 * legacy-scoped token is checked as Bitbucket checks it. Written from Bitbucket's documentation, not taken from bb's
 * client (test/sandbox-tables.test.ts compares the two, so a wrong table on either side is caught):
 *
 *   Atlassian, "Scopes for the Bitbucket Cloud REST API", section "Bitbucket OAuth 2.0 scopes"
 *   (https://developer.atlassian.com/cloud/bitbucket/bitbucket-cloud-rest-api-scopes; the same text is in the
 *   vendored spec's x-atlassian-narrative "Authentication methods"), and the rules /work/shared/design/SCOPES.md
 *   gathers from Atlassian's older scope reference. Each entry quotes its sentence. A scope whose description states
 *   no implication implies nothing here.
 */
export const SANDBOX_LEGACY_IMPLIES: Readonly<Record<string, readonly string[]>> = {
  // "repository:write … This scope implicitly grants the `repository` scope, which does not need to be requested separately."
  'repository:write': ['repository'],
  // "repository:admin … This scope doesn't implicitly grant the `repository` or the `repository:write` scopes."
  'repository:admin': [],
  // "repository:delete: Provides access to delete a repository or repositories." (no implication stated)
  'repository:delete': [],
  // "pullrequest … This scope implies the `repository` scope, giving read access to the pull request's destination repository."
  pullrequest: ['repository'],
  // "pullrequest:write: Implicitly grants the `pullrequest` scope … This scope also implicitly grants the `repository:write` scope".
  'pullrequest:write': ['pullrequest', 'repository:write'],
  // "project … This scope implies the `repository` scope, giving read access to all the repositories in a project or projects."
  project: ['repository'],
  // "project:admin … This scope doesn't implicitly grant the `project` scope or the `repository:write` scope".
  'project:admin': [],
  // "project:write: This scope is deprecated, and has been made obsolete by `project:admin`" (removed 15 May 2023).
  'project:write': [],
  // "issue … doesn't implicitly grant any other scopes and doesn't give implicit access to the repository."
  issue: [],
  // "issue:write: This scope implicitly grants the `issue` scope … doesn't implicitly grant any other scopes".
  'issue:write': ['issue'],
  // "wiki … This scope doesn't implicitly grant any other scopes".
  wiki: [],
  // "snippet:write … This scope implicitly grants the `snippet` scope which does not need to be requested separately."
  'snippet:write': ['snippet'],
  snippet: [],
  // SCOPES.md (Atlassian's older reference): "team:write implies team". No operation of the current spec uses either.
  'team:write': ['team'],
  // "webhook: Gives access to webhooks … read access to existing webhook subscriptions … without needing further
  // scopes"; creating one for issue events needs `issue` too (handlers/webhooks.ts).
  webhook: [],
  // "account:write: Ability to change properties on the user's account." (no implication stated)
  'account:write': [],
  account: [],
  email: [],
  // "pipeline:write: Gives write access to pipelines …" / "pipeline:variable: Gives write access to create variables"
  // (neither says it grants `pipeline`).
  'pipeline:write': [],
  'pipeline:variable': [],
  pipeline: [],
  // "runner:write: Gives write access to create/edit/disable/delete pipelines runners" (no implication stated).
  'runner:write': [],
  runner: [],
};

/** Every scope a set of legacy scopes grants, implications followed transitively. */
export function expandLegacyScopes(scopes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...scopes];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    if (out.has(s)) continue;
    out.add(s);
    for (const implied of SANDBOX_LEGACY_IMPLIES[s] ?? []) stack.push(implied);
  }
  return out;
}
