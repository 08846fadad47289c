import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { type Account, accountFields, accountJson } from './users.js';
import { notFound } from '../errors.js';
import { mainBranch, q } from './request.js';
import type { Context } from '../../context/context.js';
import type { Ref, RefMethods, RepoLocator } from '../types.js';

/** A branch or tag as Cloud sends it. */
export interface CloudRef {
  name?: string;
  type?: string;
  message?: string;
  date?: string;
  tagger?: { raw?: string; user?: Account };
  target?: { hash?: string; date?: string; message?: string; author?: { raw?: string; user?: Account } };
  links?: { html?: { href?: string } };
}

export function refToJson(r: CloudRef): Record<string, unknown> {
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

/** The ref fields refToJson and refAuthor read: the lists' `fields=`. */
const REF_FIELDS = [
  'name',
  'message',
  'target.hash',
  'target.date',
  'target.message',
  'target.author.raw',
  ...accountFields('target.author.user'),
  'links.html.href',
];

export function refAuthor(r: CloudRef): string {
  const a = r.target?.author;
  return a?.user?.nickname ?? a?.user?.display_name ?? (a?.raw ?? '').replace(/\s*<[^>]*>\s*$/, '');
}

/**
 * The full commit hash a new branch or tag should point at: a full hash as is, any other ref (branch,
 * tag, short hash) through GET commit/{commit}; none → the head of the repository's main branch.
 */
export async function resolveTarget(ctx: Context, repo: RepoLocator, ref: string | undefined): Promise<string> {
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

export function cloudRef(r: CloudRef): Ref {
  return { ...(refToJson(r) as unknown as Ref), authorName: refAuthor(r) };
}

export function refMethods(ctx: Context): RefMethods {
  const list = async (kind: 'branches' | 'tags', ref: Parameters<RefMethods['listBranches']>[0], opts: Parameters<RefMethods['listBranches']>[1]) => {
    const refs = await paginate<CloudRef>(
      await ctx.http(),
      `/repositories/{workspace}/{repo_slug}/refs/${kind}`,
      repoParams(ref),
      { q: opts.search ? `name ~ ${q(opts.search)}` : undefined, sort: '-target.date' },
      { limit: opts.limit, all: opts.all, fields: REF_FIELDS },
    );
    return refs.map(cloudRef);
  };
  const remove = (kind: 'branches' | 'tags', ref: Parameters<RefMethods['deleteBranch']>[0], name: string) => {
    const params = { ...repoParams(ref), name };
    const operation = `DELETE /repositories/{workspace}/{repo_slug}/refs/${kind}/{name}`;
    return {
      plan: [{ operation, params }],
      async send() {
        const api = await ctx.api();
        if (kind === 'branches') await api.DELETE('/repositories/{workspace}/{repo_slug}/refs/branches/{name}', { params: { path: params } });
        else await api.DELETE('/repositories/{workspace}/{repo_slug}/refs/tags/{name}', { params: { path: params } });
      },
    };
  };
  return {
    listBranches: (ref, opts) => list('branches', ref, opts),
    listTags: (ref, opts) => list('tags', ref, opts),
    async getTag(ref, name) {
      const api = await ctx.api();
      const raw = await api
        .GET('/repositories/{workspace}/{repo_slug}/refs/tags/{name}', { params: { path: { ...repoParams(ref), name } } })
        .then((r) => must(r) as unknown as CloudRef)
        .catch((e) => {
          throw notFound(e, `tag ${name} not found in ${ref.workspace}/${ref.repo}`);
        });
      return cloudRef(raw);
    },
    async createBranch(ref, name, from) {
      const hash = await resolveTarget(ctx, ref, from);
      const params = repoParams(ref);
      const body = { name, target: { hash } };
      return {
        hash,
        plan: [{ operation: 'POST /repositories/{workspace}/{repo_slug}/refs/branches', params, body }],
        async send() {
          const api = await ctx.api();
          return cloudRef(
            must(await api.POST('/repositories/{workspace}/{repo_slug}/refs/branches', { params: { path: params }, body })) as unknown as CloudRef,
          );
        },
      };
    },
    async createTag(ref, name, target, message) {
      const hash = await resolveTarget(ctx, ref, target);
      const params = repoParams(ref);
      const body = { name, target: { hash }, ...(message !== undefined ? { message } : {}) };
      return {
        hash,
        plan: [{ operation: 'POST /repositories/{workspace}/{repo_slug}/refs/tags', params, body }],
        async send() {
          const api = await ctx.api();
          return cloudRef(must(await api.POST('/repositories/{workspace}/{repo_slug}/refs/tags', { params: { path: params }, body })) as unknown as CloudRef);
        },
      };
    },
    deleteBranch: async (ref, name) => remove('branches', ref, name),
    deleteTag: async (ref, name) => remove('tags', ref, name),
  };
}
