import type { DcProject } from '../model.js';
import { projectJson } from '../wire.js';
import { DcApiError, type DcContextWithLevels, type DcRoutes, me, page, projectOf, str } from './context.js';

/**
 * Projects: list (only those the caller may see), get, create.
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
};
