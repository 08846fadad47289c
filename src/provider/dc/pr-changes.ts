/** A pull request's commits, patch and merge base on Bitbucket Data Center (src/provider/pr-changes.ts). */
import type { Context } from '../../context/context.js';
import { notFound } from '../errors.js';
import { DC_PR_CHANGE_OP as OP, type PullRequestChangeMethods } from '../pr-changes.js';
import type { RepoLocator } from '../types.js';
import { dcCommit } from './commits.js';
import { dcPaginate, dcRequest, dcSend } from './http.js';
import { type DcCommit, repoParams } from './shapes.js';

export function prChangeMethods(ctx: Context): PullRequestChangeMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pullRequestId: id });
  const missing = (repo: RepoLocator, id: number) => `pull request #${id} not found in ${repo.workspace}/${repo.repo}`;
  /** The repository's web page, for commit URLs. */
  const web = async (repo: RepoLocator) => {
    const p = repoParams(repo);
    return `${(await ctx.host()).baseUrl}/projects/${encodeURIComponent(p.projectKey)}/repos/${encodeURIComponent(p.repositorySlug)}`;
  };
  return {
    async listPullRequestCommits(repo, id, opts) {
      const commits = await dcPaginate<DcCommit>(ctx, OP.commits, pp(repo, id), {}, opts).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      const base = await web(repo);
      return commits.map((c) => dcCommit(c, base));
    },

    async pullRequestPatch(repo, id) {
      try {
        const { response } = await dcRequest(ctx, OP.patch, pp(repo, id), { accept: 'text/plain' });
        return await response.text();
      } catch (e) {
        throw notFound(e, missing(repo, id));
      }
    },

    async pullRequestMergeBase(repo, id) {
      // 204: the two branches share no commit
      const c = await dcSend<DcCommit | undefined>(ctx, OP.mergeBase, pp(repo, id)).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      return c?.id ? dcCommit(c, await web(repo)) : null;
    },
  };
}
