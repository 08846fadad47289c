import { repositoryLevel } from '../access.js';
import { type ContextLine, fileMatches, matchRanges, parseSearchQuery, pieces, type SearchQuery, SearchQueryError, searchFiles } from '../code-search.js';
import type { RepositoryRecord } from '../state.js';
import { encodeRefName, repositoryRef } from '../wire.js';
import { envelope, pageParams, workspaceOf } from './common.js';
import { ApiError, type HandlerContext, type HandlerMap, json } from './types.js';

/**
 * Code search (`GET /workspaces/{workspace}/search/code`, deprecated by Atlassian for 2026-11-01 but still served): the
 * main branch of every repository of the workspace the user may read, searched with git (code-search.ts). The answer
 * is the spec's search_result_page: per file `content_match_count`, `content_matches` (each matching line with one line
 * either side, `segments` marking the matched text), `path_matches`, and `file` (a commit_file at the searched commit).
 * Search is always enabled (Bitbucket answers 404 for a workspace that has not turned it on).
 */

const CONTEXT_LINES = 1;
const MAX_GROUPS_PER_FILE = 10;

function segments(line: ContextLine): Array<{ text: string; match?: true }> {
  return pieces(line.text, line.ranges).map((p) => (p.match ? { text: p.text, match: true as const } : { text: p.text }));
}

async function hitJson(c: HandlerContext, repo: RepositoryRecord, rev: string, path: string, q: SearchQuery): Promise<Record<string, unknown>> {
  const { groups, count } = await fileMatches(c.sb.git(repo), rev, path, q, CONTEXT_LINES, MAX_GROUPS_PER_FILE);
  const pathRanges = matchRanges(path, q.terms);
  const base = `/repositories/${repo.workspace}/${repo.slug}`;
  return {
    type: 'code_search_result',
    content_match_count: count,
    content_matches: groups.map((lines) => ({ lines: lines.map((l) => ({ line: l.line, segments: segments(l) })) })),
    path_matches: pathRanges.length ? pieces(path, pathRanges).map((p) => (p.match ? { text: p.text, match: true } : { text: p.text })) : [],
    file: {
      type: 'commit_file',
      path,
      commit: {
        type: 'commit',
        hash: rev,
        repository: repositoryRef(c.sb.urls, repo),
        links: {
          self: { href: c.sb.urls.api(`${base}/commit/${rev}`) },
          html: { href: c.sb.urls.html(`/${repo.workspace}/${repo.slug}/commits/${rev}`) },
        },
      },
      links: { self: { href: c.sb.urls.api(`${base}/src/${rev}/${encodeRefName(path)}`) } },
    },
  };
}

export const handlers: HandlerMap = {
  'GET /workspaces/{workspace}/search/code': async (c) => {
    const ws = workspaceOf(c);
    const raw = c.query.get('search_query');
    if (raw === null || raw.trim() === '') throw new ApiError(400, 'Search query is required.', 'Give the search_query parameter.');
    let q: SearchQuery;
    try {
      q = parseSearchQuery(raw);
    } catch (e) {
      if (e instanceof SearchQueryError) throw new ApiError(400, e.message);
      throw e;
    }
    const { pagelen, page } = pageParams(c);
    const repos = c.sb.store
      .repositoriesOf(ws.slug)
      .filter((r) => repositoryLevel(c.sb.store, c.user, r) >= 1)
      .filter((r) => !q.repo || r.slug === q.repo.toLowerCase())
      .filter((r) => !q.project || r.project?.toLowerCase() === q.project.toLowerCase())
      .sort((a, b) => a.slug.localeCompare(b.slug));
    const hits: Array<{ repo: RepositoryRecord; rev: string; path: string }> = [];
    for (const repo of repos) {
      const git = c.sb.git(repo);
      const rev = await git.resolve(repo.mainbranch);
      if (!rev) continue;
      for (const path of await searchFiles(git, rev, q)) hits.push({ repo, rev, path });
    }
    const start = (page - 1) * pagelen;
    const values = await Promise.all(hits.slice(start, start + pagelen).map((h) => hitJson(c, h.repo, h.rev, h.path, q)));
    return json({ ...envelope(c, values, { pagelen, page, size: hits.length, hasNext: start + pagelen < hits.length }), query_substituted: false });
  },
};
