import { must } from '../../api/client.js';
import type { Context } from '../../context.js';
import type { RepoRef } from '../../git/remote.js';
import { type Account, accountJson, mainBranch, notFound, repoParams } from '../pr/shared.js';

export interface Ref {
  name?: string;
  type?: string;
  message?: string;
  date?: string;
  tagger?: { raw?: string; user?: Account };
  target?: { hash?: string; date?: string; message?: string; author?: { raw?: string; user?: Account } };
  links?: { html?: { href?: string } };
}

export const REF_JSON_FIELDS = ['name', 'commit', 'commitDate', 'commitSubject', 'author', 'message', 'url'] as const;

export function refToJson(r: Ref): Record<string, unknown> {
  return {
    name: r.name ?? null,
    commit: r.target?.hash ?? null,
    commitDate: r.target?.date ?? null,
    commitSubject: (r.target?.message ?? '').split('\n')[0],
    author: r.target?.author?.user ? accountJson(r.target.author.user) : (r.target?.author?.raw ?? null),
    message: r.message ?? null,
    url: r.links?.html?.href ?? null,
  };
}

export function refAuthor(r: Ref): string {
  const a = r.target?.author;
  return a?.user?.nickname ?? a?.user?.display_name ?? (a?.raw ?? '').replace(/\s*<[^>]*>\s*$/, '');
}

/**
 * The full commit hash a new branch or tag should point at: a full hash as is, any other ref (branch,
 * tag, short hash) through GET commit/{commit}; none → the head of the repository's main branch.
 */
export async function resolveTarget(ctx: Context, repo: RepoRef, ref: string | undefined): Promise<string> {
  if (ref && /^[0-9a-f]{40}$/i.test(ref)) return ref.toLowerCase();
  const rev = ref ?? (await mainBranch(ctx, repo));
  const api = await ctx.api();
  const c = await api
    .GET('/repositories/{workspace}/{repo_slug}/commit/{commit}', { params: { path: { ...repoParams(repo), commit: rev } } })
    .then((r) => must(r) as unknown as { hash?: string })
    .catch((e) => {
      throw notFound(e, `no branch, tag or commit "${rev}" in ${repo.workspace}/${repo.repo}`);
    });
  return c.hash ?? rev;
}
