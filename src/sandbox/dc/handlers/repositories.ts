import { rm } from 'node:fs/promises';
import { createRepo, slugify } from '../model.js';
import { repoJson } from '../wire.js';
import { DcApiError, type DcContextWithLevels, type DcRoutes, me, page, projectOf, R, repoOf, str } from './context.js';

/**
 * Repositories: list, get, create, fork, update (name — the slug follows it —, description, public, forkable, defaultBranch; moving to another project is not implemented, 400), delete, default branch.
 */

/**
 * `PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}` (Update repository) of the Data Center sandbox: name
 * (the slug follows it), description, public, forkable and defaultBranch (an existing branch), as the spec describes
 * RestRepository for this operation. Moving to another project is not implemented (400). REPO_ADMIN is checked by the
 * server (server.ts), as the spec states.
 */
function bad(message: string): DcApiError {
  return new DcApiError(400, message, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
}

export const REPOSITORY_ROUTES: DcRoutes = {
  'GET /api/latest/projects/{projectKey}/repos': (c) => {
    const p = projectOf(c);
    const repos = Object.values(c.store.repos).filter((r) => r.project === p.key && ((c as DcContextWithLevels).canRead?.(r) ?? true));
    return {
      status: 200,
      json: page(
        c,
        repos.map((r) => repoJson(c.store, r, c.base)),
      ),
    };
  },
  'GET /api/latest/repos': (c) => {
    const name = (c.query.get('name') ?? '').toLowerCase();
    const projectName = c.query.get('projectname');
    const repos = Object.values(c.store.repos).filter(
      (r) =>
        (c as DcContextWithLevels).canRead?.(r) !== false &&
        (!name || r.name.toLowerCase().includes(name)) &&
        (!projectName || c.store.project(r.project)?.name === projectName),
    );
    return {
      status: 200,
      json: page(
        c,
        repos.map((r) => repoJson(c.store, r, c.base)),
      ),
    };
  },
  [`GET ${R}`]: (c) => ({ status: 200, json: repoJson(c.store, repoOf(c), c.base) }),
  // the spec: "Only repositories to which the authenticated user has REPO_READ permission will be included"
  [`GET ${R}/forks`]: (c) => {
    const repo = repoOf(c);
    // the repository itself must be readable (server.ts); its forks are filtered to the ones you can read
    const forks = Object.values(c.store.repos).filter((r) => r.origin === repo.id && ((c as DcContextWithLevels).canRead?.(r) ?? true));
    return {
      status: 200,
      json: page(
        c,
        forks.map((r) => repoJson(c.store, r, c.base)),
      ),
    };
  },
  'POST /api/latest/projects/{projectKey}/repos': async (c) => {
    const p = projectOf(c);
    const name = str(c.body.name);
    if (!name) throw new DcApiError(400, 'A repository needs a name.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    const slug = slugify(name);
    if (c.store.repo(p.key, slug))
      throw new DcApiError(
        409,
        `This repository URL is already taken by '${slug}' in '${p.key}'.`,
        'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
      );
    const repo = await createRepo(c.store, p, name, { defaultBranch: str(c.body.defaultBranch) ?? 'main', public: c.body.public === true });
    return { status: 201, json: repoJson(c.store, repo, c.base) };
  },
  // Fork: into the user's personal project (~USER) unless the body names a project; the same branches and tags
  [`POST ${R}`]: async (c) => {
    const origin = repoOf(c);
    const user = me(c);
    const wanted = (c.body.project as { key?: string } | undefined)?.key;
    const key = (wanted ?? `~${user.slug}`).toUpperCase();
    let project = c.store.project(key);
    if (!project && key === `~${user.slug.toUpperCase()}`) {
      project = { id: c.store.next('project'), key, name: user.displayName, description: '', public: false, permissions: { [user.slug]: 'PROJECT_ADMIN' } };
      c.store.projects[key] = project;
    }
    if (!project) throw new DcApiError(404, `Project ${wanted} does not exist.`, 'com.atlassian.bitbucket.project.NoSuchProjectException');
    if (
      !key.startsWith('~') &&
      !['PROJECT_ADMIN', 'REPO_CREATE', 'PROJECT_WRITE'].includes(project.permissions[user.slug] ?? '') &&
      user.global !== 'ADMIN' &&
      user.global !== 'SYS_ADMIN'
    )
      throw new DcApiError(403, `You cannot create repositories in ${project.key}.`, 'com.atlassian.bitbucket.AuthorisationException');
    const name = str(c.body.name) ?? origin.name;
    if (c.store.repo(project.key, slugify(name)))
      throw new DcApiError(
        409,
        `This repository URL is already taken by '${slugify(name)}' in '${project.key}'.`,
        'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
      );
    const fork = await createRepo(c.store, project, name, { defaultBranch: origin.defaultBranch, public: false });
    fork.origin = origin.id;
    await c.store.git(fork).git(['fetch', '--quiet', c.store.gitDir(origin), '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*']);
    return { status: 201, json: repoJson(c.store, fork, c.base) };
  },
  [`DELETE ${R}`]: async (c) => {
    const repo = c.store.repo(c.params.projectKey ?? '', c.params.repositorySlug ?? '');
    // the spec: "204 No repository matching the supplied projectKey and repositorySlug was found" (DELETE is idempotent)
    if (!repo) {
      if (!c.user) throw new DcApiError(401, 'Authentication required to access this resource', 'com.atlassian.bitbucket.AuthorisationException');
      return { status: 204, json: undefined };
    }
    c.store.dropRepo(repo);
    // its git data too, as the Cloud sandbox does (src/sandbox/repos.ts deleteRepository)
    await rm(c.store.gitDir(repo), { recursive: true, force: true });
    // 202 "scheduled for deletion", declared application/json;charset=UTF-8: a JSON body, never an empty one
    return { status: 202, json: {} };
  },
  [`GET ${R}/default-branch`]: async (c) => {
    const repo = repoOf(c);
    const hash = await c.store.git(repo).resolve(repo.defaultBranch);
    return {
      status: 200,
      json: {
        id: `refs/heads/${repo.defaultBranch}`,
        displayId: repo.defaultBranch,
        type: 'BRANCH',
        latestCommit: hash,
        latestChangeset: hash,
        isDefault: true,
      },
    };
  },
  'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}': async (c) => {
    const repo = repoOf(c);
    const b = c.body;
    const project = (b.project as { key?: unknown } | undefined)?.key;
    if (typeof project === 'string' && project.toUpperCase() !== repo.project)
      throw bad('Moving a repository to another project is not implemented by the bb sandbox.');
    if (b.name !== undefined) {
      if (typeof b.name !== 'string' || !b.name.trim()) throw bad('The repository name must not be empty.');
      const slug = slugify(b.name);
      const clash = c.store.repo(repo.project, slug);
      if (clash && clash.id !== repo.id)
        throw new DcApiError(
          409,
          `This repository URL is already taken by '${slug}' in '${repo.project}'.`,
          'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
        );
    }
    if (b.defaultBranch !== undefined) {
      const name = String(b.defaultBranch).replace(/^refs\/heads\//, '');
      if (!(await c.store.git(repo).resolve(`refs/heads/${name}`))) throw bad(`Branch ${name} does not exist in the repository.`);
      repo.defaultBranch = name;
      await c.store.git(repo).setHead(name);
    }
    if (typeof b.name === 'string') {
      repo.name = b.name.trim();
      repo.slug = slugify(repo.name);
    }
    if (typeof b.description === 'string') repo.description = b.description;
    if (typeof b.public === 'boolean') repo.public = b.public;
    if (typeof b.forkable === 'boolean') repo.forkable = b.forkable;
    return { status: 200, json: repoJson(c.store, repo, c.base) };
  },
};
