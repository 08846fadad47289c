import { BbError } from '../errors.js';
import { readJsonAnswer } from './errors.js';
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
  /**
   * The item fields the command reads (`id`, `title`, `source.branch.name`…): sent as Bitbucket's
   * `fields=` (with the page envelope's own fields) to trim the payload. Omit to get whole items.
   */
  fields?: readonly string[];
}

/** Pages fetched at once, after the first page told how many there are. */
export const PAGE_CONCURRENCY = 10;

/** `--limit N` / `--all` as one number: Infinity for --all. */
export function itemBudget(opts: PaginateOptions, fallback = 30): number {
  if (opts.all) return Number.POSITIVE_INFINITY;
  return opts.limit ?? fallback;
}

/**
 * Fetch list pages, asking for the largest page each endpoint accepts (or fewer when the budget is
 * smaller), until `limit` items or the end. When the first page tells the list's `size` and its
 * `page` number (numbered pages), the remaining pages are fetched in parallel (PAGE_CONCURRENCY at
 * a time, results kept in order); otherwise (cursor-paged endpoints) bb follows `next` one page at
 * a time. Page links must stay on the API's origin: the credential is never sent elsewhere.
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
  if (opts.fields?.length) url.searchParams.set('fields', ['next', 'page', 'pagelen', 'size', ...opts.fields.map((f) => `values.${f}`)].join(','));
  const operation = `GET ${pathTemplate}`;
  const fetchPage = async (href: string): Promise<Page<T>> => {
    const pageUrl = new URL(href);
    if (pageUrl.origin !== http.origin) {
      throw new BbError('API_BAD_RESPONSE', `the API's next-page link points to another origin (${pageUrl.origin})`);
    }
    const response = await http.send(new Request(pageUrl), { operation });
    const page = await readJsonAnswer<Page<T>>(response, operation);
    if (!page || !Array.isArray(page.values)) throw new BbError('API_BAD_RESPONSE', `${operation}: the answer is not a page of values`);
    return page;
  };
  const items: T[] = [];
  const take = (page: Page<T>) => {
    for (const v of page.values ?? []) {
      if (items.length >= budget) break;
      items.push(v);
    }
  };
  const first = await fetchPage(url.href);
  take(first);
  let next = first.next;
  const rest = next && items.length < budget ? numberedPages(first, next, budget) : undefined;
  if (rest) {
    // numbered pages: keep PAGE_CONCURRENCY requests in flight (a new one starts as soon as one ends,
    // so one slow page holds up nothing), then take the pages in order
    const pages = await pool(rest, PAGE_CONCURRENCY, fetchPage);
    for (const p of pages) take(p);
    return items;
  }
  while (next && items.length < budget) {
    const page = await fetchPage(next);
    take(page);
    next = page.next;
  }
  return items;
}

/** Map `items` through `fn` with at most `limit` calls running at once; results in input order. */
async function pool<I, O>(items: readonly I[], limit: number, fn: (item: I) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      out[i] = await fn(items[i] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The URLs of pages 2…N, built from the first page's `next` link, when the first page tells the
 * list's `size` and its `page` number and `next` asks for the following page. Undefined otherwise.
 */
function numberedPages(first: Page<unknown>, next: string, budget: number): string[] | undefined {
  const size = first.size;
  const perPage = first.pagelen ?? first.values?.length;
  if (typeof size !== 'number' || typeof first.page !== 'number' || !perPage || perPage < 1) return undefined;
  const nextUrl = new URL(next);
  if (nextUrl.searchParams.get('page') !== String(first.page + 1)) return undefined;
  const wanted = Math.min(size, (first.page - 1) * perPage + budget);
  const last = Math.ceil(wanted / perPage);
  const urls: string[] = [];
  for (let n = first.page + 1; n <= last; n++) {
    const u = new URL(nextUrl);
    u.searchParams.set('page', String(n));
    urls.push(u.href);
  }
  return urls;
}
