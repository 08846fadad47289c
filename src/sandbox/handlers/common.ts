import { filterItems, QueryError, sortItems } from '../query.js';
import type { RepositoryRecord, UserRecord, WorkspaceRecord } from '../state.js';
import { ApiError, type HandlerContext, type Sandbox } from './types.js';

/** Lookups and list helpers shared by handlers. */

export const DEFAULT_PAGELEN = 10;

/**
 * The largest `pagelen` a list accepts (a larger one answers 400). The spec's page schemas say: "The default value is
 * 10 with 100 being the maximum allowed value. Individual APIs may enforce different values." The pull-request lists
 * enforce 50: Bitbucket answers an error above `pagelen=50` there, which Atlassian closed as intended ("pagelen
 * wrongfully limited 50 for api 20", bitbucket.org/site/master/issues/9659, resolved Invalid). Keyed by path
 * template; the sandbox's own table (test/sandbox-tables.test.ts compares it with the client's page sizes).
 */
export const SANDBOX_PAGELEN_MAX_DEFAULT = 100;
export const SANDBOX_PAGELEN_MAX: Readonly<Record<string, number>> = {
  '/repositories/{workspace}/{repo_slug}/pullrequests': 50,
  '/pullrequests/{selected_user}': 50,
  '/workspaces/{workspace}/pullrequests/{selected_user}': 50,
};

export function maxPagelen(pathTemplate: string): number {
  return SANDBOX_PAGELEN_MAX[pathTemplate] ?? SANDBOX_PAGELEN_MAX_DEFAULT;
}

export function workspaceOf(c: HandlerContext, param = 'workspace'): WorkspaceRecord {
  const ref = c.params[param] ?? '';
  const ws = c.sb.store.workspace(ref);
  if (!ws) throw new ApiError(404, `No workspace with identifier '${ref}'.`);
  return ws;
}

export function repoOf(c: HandlerContext): RepositoryRecord {
  const ws = c.params.workspace ?? '';
  const slug = c.params.repo_slug ?? '';
  const repo = c.sb.store.repository(ws, slug);
  if (!repo) throw new ApiError(404, `Repository ${ws}/${slug} not found`);
  return repo;
}

/** A user by uuid (`{…}`), account_id or nickname; 404 when unknown. */
export function userByRef(sb: Sandbox, ref: string): UserRecord {
  const user = sb.store.user(ref);
  if (!user) throw new ApiError(404, `${ref} is not a valid user`);
  return user;
}

/** The JSON body as an object; 400 when missing or not an object. */
export function bodyObject(c: HandlerContext, required = true): Record<string, unknown> {
  const b = c.body;
  if (b === undefined && !required) return {};
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new ApiError(400, 'Bad request', 'the request body must be a JSON object');
  return b as Record<string, unknown>;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function templateOf(operation: string): string {
  return operation.slice(operation.indexOf(' ') + 1);
}

/** `pagelen` and `page` from the query, validated against the endpoint's limit. */
export function pageParams(c: HandlerContext, defaultPagelen = DEFAULT_PAGELEN): { pagelen: number; page: number } {
  const max = maxPagelen(templateOf(c.operation));
  const rawLen = c.query.get('pagelen');
  const rawPage = c.query.get('page');
  const pagelen = rawLen === null || rawLen === '' ? Math.min(defaultPagelen, max) : Number(rawLen);
  if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > max) {
    throw new ApiError(400, 'Invalid pagelen', `pagelen must be a whole number between 1 and ${max}`);
  }
  const page = rawPage === null || rawPage === '' ? 1 : Number(rawPage);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'Invalid page', 'page must be a whole number ≥ 1');
  return { pagelen, page };
}

/** The request's own URL with `page` replaced: for `next`/`previous` links. */
export function pageUrl(c: HandlerContext, page: number): string {
  const q = new URLSearchParams(c.query);
  q.set('page', String(page));
  const path = templateOf(c.operation).replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(c.params[name] ?? ''));
  return `${c.sb.urls.api(path)}?${q.toString()}`;
}

/**
 * A page of a fully known list (wire-shaped items): applies `q=` and `sort=` on the items' JSON,
 * then `page`/`pagelen`; `size` is the filtered total, `next` an absolute URL.
 */
export function page(
  c: HandlerContext,
  items: unknown[],
  opts: { defaultPagelen?: number; filter?: boolean; naturalSort?: readonly string[] } = {},
): Record<string, unknown> {
  let list = items;
  if (opts.filter !== false) {
    try {
      list = sortItems(filterItems(list, c.query.get('q')), c.query.get('sort'), opts.naturalSort);
    } catch (e) {
      if (e instanceof QueryError) throw new ApiError(400, e.message);
      throw e;
    }
  }
  const { pagelen, page: n } = pageParams(c, opts.defaultPagelen);
  const start = (n - 1) * pagelen;
  const values = list.slice(start, start + pagelen);
  return envelope(c, values, { pagelen, page: n, size: list.length, hasNext: start + pagelen < list.length });
}

/** The page envelope for lists that page themselves (git logs): no `size` unless given. */
export function envelope(c: HandlerContext, values: unknown[], o: { pagelen: number; page: number; size?: number; hasNext: boolean }): Record<string, unknown> {
  return {
    pagelen: o.pagelen,
    ...(o.size !== undefined ? { size: o.size } : {}),
    page: o.page,
    values,
    ...(o.hasNext ? { next: pageUrl(c, o.page + 1) } : {}),
    ...(o.page > 1 ? { previous: pageUrl(c, o.page - 1) } : {}),
  };
}
