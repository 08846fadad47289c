import { DcApiError, type DcHandler, repoJson, repoOf } from './handlers.js';

/**
 * `PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}` (Update repository) of the Data Center sandbox: name
 * (the slug follows it), description, public, forkable and defaultBranch (an existing branch), as the spec describes
 * RestRepository for this operation. Moving to another project is not implemented (400). REPO_ADMIN is checked by the
 * server (server.ts), as the spec states.
 */
function bad(message: string): DcApiError {
  return new DcApiError(400, message, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const DC_REPO_UPDATE_HANDLERS: Record<string, DcHandler> = {
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
