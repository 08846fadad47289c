/**
 * Legacy OAuth 2.0 scopes (OAuth consumers; repository/project/workspace access tokens) and what each
 * implies. A credential holding scope S may call any operation that needs a scope in expandLegacy([S]).
 *
 * Sources, cited per rule:
 *  [narrative] The spec's own copy of Atlassian's reference, x-atlassian-narrative "Authentication methods",
 *              section "Bitbucket OAuth 2.0 scopes" (spec/bitbucket-cloud.openapi.json, x-revision 2ecc89e5fe81),
 *              the same text as "Scopes for the Bitbucket Cloud REST API",
 *              https://developer.atlassian.com/cloud/bitbucket/bitbucket-cloud-rest-api-scopes (last updated Jan 12, 2026).
 *              bb generates it into src/scopes/generated/descriptions.ts (LEGACY_SCOPE_NOTES).
 *  [seed004]   Atlassian's older scope reference as quoted in shared/seeds/004 (Puppet Pipelines' integration doc).
 *  [seed000]   Travis CI's summary of the same reference (shared/seeds/000).
 *  [tokens]    "Project Access Token permissions" / "App password permissions", support.atlassian.com:
 *              project Read = "the project API scope … read access to the repositories in the project (repository)".
 *  [deprecation] "Deprecation notice - Removing project:write scope from Bitbucket Cloud API on 15 May 2023",
 *              https://developer.atlassian.com/cloud/bitbucket/deprecation-notice-project-write-scope/
 *
 * Where the sources say nothing, bb encodes **no** implication (it then asks for both scopes, which is safe):
 * an implication that does not hold would make bb recommend a token that fails.
 */
