import { VALIDATION } from '../diff.js';
import type { DcRepo } from '../model.js';
import { buildJson } from '../wire.js';
import { DcApiError, type DcContext, type DcContextWithLevels, type DcReply, type DcRoutes, page, R, repoOf, str } from './context.js';

/**
 * Build statuses of commits: the repository's resource and the legacy build-status one.
 */

export async function setBuild(c: DcContext, repo: DcRepo): Promise<DcReply> {
  const key = str(c.body.key);
  const state = str(c.body.state);
  const url = str(c.body.url);
  if (!key || !url || !state || !['CANCELLED', 'FAILED', 'INPROGRESS', 'SUCCESSFUL', 'UNKNOWN'].includes(state))
    throw new DcApiError(
      400,
      'A build status needs key, state (SUCCESSFUL, FAILED, INPROGRESS, CANCELLED, UNKNOWN) and url.',
      'com.atlassian.bitbucket.validation.ArgumentValidationException',
    );
  const commit = await c.store.git(repo).resolve(c.params.commitId ?? '');
  if (!commit)
    throw new DcApiError(
      404,
      `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
      'com.atlassian.bitbucket.commit.NoSuchCommitException',
    );
  const existing = c.store.builds.find((b) => b.repo === repo.id && b.commit === commit && b.key === key);
  const rec = existing ?? { repo: repo.id, commit, key, state: 'UNKNOWN' as const, url, createdDate: c.now(), updatedDate: c.now() };
  Object.assign(rec, { state, url, name: str(c.body.name), description: str(c.body.description), ref: str(c.body.ref), updatedDate: c.now() });
  if (!existing) c.store.builds.push(rec);
  return { status: 204 };
}

export const BUILD_ROUTES: DcRoutes = {
  [`POST ${R}/commits/{commitId}/builds`]: (c) => setBuild(c, repoOf(c)),
  [`GET ${R}/commits/{commitId}/builds`]: (c) => {
    const repo = repoOf(c);
    const b = c.store.builds.find((x) => x.repo === repo.id && x.commit === c.params.commitId && x.key === c.query.get('key'));
    if (!b) throw new DcApiError(404, 'No build status with that key for this commit.', 'com.atlassian.bitbucket.build.NoSuchBuildStatusException');
    return { status: 200, json: buildJson(c.store, b) };
  },
  'GET /build-status/latest/commits/{commitId}': (c) => {
    const builds = c.store.builds.filter(
      (x) => x.commit === c.params.commitId && ((c as DcContextWithLevels).canRead?.(c.store.repos[x.repo] as DcRepo) ?? true),
    );
    return {
      status: 200,
      json: page(
        c,
        builds.map((b) => ({ state: b.state, key: b.key, name: b.name, url: b.url, description: b.description, dateAdded: b.updatedDate })),
      ),
    };
  },
  // The legacy build-status resource is not bound to a repository: the status lands on the first repository the caller can
  // read that holds the commit (GET /build-status/latest/commits/{commitId} lists it).
  'POST /build-status/latest/commits/{commitId}': async (c) => {
    for (const repo of Object.values(c.store.repos)) {
      if (!((c as DcContextWithLevels).canRead?.(repo) ?? true)) continue;
      if (await c.store.git(repo).resolve(c.params.commitId ?? '')) return setBuild(c, repo);
    }
    throw new DcApiError(400, `Commit '${c.params.commitId}' is in no repository you can read.`, VALIDATION);
  },
};
