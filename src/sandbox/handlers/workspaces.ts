import { newUuid, type ProjectRecord, projectKey } from '../state.js';
import { accountRef, projectJson, userJson, workspaceBase, workspaceJson, workspaceRef } from '../wire.js';
import { bodyObject, bool, page, str, userByRef, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

/** Users, workspaces and projects. */

function projectOf(c: HandlerContext): ProjectRecord {
  const ws = workspaceOf(c);
  const key = c.params.project_key ?? '';
  const p = c.sb.store.project(ws.slug, key);
  if (!p) throw new ApiError(404, `Project ${key} not found in workspace ${ws.slug}`);
  return p;
}

/** The user a project default-reviewer path names (username, {uuid} or account id): 404 when there is none, as the spec says. */
function reviewerOf(c: HandlerContext) {
  const ref = c.params.selected_user ?? '';
  const user = c.sb.store.user(ref);
  if (!user) throw new ApiError(404, `${ref} is not a valid user`);
  return user;
}

export const handlers: HandlerMap = {
  'GET /workspaces/{workspace}/projects/{project_key}/default-reviewers': (c) => {
    const p = projectOf(c);
    const users = (p.default_reviewers ?? []).map((id) => c.sb.store.data.users[id]).filter((u) => u !== undefined);
    return json(
      page(
        c,
        users.map((u) => ({ type: 'default_reviewer', reviewer_type: 'project', user: userJson(c.sb.urls, u) })),
      ),
    );
  },

  'GET /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}': (c) => {
    const p = projectOf(c);
    const user = reviewerOf(c);
    if (!(p.default_reviewers ?? []).includes(user.uuid)) throw new ApiError(400, `${c.params.selected_user} is not a default reviewer of project ${p.key}`);
    return json(userJson(c.sb.urls, user));
  },

  // 400 "if the specified user cannot be added": a default reviewer must be a member of the project's workspace
  'PUT /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}': (c) => {
    const p = projectOf(c);
    const user = reviewerOf(c);
    const ws = workspaceOf(c);
    if (!ws.members.some((m) => m.user === user.uuid))
      throw new ApiError(400, `${c.params.selected_user} cannot be a default reviewer: not a member of workspace ${ws.slug}`);
    p.default_reviewers = [...(p.default_reviewers ?? []).filter((id) => id !== user.uuid), user.uuid];
    return json(userJson(c.sb.urls, user));
  },

  'DELETE /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}': (c) => {
    const p = projectOf(c);
    const user = reviewerOf(c);
    if (!(p.default_reviewers ?? []).includes(user.uuid)) throw new ApiError(400, `${c.params.selected_user} is not a default reviewer of project ${p.key}`);
    p.default_reviewers = (p.default_reviewers ?? []).filter((id) => id !== user.uuid);
    return noContent();
  },

  'GET /user': (c) => json(userJson(c.sb.urls, c.user)),

  'GET /users/{selected_user}': (c) => json(userJson(c.sb.urls, userByRef(c.sb, c.params.selected_user ?? ''))),

  'GET /user/emails': (c) =>
    json(
      page(c, [
        {
          type: 'email',
          email: c.user.email,
          is_primary: true,
          is_confirmed: true,
          links: { self: { href: c.sb.urls.api(`/user/emails/${encodeURIComponent(c.user.email)}`) } },
        },
      ]),
    ),

  'GET /workspaces': (c) =>
    json(
      page(
        c,
        c.sb.store.workspacesOf(c.user.uuid).map((w) => workspaceJson(c.sb.urls, w)),
      ),
    ),

  'GET /user/permissions/workspaces': (c) =>
    json(
      page(
        c,
        c.sb.store.workspacesOf(c.user.uuid).map((w) => ({
          type: 'workspace_membership',
          permission: w.members.find((m) => m.user === c.user.uuid)?.permission ?? 'member',
          user: accountRef(c.sb.urls, c.user),
          workspace: workspaceRef(c.sb.urls, w),
          links: { self: { href: c.sb.urls.api(`/workspaces/${w.slug}/members/${encodeURIComponent(c.user.uuid)}`) } },
        })),
      ),
    ),

  'GET /user/workspaces': (c) =>
    json(
      page(
        c,
        c.sb.store.workspacesOf(c.user.uuid).map((w) => ({
          type: 'workspace_access',
          administrator: w.members.some((m) => m.user === c.user.uuid && m.permission === 'owner'),
          workspace: workspaceBase(c.sb.urls, w),
        })),
      ),
    ),

  'GET /workspaces/{workspace}': (c) => json(workspaceJson(c.sb.urls, workspaceOf(c))),

  'GET /workspaces/{workspace}/members': (c) => {
    const ws = workspaceOf(c);
    return json(
      page(
        c,
        ws.members.flatMap((m) => {
          const u = c.sb.store.data.users[m.user];
          if (!u) return [];
          return [
            {
              type: 'workspace_membership',
              user: accountRef(c.sb.urls, u),
              workspace: workspaceRef(c.sb.urls, ws),
              links: { self: { href: c.sb.urls.api(`/workspaces/${ws.slug}/members/${encodeURIComponent(u.uuid)}`) } },
            },
          ];
        }),
      ),
    );
  },

  'GET /workspaces/{workspace}/projects': (c) => {
    const ws = workspaceOf(c);
    return json(
      page(
        c,
        c.sb.store
          .projectsOf(ws.slug)
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((p) => projectJson(c.sb.urls, c.sb.store, p)),
      ),
    );
  },

  'POST /workspaces/{workspace}/projects': (c) => {
    const ws = workspaceOf(c);
    const body = bodyObject(c);
    const key = str(body.key);
    const name = str(body.name);
    const fields: Record<string, string[]> = {};
    if (!key) fields.key = ['This field is required.'];
    else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key))
      fields.key = ['Project keys must start with a letter and may only contain ASCII letters, numbers and underscores.'];
    if (!name) fields.name = ['This field is required.'];
    if (Object.keys(fields).length > 0 || !key || !name) throw new ApiError(400, 'Bad request', undefined, fields);
    if (c.sb.store.project(ws.slug, key)) throw new ApiError(400, `A project with key ${key.toUpperCase()} already exists in workspace ${ws.slug}.`);
    const now = c.sb.now().toISOString();
    const p: ProjectRecord = {
      uuid: newUuid(),
      workspace: ws.slug,
      key: key.toUpperCase(),
      name,
      description: str(body.description) ?? '',
      is_private: bool(body.is_private) ?? true,
      created_on: now,
      updated_on: now,
    };
    c.sb.store.data.projects[projectKey(ws.slug, p.key)] = p;
    return created(projectJson(c.sb.urls, c.sb.store, p));
  },

  'GET /workspaces/{workspace}/projects/{project_key}': (c) => json(projectJson(c.sb.urls, c.sb.store, projectOf(c))),

  'PUT /workspaces/{workspace}/projects/{project_key}': (c) => {
    const p = projectOf(c);
    const body = bodyObject(c);
    if (str(body.name)) p.name = str(body.name) as string;
    if (str(body.description) !== undefined) p.description = str(body.description) as string;
    if (bool(body.is_private) !== undefined) p.is_private = bool(body.is_private) as boolean;
    p.updated_on = c.sb.now().toISOString();
    return json(projectJson(c.sb.urls, c.sb.store, p));
  },

  'DELETE /workspaces/{workspace}/projects/{project_key}': (c) => {
    const p = projectOf(c);
    if (c.sb.store.repositoriesOf(p.workspace).some((r) => r.project === p.key)) {
      throw new ApiError(400, 'You cannot delete a project that contains repositories.');
    }
    delete c.sb.store.data.projects[projectKey(p.workspace, p.key)];
    delete c.sb.store.data.branchingModels[projectKey(p.workspace, p.key)];
    return noContent();
  },
};
