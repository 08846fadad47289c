/**
 * Data Center's project and repository permissions of users and groups. bb's levels (read, write, admin; a project's
 * create-repo) map to DC's: REPO_READ / REPO_WRITE / REPO_ADMIN on a repository, PROJECT_READ / PROJECT_WRITE /
 * PROJECT_ADMIN (and REPO_CREATE) on a project. A grant is `PUT …?name=&permission=`, a revoke `DELETE …?name=`.
 */
import type { Context } from '../../context/context.js';
import type { Permission, PermissionLevel, PermissionMethods, PermissionTarget } from '../permissions.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcUser, projectKey, repoParams } from './shapes.js';

export const DC_PERMISSION_OP = {
  repository: {
    user: 'api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/users',
    group: 'api/latest/projects/{projectKey}/repos/{repositorySlug}/permissions/groups',
  },
  project: {
    user: 'api/latest/projects/{projectKey}/permissions/users',
    group: 'api/latest/projects/{projectKey}/permissions/groups',
  },
} as const;

/** bb's level → DC's permission, by target. */
const TO_DC: Record<PermissionTarget['kind'], Partial<Record<PermissionLevel, string>>> = {
  repository: { read: 'REPO_READ', write: 'REPO_WRITE', admin: 'REPO_ADMIN' },
  project: { read: 'PROJECT_READ', write: 'PROJECT_WRITE', 'create-repo': 'REPO_CREATE', admin: 'PROJECT_ADMIN' },
};

/** DC's permission → bb's level (an unknown one as DC says it, lower case). */
export function fromDcPermission(p: string | undefined): string {
  for (const table of Object.values(TO_DC)) {
    for (const [level, dc] of Object.entries(table)) if (dc === p) return level;
  }
  return (p ?? '').toLowerCase();
}

export function toDcPermission(target: PermissionTarget, level: PermissionLevel): string {
  return TO_DC[target.kind][level] ?? level.toUpperCase();
}

interface DcPermitted {
  permission?: string;
  user?: DcUser;
  group?: { name?: string };
}

function op(method: string, target: PermissionTarget, kind: 'user' | 'group'): string {
  return `${method} /${DC_PERMISSION_OP[target.kind][kind]}`;
}

function params(target: PermissionTarget): Record<string, string> {
  return target.kind === 'repository' ? repoParams(target.repo) : { projectKey: projectKey(target.key) };
}

function dcPermission(p: DcPermitted, kind: 'user' | 'group'): Permission {
  if (kind === 'group')
    return { kind, name: p.group?.name ?? null, displayName: p.group?.name ?? null, uuid: null, accountId: null, permission: fromDcPermission(p.permission) };
  return {
    kind,
    name: p.user?.name ?? p.user?.slug ?? null,
    displayName: p.user?.displayName ?? null,
    uuid: null,
    accountId: null,
    permission: fromDcPermission(p.permission),
  };
}

export function permissionMethods(ctx: Context): PermissionMethods {
  return {
    async listPermissions(target, kind, opts) {
      return (await dcPaginate<DcPermitted>(ctx, op('GET', target, kind), params(target), {}, opts)).map((p) => dcPermission(p, kind));
    },
    async grantPermission(target, subject, level) {
      const operation = op('PUT', target, subject.kind);
      const query = { name: subject.name, permission: toDcPermission(target, level) };
      return {
        plan: [{ operation, params: params(target), query }],
        async send() {
          await dcSend(ctx, operation, params(target), { query });
          // DC answers 204: the permission as granted
          return { kind: subject.kind, name: subject.name, displayName: null, uuid: null, accountId: null, permission: level };
        },
      };
    },
    async revokePermission(target, subject) {
      const operation = op('DELETE', target, subject.kind);
      const query = { name: subject.name };
      return {
        plan: [{ operation, params: params(target), query }],
        async send() {
          await dcSend(ctx, operation, params(target), { query });
        },
      };
    },
  };
}
