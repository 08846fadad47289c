/** A pull request's commits, patch and merge base on Bitbucket Cloud (src/provider/pr-changes.ts). */
import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { PageLinks, paginate, readPage } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { notFound } from '../errors.js';
import { CLOUD_PR_CHANGE_OP as OP, type FileConflict, type PullRequestChangeMethods } from '../pr-changes.js';
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

    async listPullRequestConflicts(repo, id) {
      const http = await ctx.http();
      // a 302 to the repository's file conflicts of the pull request's revspec (OP.repoConflicts), which the
      // transport follows; further pages are that list's own `next` links, on the API's origin and that list's path
      const url = http.url(expandPath(templateOf(OP.conflicts), pp(repo, id)));
      const items: CloudFileConflict[] = [];
      try {
        const response = await http.send(new Request(url), { operation: OP.conflicts });
        let page = await readPage<CloudFileConflict>(http, response, url, OP.conflicts);
        items.push(...(page.values ?? []));
        if (typeof page.next === 'string') {
          let current = new URL(page.next);
          const here = new URL(http.baseUrl);
          const listPath = `${here.pathname.replace(/\/+$/, '')}/repositories/`;
          if (current.origin !== here.origin || !current.pathname.startsWith(listPath) || !current.pathname.includes('/file-conflicts/'))
            throw new BbError('API_BAD_RESPONSE', `${OP.conflicts}: the next-page link leaves the list (${current.origin}${current.pathname})`, {
              operation: OP.conflicts,
            });
          const links = new PageLinks(current, OP.repoConflicts);
          for (;;) {
            page = await readPage<CloudFileConflict>(http, await http.send(new Request(current), { operation: OP.repoConflicts }), current, OP.repoConflicts);
            items.push(...(page.values ?? []));
            if (typeof page.next !== 'string') break;
            current = links.follow(page.next, current);
          }
        }
      } catch (e) {
        throw notFound(e, missing(repo, id));
      }
      return items.map(
        (c): FileConflict => ({ path: c.path ?? '', scenario: c.scenario ?? 'unknown', message: typeof c.message === 'string' ? c.message : null }),
      );
    },
  };
}

/** Cloud's `file_conflict`. */
interface CloudFileConflict {
  type: string;
  path?: string;
  scenario?: string;
  message?: string;
}
