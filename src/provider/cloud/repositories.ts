import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { bbqlString } from '../../cmd/repo/list.js';
import { type Account, accountJson, type Repository as CloudRepository, repoJson } from '../../cmd/repo/shared.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import type { Repository, RepositoryMethods, Reviewer } from '../types.js';

/** Cloud repositories: the requests `bb repo …` always sent (GET/POST/DELETE /repositories/{workspace}/{repo_slug}…). */
export function cloudRepository(r: CloudRepository): Repository {
  return repoJson(r) as unknown as Repository;
}

export function repositoryMethods(ctx: Context): RepositoryMethods {
  return {
    async listRepositories(owner, opts) {
      const filters: string[] = [];
      if (typeof opts.search === 'string' && opts.search.trim() !== '') filters.push(`(${opts.search.trim()})`);
      if (opts.visibility) filters.push(`is_private = ${opts.visibility === 'private'}`);
      if (typeof opts.language === 'string' && opts.language !== '') filters.push(`language = ${bbqlString(opts.language.toLowerCase())}`);
      const repos = await paginate<CloudRepository>(
        await ctx.http(),
        '/repositories/{workspace}',
        { workspace: owner ?? '' },
        { q: filters.length ? filters.join(' AND ') : undefined, sort: opts.sort ?? '-updated_on' },
        { limit: opts.limit, all: opts.all, fields: opts.fields },
      );
      return repos.map(cloudRepository);
    },
    async getRepository(ref) {
      const api = await ctx.api();
      const repo = must(
        await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: { workspace: ref.workspace, repo_slug: ref.repo } } }),
      ) as CloudRepository;
      return cloudRepository(repo);
    },
    async createRepository(input) {
      const body = {
        type: 'repository' as const,
        scm: 'git' as const,
        name: input.name,
        is_private: input.isPrivate,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.project ? { project: { type: 'project' as const, key: input.project } } : {}),
      };
      const params = { workspace: input.owner, repo_slug: input.slug };
      return {
        plan: [{ operation: 'POST /repositories/{workspace}/{repo_slug}', params, body }],
        async send() {
          const api = await ctx.api();
          return cloudRepository(must(await api.POST('/repositories/{workspace}/{repo_slug}', { params: { path: params }, body })) as CloudRepository);
        },
      };
    },
    async deleteRepository(ref) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo };
      return {
        plan: [{ operation: 'DELETE /repositories/{workspace}/{repo_slug}', params }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/repositories/{workspace}/{repo_slug}', { params: { path: params } });
        },
      };
    },
    async forkRepository(ref, input) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo };
      const body = {
        ...(input.owner ? { workspace: { slug: input.owner } } : {}),
        ...(input.name ? { name: input.name } : {}),
        ...(input.isPrivate !== undefined ? { is_private: input.isPrivate } : {}),
      };
      const op = 'POST /repositories/{workspace}/{repo_slug}/forks';
      return {
        plan: [{ operation: op, params, body }],
        async send() {
          const api = await ctx.api();
          return cloudRepository(
            must(await api.POST('/repositories/{workspace}/{repo_slug}/forks', { params: { path: params }, body: body as never })) as CloudRepository,
          );
        },
      };
    },
    async updateRepository(ref, change) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo };
      const body: Record<string, unknown> = {};
      if (change.name !== undefined) body.name = change.name;
      if (change.description !== undefined) body.description = change.description;
      if (change.isPrivate !== undefined) body.is_private = change.isPrivate;
      if (change.mainBranch !== undefined) body.mainbranch = { type: 'branch', name: change.mainBranch };
      if (change.forkPolicy !== undefined) body.fork_policy = change.forkPolicy;
      if (change.hasIssues !== undefined) body.has_issues = change.hasIssues;
      if (change.hasWiki !== undefined) body.has_wiki = change.hasWiki;
      if (change.language !== undefined) body.language = change.language;
      if (change.website !== undefined) body.website = change.website;
      const op = 'PUT /repositories/{workspace}/{repo_slug}';
      return {
        plan: [{ operation: op, params, body }],
        async send() {
          const api = await ctx.api();
          return cloudRepository(
            must(await api.PUT('/repositories/{workspace}/{repo_slug}', { params: { path: params }, body: body as never })) as CloudRepository,
          );
        },
      };
    },
    async mainBranch(ref) {
      const { mainBranch } = await import('./request.js');
      return mainBranch(ctx, ref);
    },
    async listDefaultReviewers(ref, opts) {
      const reviewers = await paginate<Account>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/default-reviewers',
        { workspace: ref.workspace, repo_slug: ref.repo },
        {},
        { limit: opts.limit, all: opts.all },
      );
      return reviewers.map((a) => accountJson(a) as Reviewer);
    },
    async addDefaultReviewer(ref, user) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo, target_username: user };
      return {
        plan: [{ operation: 'PUT /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', params }],
        async send() {
          const api = await ctx.api();
          const account = must(await api.PUT('/repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', { params: { path: params } })) as
            | Account
            | undefined;
          return account ? (accountJson(account) as Reviewer) : undefined;
        },
      };
    },
    async removeDefaultReviewer(ref, user) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo, target_username: user };
      return {
        plan: [{ operation: 'DELETE /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', params }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', { params: { path: params } });
        },
      };
    },
  };
}

export function notOnCloud(what: string, hint: string): BbError {
  return new BbError('NOT_ON_CLOUD', `${what} is not available on Bitbucket Cloud`, { hints: [hint] });
}
