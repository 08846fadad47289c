import type { DcProject } from '../model.js';
import { projectJson } from '../wire.js';
import { DcApiError, type DcContextWithLevels, type DcRoutes, me, page, projectOf, str } from './context.js';

/**
 * Projects: list (only those the caller may see), get, create, update, delete (409 while it holds repositories).
 */

export const PROJECT_ROUTES: DcRoutes = {
  'GET /api/latest/projects': (c) => {
    const visible = Object.values(c.store.projects).filter((p) => (c as DcContextWithLevels).canSee?.(p) ?? true);
    return {
      status: 200,
      json: page(
        c,
        visible.map((p) => projectJson(p, c.base)),
      ),
    };
  },
  'GET /api/latest/projects/{projectKey}': (c) => ({ status: 200, json: projectJson(projectOf(c), c.base) }),
  'POST /api/latest/projects': (c) => {
    const key = str(c.body.key)?.toUpperCase();
    const name = str(c.body.name);
    if (!key || !name || !/^[A-Z][A-Z0-9_]*$/.test(key))
      throw new DcApiError(
        400,
        'A project needs a key (letters, digits, underscores) and a name.',
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    if (c.store.projects[key])
      throw new DcApiError(409, `Project key ${key} is already in use.`, 'com.atlassian.bitbucket.project.DuplicateProjectKeyException');
    const user = me(c);
    const p: DcProject = {
      id: c.store.next('project'),
      key,
      name,
      description: str(c.body.description) ?? '',
      public: c.body.public === true,
      permissions: { [user.slug]: 'PROJECT_ADMIN' },
    };
    c.store.projects[key] = p;
    return { status: 201, json: projectJson(p, c.base) };
  },
  'PUT /api/latest/projects/{projectKey}': (c) => {
    const p = projectOf(c);
    const name = c.body.name;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === ''))
      throw new DcApiError(400, 'The project name must not be empty.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if (c.body.key !== undefined && c.body.key !== p.key)
      throw new DcApiError(400, 'The sandbox does not move projects to another key.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if (typeof name === 'string') p.name = name;
    if (typeof c.body.description === 'string') p.description = c.body.description;
    if (typeof c.body.public === 'boolean') p.public = c.body.public;
    return { status: 200, json: projectJson(p, c.base) };
  },
  'DELETE /api/latest/projects/{projectKey}': (c) => {
    const p = projectOf(c);
    if (Object.values(c.store.repos).some((r) => r.project === p.key))
      throw new DcApiError(409, `The project ${p.key} cannot be deleted because it has repositories.`, 'com.atlassian.bitbucket.IntegrityException');
    delete c.store.projects[p.key];
    for (const x of Object.values(c.store.reviewerConditions)) if (x.repo === undefined && x.project === p.key) delete c.store.reviewerConditions[x.id];
    return { status: 204 };
  },
};
