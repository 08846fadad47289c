import { BbError } from '../errors.js';
import type { HttpTransport } from './http.js';
import { expandPath } from './path.js';

/** Bitbucket's page envelope. */
export interface Page<T> {
  values?: T[];
  next?: string;
  page?: number;
  pagelen?: number;
  size?: number;
}

/**
 * Largest `pagelen` each endpoint accepts. Most take 100; the pull-request lists take 50.
 * Keyed by path template so the sandbox enforces the same limits.
 */
export const PAGELEN_MAX_DEFAULT = 100;
export const PAGELEN_MAX: Record<string, number> = {
  '/repositories/{workspace}/{repo_slug}/pullrequests': 50,
  '/pullrequests/{selected_user}': 50,
  '/workspaces/{workspace}/pullrequests/{selected_user}': 50,
  '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments': 100,
};

export function maxPagelen(pathTemplate: string): number {
  return PAGELEN_MAX[pathTemplate] ?? PAGELEN_MAX_DEFAULT;
}

export interface PaginateOptions {
  /** Stop after this many items; undefined with `all` false means one default page. */
  limit?: number;
  all?: boolean;
}

/** `--limit N` / `--all` as one number: Infinity for --all. */
export function itemBudget(opts: PaginateOptions, fallback = 30): number {
  if (opts.all) return Number.POSITIVE_INFINITY;
  return opts.limit ?? fallback;
}

/**
 * Fetch list pages by following `next`, asking for the largest page each endpoint accepts (or fewer
 * when the budget is smaller), until `limit` items or the end. `next` links must stay on the API's
 * origin: the credential is never sent elsewhere.
 */
export async function paginate<T>(
  http: HttpTransport,
  pathTemplate: string,
  pathParams: Record<string, string | number>,
  query: Record<string, string | number | undefined | readonly string[]>,
  opts: PaginateOptions,
  fallbackLimit = 30,
): Promise<T[]> {
  const budget = itemBudget(opts, fallbackLimit);
  const pagelen = Math.min(maxPagelen(pathTemplate), Number.isFinite(budget) ? Math.max(1, budget) : Number.POSITIVE_INFINITY);
  const url = http.url(expandPath(pathTemplate, pathParams));
  for (const [k, v] of Object.entries(query)) {
    // an array repeats the parameter (`state=OPEN&state=MERGED`), as Bitbucket's list filters expect
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  }
  url.searchParams.set('pagelen', String(pagelen));
  const operation = `GET ${pathTemplate}`;
  const items: T[] = [];
  let next: string | undefined = url.href;
  while (next && items.length < budget) {
    const pageUrl = new URL(next);
    if (pageUrl.origin !== http.origin) {
      throw new BbError('API_BAD_RESPONSE', `the API's next-page link points to another origin (${pageUrl.origin})`);
    }
    const response = await http.send(new Request(pageUrl), { operation });
    const page = (await response.json()) as Page<T>;
    if (!Array.isArray(page.values)) throw new BbError('API_BAD_RESPONSE', `${operation}: the answer is not a page of values`);
    for (const v of page.values) {
      if (items.length >= budget) break;
      items.push(v);
    }
    next = page.next;
  }
  return items;
}
