import { commitJson } from '../wire.js';
import { DcApiError, type DcRoutes, page, R, repoOf } from './context.js';

/**
 * Commits: the log and one commit.
 */

export const COMMIT_ROUTES: DcRoutes = {
  [`GET ${R}/commits`]: async (c) => {
    const repo = repoOf(c);
    const git = c.store.git(repo);
    const until = c.query.get('until') ?? repo.defaultBranch;
    const head = await git.resolve(until);
    if (!head)
      throw new DcApiError(404, `Commit '${until}' does not exist in repository '${repo.slug}'.`, 'com.atlassian.bitbucket.commit.NoSuchCommitException');
    const since = c.query.get('since');
    const all = await git.log([head], since ? [since] : [], 0, 10_000, c.query.get('path') ?? undefined);
    return { status: 200, json: page(c, all.map(commitJson)) };
  },
  [`GET ${R}/commits/{commitId}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await c.store.git(repo).commit(c.params.commitId ?? '');
    if (!commit)
      throw new DcApiError(
        404,
        `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
        'com.atlassian.bitbucket.commit.NoSuchCommitException',
      );
    return { status: 200, json: commitJson(commit) };
  },
};
