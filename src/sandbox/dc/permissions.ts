/**
 * What the Data Center sandbox enforces for permissions: the ladder of permission levels, the ceiling each OAuth 2.0
 * scope grants, the operations that change the caller's own account, and the cap. The sandbox's own tables, written
 * from the DC spec and Atlassian's Data Center documentation (not taken from bb's client: test/sandbox-tables.test.ts
 * compares them with src/scopes/dc-permissions.ts, so a wrong table on either side is caught):
 *
 * - The ladder REPO_READ < REPO_WRITE < REPO_ADMIN < PROJECT_ADMIN < ADMIN < SYS_ADMIN, PROJECT_READ / PROJECT_WRITE
 *   reaching the project's repositories as read / write: the spec's own phrasing ("REPO_ADMIN permission or a higher
 *   project or global permission", "PROJECT_ADMIN permission for the specified project or a higher global
 *   permission") and the order of its Permission enum; PROJECT_VIEW (a user who sees one of a project's
 *   repositories sees the project) sits below REPO_READ; REPO_CREATE / PROJECT_CREATE above the admin of what they
 *   create.
 * - OAuth 2.0 incoming links (confluence.atlassian.com, "OAuth 2.0 scopes for incoming links"; SCOPES.md): scopes
 *   PUBLIC_REPOS, ACCOUNT_WRITE, REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_ADMIN, ADMIN_WRITE, SYSTEM_ADMIN, each a
 *   tier that includes the ones below; "the actual permissions will always be capped at what this user can do".
 * - HTTP access tokens (confluence.atlassian.com, "HTTP access tokens"): "You can't use a token to perform changes on
 *   behalf of a user (for example, create new tokens or update user account details)"; a token never exceeds its
 *   owner's current level of access.
 */

/** Permission levels, lowest first; repository- and project-scoped permissions share one scale. */
export const SANDBOX_DC_LEVEL = {
  public: 0,
  authenticated: 5,
  LICENSED_USER: 5,
  PROJECT_VIEW: 8,
  REPO_READ: 10,
  PROJECT_READ: 10,
  REPO_WRITE: 20,
  PROJECT_WRITE: 20,
  REPO_ADMIN: 30,
  REPO_CREATE: 35,
  PROJECT_ADMIN: 40,
  PROJECT_CREATE: 45,
  ADMIN: 50,
  SYS_ADMIN: 60,
} as const satisfies Record<string, number>;

/** The level of a permission name (0 when none or unknown). */
export function levelOf(permission: string | null | undefined): number {
  return permission ? ((SANDBOX_DC_LEVEL as Record<string, number>)[permission] ?? 0) : 0;
}

/** A named level, for the checks below (a typo is a type error, not 0). */
export function level(permission: keyof typeof SANDBOX_DC_LEVEL): number {
  return SANDBOX_DC_LEVEL[permission];
}

/** The cap: a credential never does more than its owner may. */
export function cap(credentialLevel: number, userLevel: number): number {
  return Math.min(credentialLevel, userLevel);
}

/** The ceiling each OAuth 2.0 scope grants on the same scale (before the cap). */
export const SANDBOX_DC_SCOPE_CEILING: Readonly<Record<string, number>> = {
  PUBLIC_REPOS: 0,
  ACCOUNT_WRITE: 5,
  REPO_READ: 10,
  REPO_WRITE: 20,
  REPO_ADMIN: 30,
  PROJECT_ADMIN: 40,
  ADMIN_WRITE: 50,
  SYSTEM_ADMIN: 60,
};

/**
 * Operations (`METHOD /template` of the DC spec) that change the caller's own account: SSH and GPG keys, access
 * tokens, the user's credentials, avatar and settings. HTTP access tokens may not call them; OAuth needs ACCOUNT_WRITE.
 */
export function changesOwnAccount(operation: string): boolean {
  const space = operation.indexOf(' ');
  const method = operation.slice(0, space);
  const path = operation.slice(space + 1);
  if (method === 'GET') return false;
  return (
    path.startsWith('/ssh/latest/keys') ||
    path.startsWith('/gpg/latest/keys') ||
    path.startsWith('/access-tokens/latest/users') ||
    path === '/api/latest/users' ||
    path === '/api/latest/users/credentials' ||
    /^\/api\/latest\/users\/\{userSlug\}\/(avatar\.png|settings)$/.test(path)
  );
}
