/**
 * Cloud's explicit permissions (`permissions-config`) of a repository's or a project's users and groups. A user is
 * named by `{uuid}` or account id in the path; a nickname is looked up among the workspace's members first
 * (resolveUsers). Writes need the permission scopes (`write:permission`, `delete:permission`) beside the admin one.
 */
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { templateOf } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import type { Permission, PermissionMethods, PermissionSubject, PermissionTarget } from '../permissions.js';
import { resolveUsers } from './users.js';

/** The operations, by target and subject. */
export const CLOUD_PERMISSION_OP = {
  repository: {
    user: {
      list: 'GET /repositories/{workspace}/{repo_slug}/permissions-config/users',
      put: 'PUT /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}',
      delete: 'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}',
    },
    group: {
      list: 'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups',
      put: 'PUT /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}',
      delete: 'DELETE /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}',
    },
  },
  project: {
    user: {
      list: 'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      put: 'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}',
      delete: 'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}',
    },
    group: {
      list: 'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      put: 'PUT /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}',
      delete: 'DELETE /workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}',
    },
  },
  members: 'GET /workspaces/{workspace}/members',
} as const;

/** An explicit permission as Cloud sends it (only what bb reads). */
interface CloudPermission {
  permission?: string;
  user?: { nickname?: string; display_name?: string; uuid?: string; account_id?: string };
  group?: { slug?: string; name?: string };
}

/** The `fields=` a list asks for: what cloudPermission reads. */
const FIELDS = {
  user: ['permission', 'user.nickname', 'user.display_name', 'user.uuid', 'user.account_id'],
  group: ['permission', 'group.slug', 'group.name'],
} as const;

function cloudPermission(p: CloudPermission, kind: 'user' | 'group'): Permission {
  if (kind === 'group') {
    return { kind, name: p.group?.slug ?? null, displayName: p.group?.name ?? null, uuid: null, accountId: null, permission: p.permission ?? '' };
  }
  return {
    kind,
    name: p.user?.nickname ?? null,
    displayName: p.user?.display_name ?? null,
    uuid: p.user?.uuid ?? null,
    accountId: p.user?.account_id ?? null,
    permission: p.permission ?? '',
  };
}

function targetParams(target: PermissionTarget): Record<string, string> {
  return target.kind === 'repository'
    ? { workspace: target.repo.workspace, repo_slug: target.repo.repo }
    : { workspace: target.workspace, project_key: target.key };
}

function workspaceOf(target: PermissionTarget): string {
  return target.kind === 'repository' ? target.repo.workspace : target.workspace;
}

/** The subject's path parameter: a group's slug as given; a user's `{uuid}` or account id (a nickname is looked up). */
async function subjectParam(ctx: Context, target: PermissionTarget, subject: PermissionSubject): Promise<Record<string, string>> {
  if (subject.kind === 'group') return { group_slug: subject.name };
  const [ref] = await resolveUsers(ctx, workspaceOf(target), [subject.name]);
  const id = ref && ('uuid' in ref ? ref.uuid : ref.account_id);
  return { selected_user_id: id ?? subject.name };
}

export function permissionMethods(ctx: Context): PermissionMethods {
  return {
    async listPermissions(target, kind, opts) {
      const op = CLOUD_PERMISSION_OP[target.kind][kind].list;
      const items = await paginate<CloudPermission>(await ctx.http(), templateOf(op), targetParams(target), {}, { ...opts, fields: FIELDS[kind] });
      return items.map((p) => cloudPermission(p, kind));
    },
    async grantPermission(target, subject, level) {
      const op = CLOUD_PERMISSION_OP[target.kind][subject.kind].put;
      const params = { ...targetParams(target), ...(await subjectParam(ctx, target, subject)) };
      const body = { permission: level };
      return {
        plan: [{ operation: op, params, body }],
        async send() {
          const api = await ctx.api();
          // biome-ignore lint/suspicious/noExplicitAny: one call for four templates of the same shape
          const answer = must(await (api.PUT as any)(templateOf(op), { params: { path: params }, body })) as CloudPermission | undefined;
          return answer ? cloudPermission(answer, subject.kind) : undefined;
        },
      };
    },
    async revokePermission(target, subject) {
      const op = CLOUD_PERMISSION_OP[target.kind][subject.kind].delete;
      const params = { ...targetParams(target), ...(await subjectParam(ctx, target, subject)) };
      return {
        plan: [{ operation: op, params }],
        async send() {
          const api = await ctx.api();
          // biome-ignore lint/suspicious/noExplicitAny: one call for four templates of the same shape
          await (api.DELETE as any)(templateOf(op), { params: { path: params } });
        },
      };
    },
  };
}
