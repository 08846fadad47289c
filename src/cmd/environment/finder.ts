/** An environment named by the user (its name, case-insensitive, its slug or its UUID) among a repository's. */
import { paginate } from '../../api/paginate.js';
import { repoParams } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { RepoRef } from '../../git/remote.js';
import { ENVIRONMENT_FIELDS, type Environment } from './list.js';

export const OP = {
  list: 'GET /repositories/{workspace}/{repo_slug}/environments',
  create: 'POST /repositories/{workspace}/{repo_slug}/environments',
  change: 'POST /repositories/{workspace}/{repo_slug}/environments/{environment_uuid}/changes',
  remove: 'DELETE /repositories/{workspace}/{repo_slug}/environments/{environment_uuid}',
} as const;

export const ENVIRONMENT_TYPES = ['Test', 'Staging', 'Production'] as const;

export async function findEnvironment(ctx: Context, repo: RepoRef, ref: unknown): Promise<Environment> {
  const text = String(ref ?? '').trim();
  if (text === '') throw new BbError('INVALID_ARGUMENT', 'name the environment', { hints: ['list them with `bb environment list`'] });
  const envs = await paginate<Environment>(
    await ctx.http(),
    '/repositories/{workspace}/{repo_slug}/environments',
    repoParams(repo),
    {},
    { all: true, fields: ENVIRONMENT_FIELDS },
  );
  const braced = text.startsWith('{') ? text.toLowerCase() : `{${text.toLowerCase()}}`;
  const found =
    envs.find((e) => e.uuid.toLowerCase() === braced) ??
    envs.find((e) => e.name?.toLowerCase() === text.toLowerCase()) ??
    envs.find((e) => e.slug === text.toLowerCase());
  if (!found) {
    throw new BbError('API_NOT_FOUND', `${repo.workspace}/${repo.repo} has no deployment environment "${text}"`, {
      operation: OP.list,
      hints: [`its environments: ${envs.map((e) => e.name).join(', ') || '(none)'}`],
    });
  }
  return found;
}
