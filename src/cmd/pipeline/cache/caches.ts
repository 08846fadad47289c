/** `bb pipeline cache …`: the operations, the shape bb reads, --json fields, and finding caches by uuid or name. */
import { paginate } from '../../../api/paginate.js';
import { repoParams } from '../../../api/path.js';
import type { Context } from '../../../context/context.js';
import type { RepoRef } from '../../../git/remote.js';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/pipelines-config/caches',
  removeByName: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines-config/caches',
  remove: 'DELETE /repositories/{workspace}/{repo_slug}/pipelines-config/caches/{cache_uuid}',
} as const;

export interface Cache {
  uuid: string;
  name?: string;
  path?: string;
  key_hash?: string;
  file_size_bytes?: number;
  created_on?: string;
  pipeline_uuid?: string;
  step_uuid?: string;
}

export const CACHE_FIELDS = ['uuid', 'name', 'path', 'key_hash', 'file_size_bytes', 'created_on', 'pipeline_uuid', 'step_uuid'];
export const CACHE_JSON_FIELDS = ['uuid', 'name', 'path', 'keyHash', 'sizeBytes', 'createdAt', 'pipelineUuid', 'stepUuid'];

export function cacheJson(c: Cache): Record<string, unknown> {
  return {
    uuid: c.uuid,
    name: c.name ?? null,
    path: c.path ?? null,
    keyHash: c.key_hash ?? null,
    sizeBytes: c.file_size_bytes ?? null,
    createdAt: c.created_on ?? null,
    pipelineUuid: c.pipeline_uuid ?? null,
    stepUuid: c.step_uuid ?? null,
  };
}

export function size(bytes: number | undefined): string {
  if (bytes === undefined || bytes === null) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

export async function listCaches(ctx: Context, repo: RepoRef, opts: { limit?: number; all?: boolean } = { all: true }): Promise<Cache[]> {
  return paginate<Cache>(
    await ctx.http(),
    '/repositories/{workspace}/{repo_slug}/pipelines-config/caches',
    repoParams(repo),
    {},
    { ...opts, fields: CACHE_FIELDS },
  );
}

/** `{uuid}` or a bare UUID → the braced uuid; anything else is a cache name. */
export function uuidOf(text: string): string | undefined {
  const u = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(text.trim());
  return u?.[1] ? `{${u[1].toLowerCase()}}` : undefined;
}
