import type { Context } from '../../context/context.js';
import type { AccessToken, TokenMethods, TokenScope } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcAccessToken, iso, projectKey, repoParams } from './shapes.js';
import { dcWhoami } from './users.js';

const OP = {
  user: {
    list: 'GET /access-tokens/latest/users/{userSlug}',
    create: 'PUT /access-tokens/latest/users/{userSlug}',
    revoke: 'DELETE /access-tokens/latest/users/{userSlug}/{tokenId}',
  },
  project: {
    list: 'GET /access-tokens/latest/projects/{projectKey}',
    create: 'PUT /access-tokens/latest/projects/{projectKey}',
    revoke: 'DELETE /access-tokens/latest/projects/{projectKey}/{tokenId}',
  },
  repository: {
    list: 'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}',
    create: 'PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}',
    revoke: 'DELETE /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}',
  },
} as const;

function scopeText(scope: TokenScope, params: Record<string, string>): string {
  if (scope.kind === 'user') return `user:${params.userSlug}`;
  if (scope.kind === 'project') return `project:${params.projectKey}`;
  return `repository:${params.projectKey}/${params.repositorySlug}`;
}

export function dcToken(t: DcAccessToken, scope: string, owner: string | null): AccessToken {
  return {
    id: t.id ?? '',
    name: t.name ?? '',
    permissions: t.permissions ?? [],
    createdAt: iso(t.createdDate),
    expiresAt: iso(t.expiryDate),
    lastUsedAt: iso(t.lastAuthenticated),
    owner: t.user?.slug ?? owner,
    scope,
    ...(t.token ? { token: t.token } : {}),
  };
}

export function tokenMethods(ctx: Context): TokenMethods {
  const at = async (scope: TokenScope): Promise<Record<string, string>> => {
    if (scope.kind === 'user') return { userSlug: await dcWhoami(ctx) };
    if (scope.kind === 'project') return { projectKey: projectKey(scope.project) };
    return repoParams(scope.repo);
  };
  return {
    async listAccessTokens(scope, opts) {
      const params = await at(scope);
      const owner = params.userSlug ?? null;
      return (await dcPaginate<DcAccessToken>(ctx, OP[scope.kind].list, params, {}, opts)).map((t) => dcToken(t, scopeText(scope, params), owner));
    },
    async createAccessToken(input) {
      const params = await at(input.scope);
      const body = { name: input.name, permissions: input.permissions, ...(input.expiryDays !== undefined ? { expiryDays: input.expiryDays } : {}) };
      const op = OP[input.scope.kind].create;
      return {
        plan: [{ operation: op, params, body }],
        send: async () => {
          const t = await dcSend<DcAccessToken>(ctx, op, params, { body });
          const expiresAt =
            input.expiryDays !== undefined && !t.expiryDate ? new Date(ctx.now().getTime() + input.expiryDays * 86_400_000).toISOString() : undefined;
          return {
            ...dcToken({ permissions: input.permissions, ...t }, scopeText(input.scope, params), params.userSlug ?? null),
            ...(expiresAt ? { expiresAt } : {}),
          };
        },
      };
    },
    async revokeAccessToken(scope, id) {
      const params = { ...(await at(scope)), tokenId: id };
      const op = OP[scope.kind].revoke;
      return {
        plan: [{ operation: op, params }],
        send: async () => {
          await dcSend(ctx, op, params);
        },
      };
    },
  };
}
