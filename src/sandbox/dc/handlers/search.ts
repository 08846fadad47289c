import type { DcOperation } from '../../../scopes/generated/dc-operations.js';
import { type ContextLine, fileMatches, matchRanges, parseSearchQuery, pieces, type SearchQuery, SearchQueryError, searchFiles } from '../../code-search.js';
import type { DcRepo } from '../model.js';
import { repoJson } from '../wire.js';
import { DcApiError, type DcContextWithLevels, type DcRoutes } from './context.js';

/**
 * Data Center's code search, `POST /rest/search/latest/search` (also `1.0`), which the spec (and Atlassian's REST
 * reference) does not document: its "Search" group lists only the indexing resources. Third-party clients call it
 * with `{"query", "entities": {"code": {"start"?, "limit"?}}, "limits": {"primary", "secondary"}}`; the answer's shape
 * here follows a response captured from a Bitbucket Server (the cdancy/bitbucket-rest client's test resource
 * search.json) and the clients that read it:
 *
 *   {"scope": {"type": "GLOBAL"},
 *    "code": {"category": "primary", "isLastPage", "count" (files in all), "start", "nextStart"?,
 *             "values": [{"repository": RestRepository, "file": "path", "hitContexts": [[{"line", "text"}]],
 *                         "pathMatches": [{"text", "match"?}], "hitCount"}]},
 *    "query": {"substituted": false}}
 *
 * `text` is HTML: escaped, each match in `<em>…</em>`. The files searched are the default branch of every repository
 * the caller may read (after a token's cap): a repository the caller cannot read is never searched. The query
 * language is code-search.ts's (`project:KEY`, `repo:KEY/slug` or `repo:slug`, `ext:`, `path:`, `lang:`, NOT, OR).
 * `entities.code.limit` (else `limits.primary`, default 25) is capped at 100. Without `entities.code` the answer has no
 * `code`. Inferred, not captured: the 400 for an empty query (and its exception name), the context of two lines either
 * side of a match (Bitbucket's highlighter chooses its own fragments), `scope` always GLOBAL.
 */

export const SEARCH_PATH = '/search/latest/search';

/** The operations the sandbox serves beside the spec's, with what they need (checked as the spec's are). */
export const DC_EXTRA_OPERATIONS: Readonly<Record<string, DcOperation>> = {
  [`POST ${SEARCH_PATH}`]: {
    p: 'REPO_READ',
    on: 'repository',
    src: 'filter',
    filter: true,
  },
};

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const CONTEXT_LINES = 2;
const MAX_CONTEXTS_PER_FILE = 10;
const INVALID = 'com.atlassian.bitbucket.validation.ArgumentValidationException';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '/': '&#x2F;' };
const escapeHtml = (s: string) => s.replace(/[&<>"'/]/g, (ch) => HTML_ESCAPES[ch] as string);

function highlighted(line: ContextLine): string {
  return pieces(line.text, line.ranges)
    .map((p) => (p.match ? `<em>${escapeHtml(p.text)}</em>` : escapeHtml(p.text)))
    .join('');
}

function whole(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new DcApiError(400, `${name} must be a whole number ≥ 0.`, INVALID);
  return v;
}

function object(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function inScope(r: DcRepo, q: SearchQuery): boolean {
  if (q.project && r.project.toLowerCase() !== q.project.toLowerCase()) return false;
  if (q.repo) {
    const slash = q.repo.indexOf('/');
    const [project, slug] = slash >= 0 ? [q.repo.slice(0, slash), q.repo.slice(slash + 1)] : [undefined, q.repo];
    if (project !== undefined && r.project.toLowerCase() !== project.toLowerCase()) return false;
    if (r.slug.toLowerCase() !== slug.toLowerCase()) return false;
  }
  return true;
}

export const DC_EXTRA_ROUTES: DcRoutes = {
  [`POST ${SEARCH_PATH}`]: async (c) => {
    const raw = c.body.query;
    if (typeof raw !== 'string' || raw.trim() === '') throw new DcApiError(400, 'A search query is required.', INVALID);
    let q: SearchQuery;
    try {
      q = parseSearchQuery(raw);
    } catch (e) {
      if (e instanceof SearchQueryError) throw new DcApiError(400, e.message, INVALID);
      throw e;
    }
    const answer: Record<string, unknown> = { scope: { type: 'GLOBAL' } };
    const code = object(object(c.body.entities)?.code);
    if (code) {
      const start = whole(code.start, 'entities.code.start') ?? 0;
      const limit = Math.min(
        MAX_LIMIT,
        Math.max(1, whole(code.limit, 'entities.code.limit') ?? whole(object(c.body.limits)?.primary, 'limits.primary') ?? DEFAULT_LIMIT),
      );
      const canRead = (c as DcContextWithLevels).canRead;
      const repos = Object.values(c.store.repos)
        .filter((r) => (canRead?.(r) ?? true) && inScope(r, q))
        .sort((a, b) => a.project.localeCompare(b.project) || a.slug.localeCompare(b.slug));
      const hits: Array<{ repo: DcRepo; rev: string; path: string }> = [];
      for (const repo of repos) {
        const git = c.store.git(repo);
        const rev = await git.resolve(repo.defaultBranch);
        if (!rev) continue;
        for (const path of await searchFiles(git, rev, q)) hits.push({ repo, rev, path });
      }
      const values = await Promise.all(
        hits.slice(start, start + limit).map(async (h) => {
          const m = await fileMatches(c.store.git(h.repo), h.rev, h.path, q, CONTEXT_LINES, MAX_CONTEXTS_PER_FILE);
          const pathRanges = matchRanges(h.path, q.terms);
          return {
            repository: repoJson(c.store, h.repo, c.base),
            file: h.path,
            hitContexts: m.groups.map((lines) => lines.map((l) => ({ line: l.line, text: highlighted(l) }))),
            pathMatches: pathRanges.length ? pieces(h.path, pathRanges).map((p) => (p.match ? { text: p.text, match: true } : { text: p.text })) : [],
            hitCount: m.count,
          };
        }),
      );
      const isLastPage = start + values.length >= hits.length;
      answer.code = {
        category: 'primary',
        isLastPage,
        count: hits.length,
        start,
        ...(isLastPage ? {} : { nextStart: start + values.length }),
        values,
      };
    }
    answer.query = { substituted: false };
    return { status: 200, json: answer };
  },
};
