/** A pull request's commits, patch and merge base on Bitbucket Cloud (src/provider/pr-changes.ts). */
import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { notFound } from '../errors.js';
import { CLOUD_PR_CHANGE_OP as OP, type PullRequestChangeMethods } from '../pr-changes.js';
import type { RepoLocator } from '../types.js';
import { type CloudCommit, COMMIT_FIELDS, cloudCommit } from './commits.js';
import { getPr } from './pullrequests.js';

export function prChangeMethods(ctx: Context): PullRequestChangeMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pull_request_id: id });
  const missing = (repo: RepoLocator, id: number) => `pull request #${id} not found in ${repo.workspace}/${repo.repo}`;
  return {
    async listPullRequestCommits(repo, id, opts) {
      const commits = await paginate<CloudCommit>(
        await ctx.http(),
        templateOf(OP.commits),
        pp(repo, id),
        {},
        {
          limit: opts.limit,
          all: opts.all,
          fields: COMMIT_FIELDS,
        },
      ).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      return commits.map(cloudCommit);
    },

    async pullRequestPatch(repo, id) {
      const http = await ctx.http();
      try {
        // a 302 to the repository's patch of the pull request's revspec (OP.repoPatch), which the transport follows
        const url = http.url(expandPath(templateOf(OP.patch), pp(repo, id)));
        const response = await http.send(new Request(url, { headers: { Accept: 'text/plain' } }), { operation: OP.patch });
        return await response.text();
      } catch (e) {
        throw notFound(e, missing(repo, id));
      }
    },

    async pullRequestMergeBase(repo, id) {
      const pr = await getPr(ctx, repo, id);
      const source = pr.source?.commit?.hash;
      const destination = pr.destination?.commit?.hash;
      if (!source || !destination) return null;
      const api = await ctx.api();
      try {
        const r = await api.GET('/repositories/{workspace}/{repo_slug}/merge-base/{revspec}', {
          params: { path: { ...repoParams(repo), revspec: `${source}..${destination}` } },
        });
        return r.data ? cloudCommit(r.data as unknown as CloudCommit) : null;
      } catch (e) {
        // the pull request is there: a 404 here is two commits with no common ancestor
        if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') return null;
        throw e;
      }
    },
  };
}
