import type { Context } from '../../context/context.js';
import type { AccessToken } from '../../provider/types.js';

export const TOKEN_JSON_FIELDS = ['id', 'name', 'permissions', 'createdAt', 'expiresAt', 'lastUsedAt', 'owner', 'scope'] as const;

export function tokenJson(t: AccessToken): Record<string, unknown> {
  const { token: _secret, ...rest } = t;
  return rest;
}

export function when(ctx: Context, iso: string | null): string {
  return iso ?? (ctx.io.stdoutIsTTY ? 'never' : '');
}
