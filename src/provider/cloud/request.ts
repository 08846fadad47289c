/**
 * What Bitbucket Cloud requests of several areas share: a string literal in a BBQL `q` filter, and the repository's
 * main branch (a repository's path parameters are src/api/path.ts repoParams).
 */
import { must } from '../../api/client.js';
import { repoParams } from '../../api/path.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { RepoLocator } from '../types.js';

/** Escape a value for a Bitbucket `q` filter string literal. */
export function q(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The repository's main branch (GET repository → mainbranch). */
export async function mainBranch(ctx: Context, repo: RepoLocator): Promise<string> {
  const api = await ctx.api();
  const r = must(await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: repoParams(repo) } })) as unknown as {
    mainbranch?: { name?: string };
  };
  const name = r.mainbranch?.name;
  if (!name) throw new BbError('INVALID_ARGUMENT', `${repo.workspace}/${repo.repo} has no main branch (is it empty?)`, { hints: ['pass --base BRANCH'] });
  return name;
}
