import { sortItems } from '../query.js';
import { cachedRead } from '../read-cache.js';
import { createRepository, deleteRepository, forkRepository } from '../repos.js';
import { type RepositoryRecord, slugify } from '../state.js';
import { repositoryJson, userJson } from '../wire.js';
import { bodyObject, bool, envelope, page, pageParams, repoOf, str, userByRef, workspaceOf } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

/** Repositories and their default reviewers. */

const FORK_POLICIES = new Set(['allow_forks', 'no_public_forks', 'no_forks']);
const SLUG_RE = /^[a-z0-9._-]+$/;
/** The project settings a repository inherits unless it overrides them (Bitbucket's project settings: merge strategy, branching model). */
const INHERITABLE = ['default_merge_strategy', 'branching_model'] as const;

function inheritanceState(repo: RepositoryRecord) {
  const settings: Record<string, boolean> = {};
  for (const k of INHERITABLE) settings[k] = repo.override_settings?.[k] ?? false;
  return { type: 'repository_inheritance_state', override_settings: settings };
}

function projectFromBody(c: HandlerContext, workspace: string, body: Record<string, unknown>): string | undefined {
  const p = body.project;
  if (p === undefined || p === null) return undefined;
  const key = typeof p === 'object' ? str((p as Record<string, unknown>).key) : undefined;
  if (!key) throw new ApiError(400, 'Bad request', undefined, { project: ['project must be an object with a "key"'] });
  const project = c.sb.store.project(workspace, key);
  if (!project) throw new ApiError(400, `Project ${key} does not exist in workspace ${workspace}.`, undefined, { project: ['Project not found.'] });
  return project.key;
}

function applyUpdates(c: HandlerContext, repo: RepositoryRecord, body: Record<string, unknown>): void {
  if (str(body.description) !== undefined) repo.description = str(body.description) as string;
  if (bool(body.is_private) !== undefined) repo.is_private = bool(body.is_private) as boolean;
  if (str(body.language) !== undefined) repo.language = str(body.language) as string;
  if (bool(body.has_issues) !== undefined) repo.has_issues = bool(body.has_issues) as boolean;
  if (bool(body.has_wiki) !== undefined) repo.has_wiki = bool(body.has_wiki) as boolean;
  const fork = str(body.fork_policy);
  if (fork !== undefined) {
    if (!FORK_POLICIES.has(fork)) throw new ApiError(400, 'Bad request', undefined, { fork_policy: [`"${fork}" is not a valid choice.`] });
    repo.fork_policy = fork as RepositoryRecord['fork_policy'];
  }
  const project = projectFromBody(c, repo.workspace, body);
  if (project) repo.project = project;
  const main = body.mainbranch && typeof body.mainbranch === 'object' ? str((body.mainbranch as Record<string, unknown>).name) : undefined;
  if (main) repo.mainbranch = main;
}

/** Repositories as JSON, each with its size from git (cached until the next write: repo-size.ts). */
async function repositoriesJson(c: HandlerContext, repos: RepositoryRecord[]): Promise<Record<string, unknown>[]> {
  const sizes = await c.sb.sizes.all(repos.map((r) => c.sb.git(r)));
  return repos.map((r, i) => repositoryJson(c.sb.urls, c.sb.store, r, sizes[i] ?? 0));
}

async function oneRepositoryJson(c: HandlerContext, repo: RepositoryRecord): Promise<Record<string, unknown>> {
  return repositoryJson(c.sb.urls, c.sb.store, repo, await c.sb.sizes.of(c.sb.git(repo)));
}

