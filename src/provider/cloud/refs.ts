import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { type Ref as CloudRef, refAuthor, refToJson, resolveTarget } from '../../cmd/branch/shared.js';
import { q, repoParams } from './request.js';
import type { Context } from '../../context.js';
import type { Ref, RefMethods } from '../types.js';

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
      { limit: opts.limit, all: opts.all },
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
