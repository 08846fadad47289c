/**
 * Who may use a repository (the sandbox's own rules, for a repository or project that has been given a permission —
 * one never given any keeps the sandbox's open model, see repositoryLevel —; from Bitbucket Cloud's documentation on repository, project and
 * workspace permissions — "Grant repository access to users and groups", "Manage project permissions"): a workspace
 * owner administers every repository; anyone else has the highest of their explicit permissions on the repository
 * and on its project, given to them or to a group they are in; a public repository is readable by all. A user below
 * what an operation needs is refused: 404 when they cannot read the repository at all (a private repository is not
 * revealed), 403 otherwise. What an operation needs is read from its scopes in the spec: an `admin:repository` or
 * `delete:repository` scope needs admin, any other `write:` scope write, the rest read.
 */
import { OPERATIONS } from '../scopes/generated/operations.js';
import type { PermissionGrants, RepositoryRecord, Store, UserRecord } from './state.js';

export const LEVELS: Readonly<Record<string, number>> = { none: 0, read: 1, write: 2, 'create-repo': 1, admin: 3 };

function grantsLevel(grants: PermissionGrants | undefined, user: UserRecord, groups: Set<string>): number {
  if (!grants) return 0;
  let level = LEVELS[grants.users[user.uuid] ?? 'none'] ?? 0;
  for (const [slug, p] of Object.entries(grants.groups)) if (groups.has(slug)) level = Math.max(level, LEVELS[p] ?? 0);
  return level;
}

/** The user's effective level on the repository: 0 none, 1 read, 2 write, 3 admin. */
export function repositoryLevel(store: Store, user: UserRecord, repo: RepositoryRecord): number {
  const ws = store.workspace(repo.workspace);
  if (ws?.members.some((m) => m.user === user.uuid && m.permission === 'owner')) return LEVELS.admin as number;
  const groups = new Set((ws?.groups ?? []).filter((g) => g.members.includes(user.uuid)).map((g) => g.slug));
  const project = repo.project ? store.project(repo.workspace, repo.project) : undefined;
  // A repository whose repository and project were never given a permission keeps the sandbox's open model (anyone
  // signed in may do anything), so seeds and tests that predate permissions work unchanged; the first grant on either
  // turns enforcement on for it (the demo seed gives one on PLAT).
  if (!repo.permissions && !project?.permissions) return LEVELS.admin as number;
  const level = Math.max(grantsLevel(repo.permissions, user, groups), grantsLevel(project?.permissions, user, groups));
  return Math.max(level, repo.is_private ? 0 : (LEVELS.read as number));
}

/** The level an operation on a repository needs (from its scopes in the spec). */
export function neededLevel(operation: string): number {
  const scopes = (OPERATIONS[operation]?.granular ?? []).flat();
  if (scopes.some((s) => s === 'admin:repository:bitbucket' || s === 'delete:repository:bitbucket')) return LEVELS.admin as number;
  if (operation.startsWith('GET ') || operation.startsWith('HEAD ')) return LEVELS.read as number;
  return scopes.some((s) => s.startsWith('write:')) ? (LEVELS.write as number) : (LEVELS.read as number);
}

/**
 * The refusal of an operation on a repository the user may not use as it needs (null: allowed, or not a repository
 * operation, or no such repository — the handler answers that).
 */
export function repositoryDenied(
  store: Store,
  user: UserRecord,
  operation: string,
  params: Record<string, string>,
): { status: number; message: string } | null {
  if (!operation.includes(' /repositories/{workspace}/{repo_slug}')) return null;
  const repo = store.repository(params.workspace ?? '', params.repo_slug ?? '');
  if (!repo) return null;
  const level = repositoryLevel(store, user, repo);
  const needed = neededLevel(operation);
  if (level >= needed) return null;
  if (level === 0) return { status: 404, message: `Repository ${repo.workspace}/${repo.slug} not found` };
  return { status: 403, message: `Access denied: you need ${needed >= (LEVELS.admin as number) ? 'admin' : 'write'} access to ${repo.workspace}/${repo.slug}` };
}