function reviewersOf(c: HandlerContext, repo: RepositoryRecord) {
  return repo.default_reviewers.map((id) => c.sb.store.data.users[id]).filter((u) => u !== undefined);
}

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}': async (c) => {
    const ws = workspaceOf(c);
    const sort = c.query.get('sort') ?? '';
    if (!c.query.get('q') && RECORD_SORTS.has(sort.replace(/^[-+]/, ''))) {
      // page the records, then render only the page: sorted once per store generation (read-cache.ts), as
      // sortItems would sort their JSON (same keys, same order for ties)
      const list = cachedRead(c.sb.store, `repositories ${ws.slug} ${sort}`, () =>
        sortItems(
          bySlug(c.sb.store.repositoriesOf(ws.slug)).map((r) => ({
            r,
            name: r.name,
            slug: r.slug,
            full_name: `${r.workspace}/${r.slug}`,
            created_on: r.created_on,
            updated_on: r.updated_on,
          })),
          sort,
        ).map((k) => k.r),
      );
      const { pagelen, page: n } = pageParams(c);
      const start = (n - 1) * pagelen;
      const values = await repositoriesJson(c, list.slice(start, start + pagelen));
      return json(envelope(c, values, { pagelen, page: n, size: list.length, hasNext: start + pagelen < list.length }));
    }
    // q= and other sort keys apply to the JSON: every repository is rendered
    return json(page(c, await repositoriesJson(c, bySlug(c.sb.store.repositoriesOf(ws.slug)))));
  },

  'GET /repositories/{workspace}/{repo_slug}': async (c) => json(await oneRepositoryJson(c, repoOf(c))),

  'POST /repositories/{workspace}/{repo_slug}': async (c) => {
    const ws = workspaceOf(c);
    const slug = (c.params.repo_slug ?? '').toLowerCase();
    const body = bodyObject(c, false);
    if (!SLUG_RE.test(slug)) throw new ApiError(400, `Invalid slug "${slug}": use lower-case letters, digits, '.', '_' and '-'.`);
    if (c.sb.store.repository(ws.slug, slug)) throw new ApiError(400, 'Repository with this Slug and Owner already exists.');
    if (body.scm !== undefined && body.scm !== 'git') throw new ApiError(400, 'Bad request', undefined, { scm: ['Only git repositories are supported.'] });
    // A workspace's repositories live in a project: without one, Bitbucket uses the oldest.
    const project = projectFromBody(c, ws.slug, body) ?? c.sb.store.projectsOf(ws.slug).sort((a, b) => a.created_on.localeCompare(b.created_on))[0]?.key;
    const main = body.mainbranch && typeof body.mainbranch === 'object' ? str((body.mainbranch as Record<string, unknown>).name) : undefined;
    const repo = await createRepository(c.sb, {
      workspace: ws.slug,
      slug,
      name: str(body.name) ?? slug,
      project,
      mainbranch: main,
    });
    applyUpdates(c, repo, { ...body, project: undefined });
    repo.watchers = [c.user.uuid];
    // the spec: 200 "The newly created repository" (forks are the ones that answer 201)
    return { ...json(await oneRepositoryJson(c, repo)), headers: { Location: c.sb.urls.api(`/repositories/${ws.slug}/${repo.slug}`) } };
  },

  'PUT /repositories/{workspace}/{repo_slug}': async (c) => {
    const existing = c.sb.store.repository(c.params.workspace ?? '', c.params.repo_slug ?? '');
    if (!existing) {
      const create = handlers['POST /repositories/{workspace}/{repo_slug}'];
      return (create as NonNullable<typeof create>)(c);
    }
    const body = bodyObject(c);
    applyUpdates(c, existing, body);
    const name = str(body.name);
    if (name && name !== existing.name) {
      const slug = slugify(name);
      const clash = c.sb.store.repository(existing.workspace, slug);
      if (clash && clash.uuid !== existing.uuid) throw new ApiError(400, 'Repository with this Slug and Owner already exists.');
      existing.name = name;
      existing.slug = slug;
    }
    existing.updated_on = c.sb.now().toISOString();
    return json(await oneRepositoryJson(c, existing));
  },

  'DELETE /repositories/{workspace}/{repo_slug}': async (c) => {
    await deleteRepository(c.sb, repoOf(c));
    return noContent();
  },

  'GET /repositories/{workspace}/{repo_slug}/forks': async (c) => {
    const repo = repoOf(c);
    const forks = await repositoriesJson(
      c,
      Object.values(c.sb.store.data.repositories)
        .filter((r) => r.parent === repo.uuid)
        .sort((a, b) => a.created_on.localeCompare(b.created_on) || a.uuid.localeCompare(b.uuid)),
    );
    return json(page(c, forks));
  },

  // Into `workspace.slug` (default: the caller's personal workspace), named like the parent unless `name` says otherwise.
  'POST /repositories/{workspace}/{repo_slug}/forks': async (c) => {
    const parent = repoOf(c);
    const body = bodyObject(c, false);
    if (parent.fork_policy === 'no_forks') throw new ApiError(400, 'Forking is not allowed for this repository.', undefined, { fork_policy: ['no_forks'] });
    const wsBody = body.workspace && typeof body.workspace === 'object' ? (body.workspace as Record<string, unknown>) : undefined;
    const wsSlug = str(wsBody?.slug) ?? c.user.nickname;
    const ws = c.sb.store.workspace(wsSlug);
    if (!ws) throw new ApiError(400, `Workspace ${wsSlug} does not exist.`, undefined, { workspace: ['Workspace not found.'] });
    const member = ws.members.find((m) => m.user === c.user.uuid);
    if (!member || member.permission === 'member') throw new ApiError(403, `You need contributor access to create forks in workspace ${ws.slug}.`);
    const name = str(body.name);
    const slug = name ? slugify(name) : parent.slug;
    if (!SLUG_RE.test(slug)) throw new ApiError(400, `Invalid slug "${slug}": use lower-case letters, digits, '.', '_' and '-'.`);
    if (c.sb.store.repository(ws.slug, slug)) throw new ApiError(400, 'Repository with this Slug and Owner already exists.');
    if (body.is_private === false && parent.fork_policy === 'no_public_forks') {
      throw new ApiError(400, 'This repository only allows private forks.', undefined, { is_private: ['no_public_forks'] });
    }
    const project =
      projectFromBody(c, ws.slug, body) ??
      (ws.slug === parent.workspace ? parent.project : c.sb.store.projectsOf(ws.slug).sort((a, b) => a.created_on.localeCompare(b.created_on))[0]?.key);
    const fork = await forkRepository(c.sb, parent, { workspace: ws.slug, slug, name: name ?? parent.name, project });
    applyUpdates(c, fork, { ...body, project: undefined, mainbranch: undefined });
    fork.watchers = [c.user.uuid];
    return { ...created(await oneRepositoryJson(c, fork)), headers: { Location: c.sb.urls.api(`/repositories/${ws.slug}/${fork.slug}`) } };
  },

  'GET /repositories/{workspace}/{repo_slug}/override-settings': (c) => json(inheritanceState(repoOf(c))),

  // the body: a repository_inheritance_state whose override_settings names the settings to change (true: overridden)
  'PUT /repositories/{workspace}/{repo_slug}/override-settings': (c) => {
    const repo = repoOf(c);
    const body = bodyObject(c);
    const o = body.override_settings;
    if (!o || typeof o !== 'object' || Array.isArray(o) || Object.keys(o).length === 0)
      throw new ApiError(400, 'Bad request', undefined, { override_settings: ['This field is required.'] });
    const changes: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (!(INHERITABLE as readonly string[]).includes(k))
        throw new ApiError(400, 'Bad request', undefined, { override_settings: [`"${k}" is not a setting.`] });
      if (typeof v !== 'boolean') throw new ApiError(400, 'Bad request', undefined, { override_settings: [`"${k}" must be true or false.`] });
      changes[k] = v;
    }
    repo.override_settings = { ...repo.override_settings, ...changes };
    return noContent();
  },

  'GET /repositories/{workspace}/{repo_slug}/watchers': (c) => {
    const repo = repoOf(c);
    const users = (repo.watchers ?? []).map((id) => c.sb.store.data.users[id]).filter((u) => u !== undefined);
    return json(
      page(
        c,
        users.map((u) => userJson(c.sb.urls, u)),
      ),
    );
  },

  'GET /repositories/{workspace}/{repo_slug}/default-reviewers': (c) => {
    const repo = repoOf(c);
    return json(
      page(
        c,
        reviewersOf(c, repo).map((u) => userJson(c.sb.urls, u)),
      ),
    );
  },

  'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers': (c) => {
    const repo = repoOf(c);
    return json(
      page(
        c,
        reviewersOf(c, repo).map((u) => ({ type: 'default_reviewer', reviewer_type: 'repository', user: userJson(c.sb.urls, u) })),
      ),
    );
  },

  'GET /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}': (c) => {
    const repo = repoOf(c);
    const user = userByRef(c.sb, c.params.target_username ?? '');
    if (!repo.default_reviewers.includes(user.uuid)) throw new ApiError(404, `${c.params.target_username} is not a default reviewer`);
    return json(userJson(c.sb.urls, user));
  },

  'PUT /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}': (c) => {
    const repo = repoOf(c);
    let user: ReturnType<typeof userByRef>;
    try {
      user = userByRef(c.sb, c.params.target_username ?? '');
    } catch {
      throw new ApiError(400, `${c.params.target_username} is not a valid user`);
    }
    if (!repo.default_reviewers.includes(user.uuid)) repo.default_reviewers.push(user.uuid);
    return json(userJson(c.sb.urls, user));
  },

  'DELETE /repositories/{workspace}/{repo_slug}/default-reviewers/{target_username}': (c) => {
    const repo = repoOf(c);
    const user = userByRef(c.sb, c.params.target_username ?? '');
    if (!repo.default_reviewers.includes(user.uuid)) throw new ApiError(404, `${c.params.target_username} is not a default reviewer`);
    repo.default_reviewers = repo.default_reviewers.filter((id) => id !== user.uuid);
    return noContent();
  },
};

/** The `sort=` keys the repository list sorts on the records themselves (the JSON carries them unchanged). */
const RECORD_SORTS = new Set(['', 'name', 'slug', 'full_name', 'created_on', 'updated_on']);

function bySlug(repos: RepositoryRecord[]): RepositoryRecord[] {
  return repos.sort((a, b) => a.slug.localeCompare(b.slug));
}
