import type { components } from '../../api/generated/schema.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { resolveWorkspace } from '../workspace/shared.js';

export type Project = components['schemas']['project'];

export const PROJECT_JSON_FIELDS = [
  'key',
  'name',
  'description',
  'is_private',
  'visibility',
  'uuid',
  'created_on',
  'updated_on',
  'has_publicly_visible_repos',
  'url',
] as const;

/** Bitbucket project keys: a letter, then letters, digits and underscores. */
const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export function checkProjectKey(value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : '';
  if (!PROJECT_KEY.test(key)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a project key: a letter, then letters, digits and underscores`, {
      hints: ['for example: WEB, or MOBILE_2'],
    });
  }
  return key;
}

/** `KEY` or `WORKSPACE/KEY`; the workspace otherwise comes from --workspace or the context. */
export async function resolveProject(ctx: Context, arg: unknown, workspaceFlag: unknown): Promise<{ workspace: string; key: string }> {
  const text = typeof arg === 'string' ? arg.trim() : '';
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const ws = text.slice(0, slash);
    if (typeof workspaceFlag === 'string' && workspaceFlag !== '' && workspaceFlag !== ws) {
      throw new BbError('INVALID_ARGUMENT', `two workspaces given: ${ws} and --workspace ${workspaceFlag}`);
    }
    return { workspace: await resolveWorkspace(ctx, ws || undefined), key: checkProjectKey(text.slice(slash + 1)) };
  }
  const key = checkProjectKey(text);
  return { workspace: await resolveWorkspace(ctx, workspaceFlag), key };
}

export function projectJson(p: Project): Record<string, unknown> {
  return {
    key: p.key,
    name: p.name,
    description: p.description ?? '',
    is_private: p.is_private,
    visibility: p.is_private ? 'private' : 'public',
    uuid: p.uuid,
    created_on: p.created_on,
    updated_on: p.updated_on,
    has_publicly_visible_repos: p.has_publicly_visible_repos ?? null,
    url: p.links?.html?.href ?? null,
  };
}
