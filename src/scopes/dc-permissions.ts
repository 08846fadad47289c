import { DC_SCOPES, expandDc } from './dc.js';
import type { DcOperation, DcRequirement } from './generated/dc-operations.js';

/**
 * Bitbucket Data Center: from the permission an operation needs (src/scopes/generated/dc-operations.ts, read
 * from the spec's descriptions) to what a credential must hold, and the cap.
 *
 * Facts encoded, with their sources:
 * - OAuth 2.0 incoming links (seed 002, confluence.atlassian.com "OAuth 2.0 scopes for incoming links"): scopes
 *   PUBLIC_REPOS, ACCOUNT_WRITE, REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_ADMIN, ADMIN_WRITE, SYSTEM_ADMIN
 *   (src/scopes/dc.ts); "the actual permissions will always be capped at what this user can do".
 *   Identifiers PUBLIC_REPOS, REPO_READ and REPO_WRITE are confirmed as request values by backstage.io
 *   (ScmAuth.forBitbucketServer: "PUBLIC_REPOS REPO_READ" + "REPO_WRITE") and python-social-auth
 *   (bitbucket_datacenter_oauth2: default scope PUBLIC_REPOS); the others follow the page's labels.
 * - HTTP access tokens (confluence.atlassian.com "HTTP access tokens", DC 8.5–9.1; "Personal access tokens",
 *   7.x): permissions project read/write/admin and repository read/write/admin; "a token's repository permission
 *   must be as high as its project permission"; "You can't use a token to perform changes on behalf of a user
 *   (for example, create new tokens or update user account details)"; project and repository tokens can't merge a
 *   pull request ("the merge creates a commit") and are used only with Bearer; personal tokens default to "your
 *   current level of access", i.e. they never exceed it.
 * - The ladder REPO_READ < REPO_WRITE < REPO_ADMIN < PROJECT_ADMIN < ADMIN < SYS_ADMIN, with PROJECT_READ/WRITE
 *   giving REPO_READ/WRITE on the project's repositories: the spec's own phrasing ("REPO_ADMIN permission or a
 *   higher project or global permission", "PROJECT_ADMIN permission for the specified project or a higher global
 *   permission") and the Permission enum's order.
 */

/** Levels, lowest first. Repository-scoped and project-scoped permissions share one scale. */
export const DC_RANK: Record<string, number> = {
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
};

export function dcRank(permission: string | null | undefined): number {
  return permission ? (DC_RANK[permission] ?? 0) : 0;
}

/** The cap: a credential never does more than its owner may. Effective level = min(credential, user). */
export function capped(credentialLevel: number, userLevel: number): number {
  return Math.min(credentialLevel, userLevel);
}

/** What an OAuth 2.0 scope grants, on the same scale (its ceiling, before the cap). */
export const DC_SCOPE_LEVEL: Record<string, number> = {
  PUBLIC_REPOS: 0,
  ACCOUNT_WRITE: 5,
  REPO_READ: 10,
  REPO_WRITE: 20,
  REPO_ADMIN: 30,
  PROJECT_ADMIN: 40,
  ADMIN_WRITE: 50,
  SYSTEM_ADMIN: 60,
};

/** Operations that change the authenticated user's own account (ACCOUNT_WRITE; tokens can't do them). */
export function isAccountWrite(operation: string): boolean {
  const [method = 'GET', path = ''] = operation.split(' ');
  if (method === 'GET') return false;
  return /^\/(ssh\/latest\/keys|gpg\/latest\/keys|access-tokens\/latest\/users|api\/latest\/users(\/credentials|\/\{userSlug\}\/(avatar\.png|settings))?$)/.test(
    path,
  );
}

/** The OAuth 2.0 scope an operation needs (the lowest that covers its permission). */
export function dcScopeFor(operation: string, entry: DcOperation | undefined): string | undefined {
  if (!entry || entry.p === null) return undefined;
  // An account change the spec reserves for global admins (DELETE /ssh/latest/keys/{keyId}: "ADMIN permission or
  // higher") is an administrative function: the admin tier's scope, which covers account changes (ACCOUNT_WRITE
  // alone carries a signed-in user's level only).
  if (isAccountWrite(operation)) return entry.p === 'SYS_ADMIN' ? 'SYSTEM_ADMIN' : entry.p === 'ADMIN' ? 'ADMIN_WRITE' : 'ACCOUNT_WRITE';
  const p = entry.p;
  switch (p) {
    case 'public':
      return 'PUBLIC_REPOS';
    // Reading needs "View projects and repositories your account can view" (REPO_READ): bb's reading for
    // operations that only need a signed-in user, as PUBLIC_REPOS covers only public content.
    case 'authenticated':
    case 'LICENSED_USER':
    case 'PROJECT_VIEW':
    case 'PROJECT_READ':
    case 'REPO_READ':
      return 'REPO_READ';
    case 'REPO_WRITE':
    case 'PROJECT_WRITE':
      return 'REPO_WRITE';
    case 'REPO_ADMIN':
      return 'REPO_ADMIN';
    // "Projects: Admin … including creating new repositories".
    case 'REPO_CREATE':
    case 'PROJECT_ADMIN':
    case 'PROJECT_CREATE':
      return 'PROJECT_ADMIN';
    case 'ADMIN':
      return 'ADMIN_WRITE';
    case 'SYS_ADMIN':
      return 'SYSTEM_ADMIN';
  }
  return undefined;
}

