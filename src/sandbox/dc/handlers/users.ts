import { userJson } from '../wire.js';
import { DcApiError, type DcRoutes, page } from './context.js';

/**
 * The instance (application properties) and its users.
 */

export const USER_ROUTES: DcRoutes = {
  'GET /api/latest/application-properties': () => ({
    status: 200,
    json: { version: '10.0.0', buildNumber: '10000000', buildDate: '1722470400000', displayName: 'Bitbucket' },
  }),
  'GET /api/latest/users': (c) => {
    const filter = (c.query.get('filter') ?? '').toLowerCase();
    const users = Object.values(c.store.users).filter(
      (u) => !filter || u.slug.includes(filter) || u.displayName.toLowerCase().includes(filter) || u.emailAddress.includes(filter),
    );
    return {
      status: 200,
      json: page(
        c,
        users.map((u) => userJson(u, c.base)),
      ),
    };
  },
  'GET /api/latest/users/{userSlug}': (c) => {
    const u = c.store.users[c.params.userSlug ?? ''];
    if (!u) throw new DcApiError(404, `User ${c.params.userSlug} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    return { status: 200, json: userJson(u, c.base) };
  },
};
