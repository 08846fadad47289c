/**
 * Explicit repository and project permissions of users and groups (`permissions-config`), and the workspace's
 * permission lists. As the spec says: a user in the path is a `{uuid}` or an Atlassian account id (anything else is
 * not found); the body is `{"permission": …}` — missing, empty or another value is a 400; a user who is not a member
 * of the workspace is "not a valid user to update" (400); reading or changing them needs admin on the repository
 * (project, workspace). What these grant is enforced on every repository request (access.ts).
 */
import { LEVELS, repositoryLevel } from '../access.js';
import type { GroupRecord, PermissionGrants, ProjectRecord, RepositoryRecord, UserRecord, WorkspaceRecord } from '../state.js';
import { accountRef, projectJson, repositoryRef, workspaceRef } from '../wire.js';
import { bodyObject, page, repoOf, str, workspaceOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

const REPO_LEVELS = ['read', 'write', 'admin'];
const PROJECT_LEVELS = ['read', 'write', 'create-repo', 'admin'];

function isOwner(ws: WorkspaceRecord, user: UserRecord): boolean {
  return ws.members.some((m) => m.user === user.uuid && m.permission === 'owner');
}

function projectOf(c: HandlerContext): ProjectRecord {
  const ws = workspaceOf(c);
  const key = c.params.project_key ?? '';
  const p = c.sb.store.project(ws.slug, key);
  if (!p) throw new ApiError(404, `Project ${key} not found in workspace ${ws.slug}`);
  return p;
}

/** A repository whose permissions the caller administers. */
function adminRepo(c: HandlerContext): RepositoryRecord {
  const repo = repoOf(c);
  if (repositoryLevel(c.sb.store, c.user, repo) < (LEVELS.admin as number)) {
    throw new ApiError(403, 'You must be an administrator of this repository to manage its permissions.');
  }
  return repo;
}

/** A project whose permissions the caller administers (a workspace owner, or admin on the project). */
function adminProject(c: HandlerContext): ProjectRecord {
  const ws = workspaceOf(c);
  const p = projectOf(c);
  const groups = new Set((ws.groups ?? []).filter((g) => g.members.includes(c.user.uuid)).map((g) => g.slug));
  const own = p.permissions?.users[c.user.uuid] === 'admin' || Object.entries(p.permissions?.groups ?? {}).some(([g, l]) => l === 'admin' && groups.has(g));
  if (!isOwner(ws, c.user) && !own) throw new ApiError(403, 'You must be an administrator of this project to manage its permissions.');
  return p;
}

/** The user of `{selected_user_id}`: a `{uuid}` or an account id only, and a member of the workspace. */
function selectedUser(c: HandlerContext, ws: WorkspaceRecord): UserRecord {
  const ref = c.params.selected_user_id ?? '';
  const users = Object.values(c.sb.store.data.users);
  const user = ref.startsWith('{') ? c.sb.store.data.users[ref.toLowerCase()] : users.find((u) => u.account_id === ref);
  if (!user) throw new ApiError(404, `${ref} is not a valid user`);
  if (!ws.members.some((m) => m.user === user.uuid)) {
    throw new ApiError(400, `${user.display_name} is not a member of workspace ${ws.slug}`, 'the selected user is not a valid user to update');
  }
  return user;
}

function groupOf(c: HandlerContext, ws: WorkspaceRecord): GroupRecord {
  const slug = c.params.group_slug ?? '';
  const g = (ws.groups ?? []).find((x) => x.slug === slug);
  if (!g) throw new ApiError(404, `No group with slug '${slug}' in workspace ${ws.slug}.`);
  return g;
}

/** `{"permission": …}`: 400 unless one of `allowed`. */
function permissionOf(c: HandlerContext, allowed: string[]): string {
  const body = bodyObject(c);
  const p = str(body.permission);
  if (!p || !allowed.includes(p)) {
    throw new ApiError(400, 'No permission value was provided or the value is invalid', undefined, { permission: [`must be one of ${allowed.join(', ')}`] });
  }
  return p;
}

function grantsOf(record: { permissions?: PermissionGrants }): PermissionGrants {
  record.permissions ??= { users: {}, groups: {} };
  return record.permissions;
}

function groupJson(c: HandlerContext, ws: WorkspaceRecord, g: GroupRecord): Record<string, unknown> {
  return { type: 'group', slug: g.slug, full_slug: `${ws.slug}:${g.slug}`, name: g.name, workspace: workspaceRef(c.sb.urls, ws) };
}

// ---------------- repositories ----------------

function repoUserJson(c: HandlerContext, repo: RepositoryRecord, user: UserRecord, permission: string): Record<string, unknown> {
  return {
    type: 'repository_user_permission',
    permission,
    user: accountRef(c.sb.urls, user),
    repository: repositoryRef(c.sb.urls, repo),
    links: { self: { href: c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/permissions-config/users/${encodeURIComponent(user.uuid)}`) } },
  };
}

function repoGroupJson(c: HandlerContext, repo: RepositoryRecord, ws: WorkspaceRecord, g: GroupRecord, permission: string): Record<string, unknown> {
  return {
    type: 'repository_group_permission',
    permission,
    group: groupJson(c, ws, g),
    repository: repositoryRef(c.sb.urls, repo),
    links: { self: { href: c.sb.urls.api(`/repositories/${repo.workspace}/${repo.slug}/permissions-config/groups/${g.slug}`) } },
  };
}

function projectUserJson(c: HandlerContext, p: ProjectRecord, user: UserRecord, permission: string): Record<string, unknown> {
  return {
    type: 'project_user_permission',
    permission,
    user: accountRef(c.sb.urls, user),
    project: projectJson(c.sb.urls, c.sb.store, p),
    links: { self: { href: c.sb.urls.api(`/workspaces/${p.workspace}/projects/${p.key}/permissions-config/users/${encodeURIComponent(user.uuid)}`) } },
  };
}

function projectGroupJson(c: HandlerContext, p: ProjectRecord, ws: WorkspaceRecord, g: GroupRecord, permission: string): Record<string, unknown> {
  return {
    type: 'project_group_permission',
    permission,
    group: groupJson(c, ws, g),
    project: projectJson(c.sb.urls, c.sb.store, p),
    links: { self: { href: c.sb.urls.api(`/workspaces/${p.workspace}/projects/${p.key}/permissions-config/groups/${g.slug}`) } },
  };
}

function usersOf(c: HandlerContext, grants: PermissionGrants | undefined): Array<[UserRecord, string]> {
  return Object.entries(grants?.users ?? {}).flatMap(([uuid, p]) => {
    const u = c.sb.store.data.users[uuid];
    return u ? [[u, p] as [UserRecord, string]] : [];
  });
}

function groupsOf(ws: WorkspaceRecord, grants: PermissionGrants | undefined): Array<[GroupRecord, string]> {
  return Object.entries(grants?.groups ?? {}).flatMap(([slug, p]) => {
    const g = (ws.groups ?? []).find((x) => x.slug === slug);
    return g ? [[g, p] as [GroupRecord, string]] : [];
  });
}

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/users': (c) => {
    const repo = adminRepo(c);
    return json(
      page(
        c,
        usersOf(c, repo.permissions).map(([u, p]) => repoUserJson(c, repo, u, p)),
      ),
    );
  },
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}': (c) => {
    const repo = adminRepo(c);
    const user = selectedUser(c, workspaceOf(c));
    const p = repo.permissions?.users[user.uuid];
    if (!p) throw new ApiError(404, `${user.display_name} has no explicit permission on ${repo.workspace}/${repo.slug}`);
    return json(repoUserJson(c, repo, user, p));
  },
  'PUT /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}': (c) => {
    const repo = adminRepo(c);
    const user = selectedUser(c, workspaceOf(c));
    const permission = permissionOf(c, REPO_LEVELS);
    grantsOf(repo).users[user.uuid] = permission;
    return json(repoUserJson(c, repo, user, permission));
  },
  'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}': (c) => {
    const repo = adminRepo(c);
    const user = selectedUser(c, workspaceOf(c));
    if (!repo.permissions?.users[user.uuid]) throw new ApiError(404, `${user.display_name} has no explicit permission on ${repo.workspace}/${repo.slug}`);
    delete repo.permissions.users[user.uuid];
    return noContent();
  },
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups': (c) => {
    const repo = adminRepo(c);
    const ws = workspaceOf(c);
    return json(
      page(
        c,
        groupsOf(ws, repo.permissions).map(([g, p]) => repoGroupJson(c, repo, ws, g, p)),
      ),
    );
  },
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}': (c) => {
    const repo = adminRepo(c);
    const ws = workspaceOf(c);
    const g = groupOf(c, ws);
    const p = repo.permissions?.groups[g.slug];
    if (!p) throw new ApiError(404, `Group ${g.slug} has no explicit permission on ${repo.workspace}/${repo.slug}`);
    return json(repoGroupJson(c, repo, ws, g, p));
  },
  'PUT /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}': (c) => {
    const repo = adminRepo(c);
    const ws = workspaceOf(c);
    const g = groupOf(c, ws);
    const permission = permissionOf(c, REPO_LEVELS);
    grantsOf(repo).groups[g.slug] = permission;
    return json(repoGroupJson(c, repo, ws, g, permission));
  },
  'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}': (c) => {
    const repo = adminRepo(c);
    const g = groupOf(c, workspaceOf(c));
    if (!repo.permissions?.groups[g.slug]) throw new ApiError(404, `Group ${g.slug} has no explicit permission on ${repo.workspace}/${repo.slug}`);
    delete repo.permissions.groups[g.slug];
    return noContent();
  },

  // ---------------- projects ----------------

  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users': (c) => {
    const p = adminProject(c);
    return json(
      page(
        c,
        usersOf(c, p.permissions).map(([u, l]) => projectUserJson(c, p, u, l)),
      ),
    );
  },
  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}': (c) => {
    const p = adminProject(c);
    const user = selectedUser(c, workspaceOf(c));
    const l = p.permissions?.users[user.uuid];
    if (!l) throw new ApiError(404, `${user.display_name} has no explicit permission on project ${p.key}`);
    return json(projectUserJson(c, p, user, l));
  },
  'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}': (c) => {
    const p = adminProject(c);
    const user = selectedUser(c, workspaceOf(c));
    const permission = permissionOf(c, PROJECT_LEVELS);
    grantsOf(p).users[user.uuid] = permission;
    return json(projectUserJson(c, p, user, permission));
  },
  'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}': (c) => {
    const p = adminProject(c);
    const user = selectedUser(c, workspaceOf(c));
    if (!p.permissions?.users[user.uuid]) throw new ApiError(404, `${user.display_name} has no explicit permission on project ${p.key}`);
    delete p.permissions.users[user.uuid];
    return noContent();
  },
  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups': (c) => {
    const p = adminProject(c);
    const ws = workspaceOf(c);
    return json(
      page(
        c,
        groupsOf(ws, p.permissions).map(([g, l]) => projectGroupJson(c, p, ws, g, l)),
      ),
    );
  },
  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}': (c) => {
    const p = adminProject(c);
    const ws = workspaceOf(c);
    const g = groupOf(c, ws);
    const l = p.permissions?.groups[g.slug];
    if (!l) throw new ApiError(404, `Group ${g.slug} has no explicit permission on project ${p.key}`);
    return json(projectGroupJson(c, p, ws, g, l));
  },
  'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}': (c) => {
    const p = adminProject(c);
    const ws = workspaceOf(c);
    const g = groupOf(c, ws);
    const permission = permissionOf(c, PROJECT_LEVELS);
    grantsOf(p).groups[g.slug] = permission;
    return json(projectGroupJson(c, p, ws, g, permission));
  },
  'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}': (c) => {
    const p = adminProject(c);
    const g = groupOf(c, workspaceOf(c));
    if (!p.permissions?.groups[g.slug]) throw new ApiError(404, `Group ${g.slug} has no explicit permission on project ${p.key}`);
    delete p.permissions.groups[g.slug];
    return noContent();
  },

  // ---------------- workspaces ----------------

  'GET /workspaces/{workspace}/permissions': (c) => {
    const ws = workspaceOf(c);
    if (!ws.members.some((m) => m.user === c.user.uuid)) throw new ApiError(404, `No workspace with identifier '${ws.slug}'.`);
    return json(
      page(
        c,
        ws.members.flatMap((m) => {
          const u = c.sb.store.data.users[m.user];
          return u ? [{ type: 'workspace_membership', permission: m.permission, user: accountRef(c.sb.urls, u), workspace: workspaceRef(c.sb.urls, ws) }] : [];
        }),
      ),
    );
  },
  'GET /workspaces/{workspace}/permissions/repositories': (c) => json(page(c, repositoryPermissions(c, undefined))),
  'GET /workspaces/{workspace}/permissions/repositories/{repo_slug}': (c) => json(page(c, repositoryPermissions(c, repoOf(c)))),
};

const LEVEL_NAMES = ['none', 'read', 'write', 'admin'];

/** Every member's effective permission on each repository of the workspace (or one): only for its owners. */
function repositoryPermissions(c: HandlerContext, only: RepositoryRecord | undefined): unknown[] {
  const ws = workspaceOf(c);
  if (!isOwner(ws, c.user)) throw new ApiError(403, 'Only administrators of the workspace may list its repository permissions.');
  const repos = only ? [only] : c.sb.store.repositoriesOf(ws.slug).sort((a, b) => a.slug.localeCompare(b.slug));
  return repos.flatMap((repo) =>
    ws.members.flatMap((m) => {
      const u = c.sb.store.data.users[m.user];
      const level = u ? repositoryLevel(c.sb.store, u, repo) : 0;
      return u && level > 0
        ? [{ type: 'repository_permission', permission: LEVEL_NAMES[level], user: accountRef(c.sb.urls, u), repository: repositoryRef(c.sb.urls, repo) }]
        : [];
    }),
  );
}
