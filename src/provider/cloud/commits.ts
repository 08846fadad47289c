import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { authorName, type Commit as CloudCommit, commitToJson } from './commit-wire.js';
import { repoParams } from './request.js';
import type { Context } from '../../context/context.js';
import type { Commit, CommitMethods } from '../types.js';

export function cloudCommit(c: CloudCommit): Commit {
  return { ...(commitToJson(c) as unknown as Commit), authorName: authorName(c) };
}

export function commitMethods(ctx: Context): CommitMethods {
  return {
    async listCommits(ref, opts) {
      const query = { exclude: opts.exclude, path: opts.path };
      const commits = opts.branch
        ? await paginate<CloudCommit>(
            await ctx.http(),
            '/repositories/{workspace}/{repo_slug}/commits/{revision}',
            { ...repoParams(ref), revision: opts.branch },
            query,
            {
              limit: opts.limit,
              all: opts.all,
            },
          )
        : await paginate<CloudCommit>(await ctx.http(), '/repositories/{workspace}/{repo_slug}/commits', repoParams(ref), query, {
            limit: opts.limit,
            all: opts.all,
          });
      return commits.map(cloudCommit);
    },
    async getCommit(ref, rev) {
      const api = await ctx.api();
      const r = await api.GET('/repositories/{workspace}/{repo_slug}/commit/{commit}', { params: { path: { ...repoParams(ref), commit: rev } } });
      return cloudCommit(must(r) as unknown as CloudCommit);
    },
  };
}
