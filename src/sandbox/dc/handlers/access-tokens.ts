import { DcApiError, type DcRoutes, me, page, repoOf, str, tokenPermissions } from './context.js';

/**
 * HTTP access tokens of repositories and users.
 */

export const ACCESS_TOKEN_ROUTES: DcRoutes = {
  'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': (c) => {
    const repo = repoOf(c);
    const tokens = Object.values(c.store.tokens).filter((t) => t.kind === 'access' && t.repo === repo.id);
    return {
      status: 200,
      json: page(
        c,
        tokens.map((t) => ({ id: t.id, name: t.name, createdDate: new Date(t.createdDate).toISOString(), permissions: t.permissions })),
      ),
    };
  },
  'PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': (c) => {
    const repo = repoOf(c);
    const permissions = tokenPermissions(c, ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN']);
    const { token, record } = c.store.mintToken(
      { name: str(c.body.name) ?? 'token', user: me(c).slug, kind: 'access', permissions, repo: repo.id, project: repo.project },
      c.now(),
    );
    return { status: 200, json: { id: record.id, name: record.name, createdDate: new Date(record.createdDate).toISOString(), token } };
  },
  'DELETE /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}': (c) => {
    const repo = repoOf(c);
    const entry = Object.entries(c.store.tokens).find(([, t]) => t.repo === repo.id && t.id === c.params.tokenId);
    if (!entry) throw new DcApiError(404, `Access token ${c.params.tokenId} does not exist.`, 'com.atlassian.bitbucket.NoSuchEntityException');
    delete c.store.tokens[entry[0]];
    return { status: 204 };
  },
  'GET /access-tokens/latest/users/{userSlug}': (c) => {
    const user = me(c);
    const tokens = Object.values(c.store.tokens).filter((t) => t.kind === 'access' && t.user === user.slug && t.repo === undefined && t.project === undefined);
    return {
      status: 200,
      json: page(
        c,
        tokens.map((t) => ({ id: t.id, name: t.name, createdDate: new Date(t.createdDate).toISOString(), permissions: t.permissions })),
      ),
    };
  },
  'PUT /access-tokens/latest/users/{userSlug}': (c) => {
    const user = me(c);
    if (c.params.userSlug !== user.slug)
      throw new DcApiError(403, 'You can only create tokens for yourself.', 'com.atlassian.bitbucket.AuthorisationException');
    const permissions = tokenPermissions(c, ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN']);
    const { token, record } = c.store.mintToken({ name: str(c.body.name) ?? 'token', user: user.slug, kind: 'access', permissions }, c.now());
    return { status: 200, json: { id: record.id, name: record.name, createdDate: new Date(record.createdDate).toISOString(), token } };
  },
  'DELETE /access-tokens/latest/users/{userSlug}/{tokenId}': (c) => {
    const user = me(c);
    const entry = Object.entries(c.store.tokens).find(([, t]) => t.user === user.slug && t.id === c.params.tokenId);
    if (!entry) throw new DcApiError(404, `Access token ${c.params.tokenId} does not exist.`, 'com.atlassian.bitbucket.NoSuchEntityException');
    delete c.store.tokens[entry[0]];
    return { status: 204 };
  },
};
