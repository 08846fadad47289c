import { browse, pathParam, repoDiff, revision } from '../diff.js';
import { DcApiError, type DcRoutes, type DcTextReply, R, repoOf } from './context.js';

/**
 * A repository's files: the diff between revisions, the browse listing, raw files.
 */

export const FILE_ROUTES: DcRoutes = {
  [`GET ${R}/diff`]: repoDiff,
  [`GET ${R}/diff/{path}`]: repoDiff,
  [`GET ${R}/browse`]: browse,
  [`GET ${R}/browse/{path}`]: browse,
  [`GET ${R}/raw/{path}`]: async (c) => {
    const repo = repoOf(c);
    const path = pathParam(c);
    const at = await revision(c, repo, c.query.get('at'));
    if ((await c.store.git(repo).pathType(at, path)) !== 'blob')
      throw new DcApiError(404, `The path "${path}" does not exist at revision "${at}"`, 'com.atlassian.bitbucket.content.NoSuchPathException');
    return { status: 200, text: await c.store.git(repo).readFile(at, path) } as DcTextReply;
  },
};