export const LEGACY_IMPLIES: Readonly<Record<string, readonly string[]>> = {
  // [narrative] "repository:write … implicitly grants the `repository` scope"; [seed004][seed000] "implies repository".
  'repository:write': ['repository'],
  // [narrative][seed004] "repository:admin … doesn't implicitly grant the `repository` or the `repository:write` scopes".
  'repository:admin': [],
  // Silent: [narrative] says only "Provides access to delete a repository or repositories." No implication encoded.
  'repository:delete': [],
  // [narrative][seed004] "pullrequest … implies the `repository` scope, giving read access to the … destination repository".
  pullrequest: ['repository'],
  // [narrative][seed004] "pullrequest:write: Implicitly grants the `pullrequest` scope … also implicitly grants the
  // `repository:write` scope".
  'pullrequest:write': ['pullrequest', 'repository:write'],
  // [narrative] "project … This scope implies the `repository` scope"; [tokens] project Read gives read access to the
  // project's repositories.
  project: ['repository'],
  // [narrative] "project:admin … doesn't implicitly grant the `project` scope or the `repository:write` scope".
  'project:admin': [],
  // [deprecation] project:write was removed on 15 May 2023: use project:admin (project endpoints) or repository
  // (repository endpoints, Git LFS). bb never recommends it; no operation of the spec requires it.
  'project:write': [],
  // [narrative][seed004] "issue … doesn't implicitly grant any other scopes and doesn't give implicit access to the repository".
  issue: [],
  // [narrative][seed004] "issue:write … implicitly grants the `issue` scope" (and nothing else).
  'issue:write': ['issue'],
  // [narrative][seed004] "wiki … doesn't implicitly grant any other scopes".
  wiki: [],
  // [narrative] "snippet:write … implicitly grants the `snippet` scope"; [seed004] "implies the Snippet Read scope".
  'snippet:write': ['snippet'],
  // [seed004] "team:write: Implies team". (No operation of the current spec uses team or team:write.)
  'team:write': ['team'],
  // [narrative][seed004][seed000] "webhook … required for any webhook-related operation"; it reads existing
  // subscriptions without further scopes, but *creating* one needs read access to the resource too
  // (`issue:created` needs `webhook` and `issue`): a per-flag rule, see webhookEventScopes below.
  webhook: [],
  // Silent: [narrative] "account:write: Ability to change properties on the user's account." It does not say that it
  // grants `account`. (The consent text in the spec's securitySchemes reads "Read and modify your account
  // information", but no rule states the implication.) No implication encoded: bb asks for both when both are needed.
  'account:write': [],
  // Silent: [narrative] `email` and `account` are described separately; no implication either way.
  account: [],
  email: [],
  // Silent: [narrative] "pipeline:write: Gives write access to pipelines … Stop pipelines, Rerun failed pipelines …
  // This doesn't give write access to create variables." It does not say it grants `pipeline`. No implication encoded.
  'pipeline:write': [],
  // Silent: [narrative] "pipeline:variable: Gives write access to create variables in pipelines at the various levels".
  // Neither `pipeline` nor `pipeline:write` is said to be granted. No implication encoded.
  'pipeline:variable': [],
  pipeline: [],
  // Silent: [narrative] "runner:write: Gives write access to create/edit/disable/delete pipelines runners". It does not
  // say it grants `runner`. No implication encoded.
  'runner:write': [],
  runner: [],
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

/** Scopes that imply `scope` (directly or transitively), e.g. repository ← repository:write, pullrequest, … */
export function impliedBy(scope: string): string[] {
  return Object.keys(LEGACY_IMPLIES)
    .filter((s) => s !== scope && expandLegacy([s]).has(scope))
    .sort();
}

/** Drop scopes that another scope in the set already implies: `pullrequest:write` absorbs `repository`. */
export function minimizeLegacy(scopes: Iterable<string>): string[] {
  const set = new Set(scopes);
  const result = [...set].filter((s) => ![...set].some((other) => other !== s && expandLegacy([other]).has(s)));
  return result.sort();
}

/** True when a credential holding `granted` satisfies every scope in `required` (implications followed). */
export function legacySatisfies(granted: Iterable<string>, required: Iterable<string>): boolean {
  const have = expandLegacy(granted);
  return [...required].every((s) => have.has(s));
}

/**
 * Legacy scopes a webhook needs for the events it subscribes to, besides `webhook` itself. [narrative] webhook:
 * "To create webhooks, the client will need read access to the resource. Such as: for `issue:created`, the client
 * will need to have both the `webhook` and the `issue` scope"; [seed000][seed004] state the issue:created case.
 * The issue case is stated outright; repo:* → `repository` and pullrequest:* → `pullrequest` follow from the
 * general sentence ("read access to the resource").
 *
 * Granular scopes (API tokens): the docs state no such rule; the spec lists write:webhook alone for creating a
 * hook, so bb adds nothing there.
 */
export function webhookEventScopes(events: Iterable<string>): string[] {
  const legacy = new Set<string>();
  for (const e of events) {
    const subject = e.split(':', 1)[0];
    if (subject === 'issue') legacy.add('issue');
    else if (subject === 'pullrequest') legacy.add('pullrequest');
    else if (subject === 'repo') legacy.add('repository');
  }
  return minimizeLegacy(legacy);
}

/**
 * The permission checkboxes of the forms that mint legacy-scoped credentials (OAuth consumer; repository,
 * project and workspace access tokens). Labels: [seed004] (consumer form: Account Email/Read/Write, Team
 * membership, Repositories Read/Write/Admin, Pull requests Read/Write, Issues, Wikis "Read and write",
 * Snippets, Webhooks "Read and write") and the access-token permission pages ([tokens]: Repositories
 * Read/Write/Admin/Delete, each "Equivalent to the <scope> API scope"; "Workspace membership" for team).
 * The pipeline and runner labels follow the same pages' pattern; `pipeline:variable` is the form's
 * "Edit variables" box.
 */
export const LEGACY_PERMISSIONS: Readonly<Record<string, { group: string; level: string }>> = {
  email: { group: 'Account', level: 'Email' },
  account: { group: 'Account', level: 'Read' },
  'account:write': { group: 'Account', level: 'Write' },
  team: { group: 'Workspace membership', level: 'Read' },
  'team:write': { group: 'Workspace membership', level: 'Write' },
  project: { group: 'Projects', level: 'Read' },
  'project:admin': { group: 'Projects', level: 'Admin' },
  repository: { group: 'Repositories', level: 'Read' },
  'repository:write': { group: 'Repositories', level: 'Write' },
  'repository:admin': { group: 'Repositories', level: 'Admin' },
  'repository:delete': { group: 'Repositories', level: 'Delete' },
  pullrequest: { group: 'Pull requests', level: 'Read' },
  'pullrequest:write': { group: 'Pull requests', level: 'Write' },
  issue: { group: 'Issues', level: 'Read' },
  'issue:write': { group: 'Issues', level: 'Write' },
  wiki: { group: 'Wikis', level: 'Read and write' },
  snippet: { group: 'Snippets', level: 'Read' },
  'snippet:write': { group: 'Snippets', level: 'Write' },
  webhook: { group: 'Webhooks', level: 'Read and write' },
  pipeline: { group: 'Pipelines', level: 'Read' },
  'pipeline:write': { group: 'Pipelines', level: 'Write' },
  'pipeline:variable': { group: 'Pipelines', level: 'Edit variables' },
  runner: { group: 'Runners', level: 'Read' },
  'runner:write': { group: 'Runners', level: 'Write' },
};

/** The boxes to tick for a set of legacy scopes, in form order: `["Pull requests: Write", "Webhooks: Read and write"]`. */
export function permissionCheckboxes(scopes: Iterable<string>): string[] {
  const order = Object.keys(LEGACY_PERMISSIONS);
  return minimizeLegacy(scopes)
    .sort((a, b) => rank(order, a) - rank(order, b))
    .map((s) => {
      const p = LEGACY_PERMISSIONS[s];
      return p ? `${p.group}: ${p.level}` : s;
    });
}

function rank(order: string[], s: string): number {
  const i = order.indexOf(s);
  return i < 0 ? order.length : i;
}