export interface TokenNeed {
  /** The HTTP access token permission (REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_READ, PROJECT_WRITE, PROJECT_ADMIN). */
  permission?: string;
  /** Why no token permission fits, when none does. */
  refused?: string;
}

/** The HTTP access token permission an operation needs. */
export function dcTokenPermissionFor(operation: string, entry: DcOperation | undefined): TokenNeed {
  if (!entry || entry.p === null) return {};
  if (isAccountWrite(operation)) return { refused: 'HTTP access tokens cannot change the account they act for (use your password)' };
  const p = entry.p as DcRequirement;
  if (p === 'public') return {};
  if (p === 'authenticated' || p === 'LICENSED_USER') return { permission: 'REPO_READ' };
  if (p === 'PROJECT_CREATE' || p === 'ADMIN' || p === 'SYS_ADMIN')
    return { refused: `${p} is a global permission; HTTP access tokens carry project and repository permissions only (use your password)` };
  if (entry.on === 'project') {
    const level = dcRank(p);
    return { permission: level >= DC_RANK.REPO_CREATE! ? 'PROJECT_ADMIN' : level >= DC_RANK.PROJECT_WRITE! ? 'PROJECT_WRITE' : 'PROJECT_READ' };
  }
  return { permission: p === 'PROJECT_ADMIN' ? 'PROJECT_ADMIN' : p };
}

export interface DcNeeds {
  /** The one OAuth 2.0 scope that covers every operation (scopes are tiers: the highest needed). */
  scope?: string;
  /** ACCOUNT_WRITE stands apart from the ladder: needed too when an operation changes the account. */
  accountWrite: boolean;
  /** The token's repository and project permission (highest needed of each). */
  repoPermission?: string;
  projectPermission?: string;
  /** Operations no HTTP access token can call, with the reason. */
  tokenRefused: Array<{ operation: string; reason: string }>;
  /** Operations whose permission the spec does not state. */
  unknown: string[];
  /** Per operation: the user permission, the scope, the token permission. */
  operations: Array<{ operation: string; permission: string | null; on: string; scope?: string; token?: string; says?: string; ambiguous?: string }>;
}

const LADDER = DC_SCOPES.map((s) => s.name).filter((n) => n !== 'ACCOUNT_WRITE');

/** What a set of DC operations needs, in the vocabularies of both DC credentials. */
export function dcNeeds(operations: readonly string[], table: Record<string, DcOperation>): DcNeeds {
  const out: DcNeeds = { accountWrite: false, tokenRefused: [], unknown: [], operations: [] };
  let scopeLevel = -1;
  let repo = 0;
  let project = 0;
  for (const op of operations) {
    const entry = table[op];
    if (!entry || entry.p === null) {
      out.unknown.push(op);
      out.operations.push({ operation: op, permission: null, on: entry?.on ?? 'none' });
      continue;
    }
    const scope = dcScopeFor(op, entry);
    const token = dcTokenPermissionFor(op, entry);
    if (scope === 'ACCOUNT_WRITE') out.accountWrite = true;
    else if (scope && DC_SCOPE_LEVEL[scope]! > scopeLevel) {
      scopeLevel = DC_SCOPE_LEVEL[scope]!;
      out.scope = scope;
    }
    if (token.refused) out.tokenRefused.push({ operation: op, reason: token.refused });
    if (token.permission?.startsWith('PROJECT_')) project = Math.max(project, dcRank(token.permission));
    else if (token.permission) repo = Math.max(repo, dcRank(token.permission));
    out.operations.push({
      operation: op,
      permission: entry.p,
      on: entry.on,
      scope,
      token: token.permission ?? (token.refused ? 'none: use your password' : undefined),
      says: entry.says,
      ambiguous: entry.ambiguous,
    });
  }
  if (out.scope === undefined && !out.accountWrite && out.operations.length) out.scope = 'PUBLIC_REPOS';
  // A token's repository permission must be as high as its project permission.
  repo = Math.max(repo, Math.min(project, DC_RANK.REPO_ADMIN!));
  if (project)
    out.projectPermission = project >= DC_RANK.PROJECT_ADMIN! ? 'PROJECT_ADMIN' : project >= DC_RANK.PROJECT_WRITE! ? 'PROJECT_WRITE' : 'PROJECT_READ';
  if (repo) out.repoPermission = repo >= DC_RANK.REPO_ADMIN! ? 'REPO_ADMIN' : repo >= DC_RANK.REPO_WRITE! ? 'REPO_WRITE' : 'REPO_READ';
  return out;
}

/** Scopes on the ladder (for listing), lowest first. */
export function dcScopeLadder(): string[] {
  return [...LADDER];
}

/** Does an OAuth 2.0 scope grant cover the needed scope (tiers include the ones below)? */
export function dcScopeCovers(granted: string, needed: string): boolean {
  return expandDc(granted).includes(needed);
}

export const CAP_NOTE =
  "The cap: a Data Center token never does more than its owner may. Its effective permission on a repository is the lower of the token's scope or permission and your own permission there: a token with REPO_ADMIN used by someone who has only REPO_WRITE on the repository acts with REPO_WRITE.";

/** A DC 403 explained: the permission the operation needs and the cap. */
export function capExplanation(needed: string, on: string): string {
  const where = on === 'repository' ? 'this repository' : on === 'project' ? 'this project' : 'this instance';
  return `a token's scope never exceeds your own permission: the token may have ${needed === 'REPO_ADMIN' ? 'PROJECT_ADMIN' : 'REPO_ADMIN'} but if you only have a lower permission than ${needed} on ${where}, the request is refused; ask an admin for ${needed} on ${where}`;
}
