import type { DcGroup, DcProject, DcRepo, DcUser } from '../model.js';
import { levelOf } from '../permissions.js';
import { userJson } from '../wire.js';
import { type DcContext, DcApiError, type DcRoutes, me, page, projectOf, R, repoOf } from './context.js';

/**
 * Project and repository permissions of users and groups, as the DC spec has them: `GET …/permissions/users|groups`
 * (a page of `{user|group, permission}`), `PUT …?name=&permission=` (204; a permission the resource does not take is
 * a 400, an unknown user or group a 404), `DELETE …?name=` (204). A user may not lower their own permission unless a
 * global permission already gives it (403 on PUT, 409 on DELETE). Who may call them (REPO_ADMIN, PROJECT_ADMIN) is
 * checked by the server; what they grant is what every later request is checked against (model.ts userLevel).
 */

const REPO_PERMISSIONS = ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN'];
const PROJECT_PERMISSIONS = ['PROJECT_READ', 'PROJECT_WRITE', 'REPO_CREATE', 'PROJECT_ADMIN'];
const VALIDATION = 'com.atlassian.bitbucket.validation.ArgumentValidationException';

type Holder = DcProject | DcRepo;

function nameOf(c: DcContext): string {
  const name = c.query.get('name');
  if (!name) throw new DcApiError(400, 'The name of a user or group is required.', VALIDATION);
  return name;
}

function userOf(c: DcContext): DcUser {
  const name = nameOf(c);
  const u = c.store.users[name] ?? Object.values(c.store.users).find((x) => x.name === name);
  if (!u) throw new DcApiError(404, `No such user: ${name}.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
  return u;
}

function groupOf(c: DcContext): DcGroup {
  const name = nameOf(c);
  const g = c.store.groups[name];
  if (!g) throw new DcApiError(404, `No such group: ${name}.`, 'com.atlassian.bitbucket.user.NoSuchGroupException');
  return g;
}

function permissionOf(c: DcContext, allowed: string[]): string {
  const p = c.query.get('permission');
  if (!p || !allowed.includes(p)) throw new DcApiError(400, `The permission must be one of ${allowed.join(', ')}.`, VALIDATION);
  return p;
}

/** The caller lowering (or dropping) their own permission, without a global permission that already gives it. */
function lowersOwn(c: DcContext, holder: Holder, user: DcUser, next: string | undefined): boolean {
  const self = me(c);
  if (self.slug !== user.slug || levelOf(self.global) >= levelOf('ADMIN')) return false;
  return levelOf(next) < levelOf(holder.permissions[user.slug]);
}

function routes(prefix: string, holderOf: (c: DcContext) => Holder, allowed: string[]): DcRoutes {
  return {
    [`GET ${prefix}/users`]: (c) => {
      const h = holderOf(c);
      const filter = c.query.get('filter')?.toLowerCase();
      const items = Object.entries(h.permissions).flatMap(([slug, permission]) => {
        const u = c.store.users[slug];
        if (!u || (filter && !`${u.name} ${u.displayName}`.toLowerCase().includes(filter))) return [];
        return [{ user: userJson(u, c.base), permission }];
      });
      return { status: 200, json: page(c, items) };
    },
    [`PUT ${prefix}/users`]: (c) => {
      const h = holderOf(c);
      const user = userOf(c);
      const permission = permissionOf(c, allowed);
      if (lowersOwn(c, h, user, permission))
        throw new DcApiError(403, 'You cannot lower your own permission level.', 'com.atlassian.bitbucket.AuthorisationException');
      h.permissions[user.slug] = permission;
      return { status: 204 };
    },
    [`DELETE ${prefix}/users`]: (c) => {
      const h = holderOf(c);
      const user = userOf(c);
      if (lowersOwn(c, h, user, undefined))
        throw new DcApiError(409, 'Revoking your own permissions would lower your permission level.', 'com.atlassian.bitbucket.permission.PermissionException');
      delete h.permissions[user.slug];
      return { status: 204 };
    },
    [`GET ${prefix}/groups`]: (c) => {
      const h = holderOf(c);
      const filter = c.query.get('filter')?.toLowerCase();
      const items = Object.entries(h.groupPermissions ?? {}).flatMap(([name, permission]) =>
        c.store.groups[name] && (!filter || name.toLowerCase().includes(filter)) ? [{ group: { name }, permission }] : [],
      );
      return { status: 200, json: page(c, items) };
    },
    [`PUT ${prefix}/groups`]: (c) => {
      const h = holderOf(c);
      const g = groupOf(c);
      const permission = permissionOf(c, allowed);
      h.groupPermissions ??= {};
      h.groupPermissions[g.name] = permission;
      return { status: 204 };
    },
    [`DELETE ${prefix}/groups`]: (c) => {
      const h = holderOf(c);
      const g = groupOf(c);
      if (h.groupPermissions) delete h.groupPermissions[g.name];
      return { status: 204 };
    },
  };
}

export const PERMISSION_ROUTES: DcRoutes = {
  ...routes(`${R}/permissions`, repoOf, REPO_PERMISSIONS),
  ...routes('/api/latest/projects/{projectKey}/permissions', projectOf, PROJECT_PERMISSIONS),
};
