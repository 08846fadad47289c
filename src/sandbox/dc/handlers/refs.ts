import { dcRestrictionMessage, dcRestrictionOn } from './branch-permissions.js';
import { branchName, DcApiError, type DcRoutes, me, page, R, repoOf, str } from './context.js';

/**
 * Branches and tags: list, create, delete.
 */

export const REF_ROUTES: DcRoutes = {
  [`GET ${R}/branches`]: async (c) => {
    const repo = repoOf(c);
    const filter = c.query.get('filterText') ?? '';
    const branches = (await c.store.git(repo).branches())
      .filter((b) => !filter || b.name.includes(filter))
      .sort((a, b) => (a.name === repo.defaultBranch ? -1 : b.name === repo.defaultBranch ? 1 : a.name.localeCompare(b.name)))
      .map((b) => ({
        id: `refs/heads/${b.name}`,
        displayId: b.name,
        type: 'BRANCH',
        latestCommit: b.target,
        latestChangeset: b.target,
        isDefault: b.name === repo.defaultBranch,
      }));
    return { status: 200, json: page(c, branches) };
  },
  [`POST ${R}/branches`]: async (c) => {
    const repo = repoOf(c);
    const name = str(c.body.name);
    const start = str(c.body.startPoint);
    const git = c.store.git(repo);
    const hash = start ? await git.resolve(start) : undefined;
    if (!name || !hash)
      throw new DcApiError(400, 'A branch needs a name and an existing startPoint.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if (await git.branch(branchName(name)))
      throw new DcApiError(409, `Branch ${name} already exists.`, 'com.atlassian.bitbucket.repository.DuplicateRefException');
    const x = dcRestrictionOn(c.store, repo, branchName(name), me(c), ['no-creates', 'read-only']);
    if (x) throw new DcApiError(401, dcRestrictionMessage(x, branchName(name), 'create'), 'com.atlassian.bitbucket.AuthorisationException');
    await git.updateRef(`refs/heads/${branchName(name)}`, hash);
    return {
      status: 200,
      json: { id: `refs/heads/${branchName(name)}`, displayId: branchName(name), type: 'BRANCH', latestCommit: hash, latestChangeset: hash, isDefault: false },
    };
  },
  'DELETE /branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branches': async (c) => {
    const repo = repoOf(c);
    const name = branchName(str(c.body.name) ?? '');
    if (name === repo.defaultBranch) throw new DcApiError(400, 'The default branch cannot be deleted.');
    const git = c.store.git(repo);
    if (!(await git.branch(name))) throw new DcApiError(404, `Branch ${name} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchBranchException');
    // the spec: 401 for "lack of branch permission for the provided ref name"
    const x = dcRestrictionOn(c.store, repo, name, me(c), ['no-deletes', 'read-only']);
    if (x) throw new DcApiError(401, dcRestrictionMessage(x, name, 'delete'), 'com.atlassian.bitbucket.AuthorisationException');
    await git.deleteRef(`refs/heads/${name}`);
    return { status: 204 };
  },
  [`GET ${R}/tags`]: async (c) => {
    const repo = repoOf(c);
    const tags = (await c.store.git(repo).tags()).map((t) => ({
      id: `refs/tags/${t.name}`,
      displayId: t.name,
      type: 'TAG',
      latestCommit: t.target,
      latestChangeset: t.target,
      hash: t.target,
    }));
    return { status: 200, json: page(c, tags) };
  },
  [`POST ${R}/tags`]: async (c) => {
    const repo = repoOf(c);
    const name = str(c.body.name);
    const git = c.store.git(repo);
    const hash = await git.resolve(str(c.body.startPoint) ?? '');
    if (!name || !hash)
      throw new DcApiError(400, 'A tag needs a name and an existing startPoint.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if ((await git.tags()).some((t) => t.name === name))
      throw new DcApiError(409, `Tag ${name} already exists.`, 'com.atlassian.bitbucket.repository.DuplicateRefException');
    const user = me(c);
    await git.createTag(name, hash, str(c.body.message), { name: user.displayName, email: user.emailAddress, date: new Date(c.now()).toISOString() });
    return { status: 200, json: { id: `refs/tags/${name}`, displayId: name, type: 'TAG', latestCommit: hash, latestChangeset: hash, hash } };
  },
  'DELETE /git/latest/projects/{projectKey}/repos/{repositorySlug}/tags/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.store.git(repo);
    if (!(await git.tags()).some((t) => t.name === c.params.name))
      throw new DcApiError(404, `Tag ${c.params.name} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchTagException');
    await git.deleteRef(`refs/tags/${c.params.name}`);
    return { status: 204 };
  },
};
