import { must } from '../../api/client.js';
import type { components } from '../../api/generated/schema.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { Repository, RepositoryMethods, Reviewer } from '../types.js';
import { resolveWorkspace } from '../workspace.js';
import { mainBranch, q } from './request.js';
import { repoParams } from '../../api/path.js';

/** A repository as Cloud sends it. */
export type CloudRepository = components['schemas']['repository'] & { slug?: string };

export function visibility(repo: { is_private?: boolean }): string {
  return repo.is_private ? 'private' : 'public';
}

/** The slug of a repository: the API sends `slug`; the spec only has `full_name`. */
export function repoSlug(repo: CloudRepository): string {
  return repo.slug ?? repo.full_name?.split('/')[1] ?? repo.name ?? '';
}

export function cloneLink(repo: CloudRepository, protocol: 'https' | 'ssh'): string | undefined {
  const links = repo.links?.clone ?? [];
  const named = links.find((l) => l.name === protocol)?.href;
  if (named) return named;
  // Some servers name the http link `http`; fall back on the URL's own scheme.
  return links.find((l) => (protocol === 'https' ? /^https?:\/\//.test(l.href ?? '') : /^(ssh:\/\/|[^/]+@[^/]+:)/.test(l.href ?? '')))?.href;
}

export function repoJson(repo: CloudRepository): Record<string, unknown> {
  return {
    name: repo.name,
    fullName: repo.full_name,
    slug: repoSlug(repo),
    description: repo.description ?? '',
    isPrivate: repo.is_private,
    visibility: visibility(repo),
    language: repo.language ?? '',
    mainBranch: repo.mainbranch?.name ?? null,
    createdAt: repo.created_on,
    updatedAt: repo.updated_on,
    size: repo.size,
    uuid: repo.uuid,
    url: repo.links?.html?.href,
    project: repo.project ? { key: repo.project.key, name: repo.project.name, uuid: repo.project.uuid } : null,
    owner: repo.owner
      ? {
          displayName: repo.owner.display_name,
          uuid: repo.owner.uuid,
          ...(typeof repo.owner.nickname === 'string' ? { nickname: repo.owner.nickname } : {}),
          ...(typeof repo.owner.username === 'string' ? { username: repo.owner.username } : {}),
        }
      : null,
    scm: repo.scm,
    forkPolicy: repo.fork_policy,
    hasIssues: repo.has_issues,
    hasWiki: repo.has_wiki,
    parent: repo.parent?.full_name ?? null,
    httpsUrl: cloneLink(repo, 'https') ? stripUserInfo(cloneLink(repo, 'https') as string) : null,
    sshUrl: cloneLink(repo, 'ssh') ?? null,
  };
}

export function stripUserInfo(url: string): string {
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}

/** An account as Cloud sends it. */
export type CloudAccount = components['schemas']['account'] & { nickname?: string; account_id?: string; username?: string };

/** An account in the repository commands' JSON (their own field names). */
export function repoAccountJson(a: CloudAccount): Record<string, unknown> {
  return {
    displayName: a.display_name,
    nickname: a.nickname ?? a.username ?? null,
    uuid: a.uuid,
    accountId: a.account_id ?? null,
    type: a.type,
    url: (a.links?.html as { href?: string } | undefined)?.href ?? null,
  };
}

/** Cloud repositories: the requests `bb repo …` always sent (GET/POST/DELETE /repositories/{workspace}/{repo_slug}…). */
export function cloudRepository(r: CloudRepository): Repository {
  return repoJson(r) as unknown as Repository;
}

export function repositoryMethods(ctx: Context): RepositoryMethods {
  return {
    defaultReviewerDetail: 'uuid',
    repositoryListOwner: (workspace) => resolveWorkspace(ctx, workspace),
    repositoryCreateOwner: (workspace) => resolveWorkspace(ctx, workspace),
    async listRepositories(owner, opts) {
      const filters: string[] = [];
      if (typeof opts.search === 'string' && opts.search.trim() !== '') filters.push(`(${opts.search.trim()})`);
      if (opts.visibility) filters.push(`is_private = ${opts.visibility === 'private'}`);
      if (typeof opts.language === 'string' && opts.language !== '') filters.push(`language = ${q(opts.language.toLowerCase())}`);
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
      const repo = must(await api.GET('/repositories/{workspace}/{repo_slug}', { params: { path: repoParams(ref) } })) as CloudRepository;
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
      const params = repoParams(ref);
      return {
        plan: [{ operation: 'DELETE /repositories/{workspace}/{repo_slug}', params }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/repositories/{workspace}/{repo_slug}', { params: { path: params } });
        },
      };
    },
    async listForks(ref, opts) {
      const forks = await paginate<CloudRepository>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/forks',
        repoParams(ref),
        {},
        { limit: opts.limit, all: opts.all, fields: opts.fields },
      );
      return forks.map(cloudRepository);
    },
    async forkRepository(ref, input) {
      const params = repoParams(ref);
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
      const params = repoParams(ref);
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
    mainBranch: (ref) => mainBranch(ctx, ref),
    async listDefaultReviewers(ref, opts) {
      const reviewers = await paginate<CloudAccount>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/default-reviewers',
        repoParams(ref),
        {},
        { limit: opts.limit, all: opts.all },
      );
      return reviewers.map((a) => repoAccountJson(a) as Reviewer);
    },
    async addDefaultReviewer(ref, user) {
      const params = { workspace: ref.workspace, repo_slug: ref.repo, target_username: user };
      return {
        plan: [{ operation: 'PUT /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', params }],
        async send() {
          const api = await ctx.api();
          const account = must(await api.PUT('/repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}', { params: { path: params } })) as
            | CloudAccount
            | undefined;
          return account ? (repoAccountJson(account) as Reviewer) : undefined;
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
