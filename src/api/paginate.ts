import { BbError } from '../core/errors.js';
import { unreadableAnswer } from './errors.js';
import { answerDeadline, type HttpTransport, readAnswer } from './http.js';
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

/**
 * The most pages one listing walks (10,000 pages: a million items at 100 a page). A list that claims
 * more, or a server that keeps handing out new links, ends with an error instead of running forever.
 */
export const MAX_PAGES = 10_000;

/** `--limit N` / `--all` as one number: Infinity for --all. */
export function itemBudget(opts: PaginateOptions, fallback = 30): number {
  if (opts.all) return Number.POSITIVE_INFINITY;
  return opts.limit ?? fallback;
}

function badPages(operation: string, what: string): BbError {
  return new BbError('API_BAD_RESPONSE', `${operation}: ${what}`, {
    operation,
    hints: ["the server sent page links bb will not follow; check BB_API_URL, or report it to the server's administrator"],
  });
}

/**
 * The guards on Bitbucket Cloud's `next` links, for every walk over pages (paginate, `bb api --paginate`):
 * a link must be a URL on the API's origin and on the first page's path (the credential goes nowhere
 * else, and a list does not turn into another), must never repeat a page already asked for, must move
 * forward when pages are numbered, and there are at most MAX_PAGES of them.
 */
export class PageLinks {
  private readonly seen = new Set<string>();
  private readonly origin: string;
  private readonly path: string;

  constructor(
    first: URL,
    private readonly operation: string,
  ) {
    this.origin = first.origin;
    this.path = canonicalPath(first);
    this.seen.add(first.href);
  }

  get count(): number {
    return this.seen.size;
  }

  /** The URL of the page after `current`, or throws API_BAD_RESPONSE. */
  follow(next: unknown, current: URL): URL {
    if (typeof next !== 'string') throw badPages(this.operation, 'the next-page link is not a URL');
    let url: URL;
    try {
      url = new URL(next);
    } catch {
      throw badPages(this.operation, 'the next-page link is not a URL');
    }
    if (url.origin !== this.origin) throw badPages(this.operation, `the API's next-page link points to another origin (${url.origin})`);
    if (canonicalPath(url) !== this.path) throw badPages(this.operation, `the next-page link leaves the list (${url.pathname})`);
    if (this.seen.has(url.href))
      throw badPages(this.operation, `the next-page link points back to a page already read (page ${this.seen.size + 1} repeats an earlier one)`);
    const from = pageNumber(current);
    const to = pageNumber(url);
    if (from !== undefined && to !== undefined && to <= from) throw badPages(this.operation, `the next-page link goes from page ${from} back to page ${to}`);
    if (this.seen.size >= MAX_PAGES) throw badPages(this.operation, `more than ${MAX_PAGES} pages; bb stops there`);
    this.seen.add(url.href);
    return url;
  }
}

function canonicalPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname).replace(/\/+$/, '').toLowerCase();
  } catch {
    return url.pathname.toLowerCase();
  }
}

function pageNumber(url: URL): number | undefined {
  const raw = url.searchParams.get('page');
  return raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** One page's answer parsed, bounded in size and time (the transport reads JSON answers whole; others are read here). */
export async function readPage<T>(http: HttpTransport, response: Response, url: URL, operation: string): Promise<Page<T>> {
  const bytes = await readAnswer(response, url, { maxBytes: http.maxAnswerBytes, deadlineMs: answerDeadline(http.timeoutMs), operation });
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.trim() === '') throw unreadableAnswer(response, operation, 'the answer is empty where JSON was expected');
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    throw unreadableAnswer(response, operation, 'the answer is not readable JSON');
  }
  if (!page || typeof page !== 'object' || !Array.isArray((page as Page<T>).values))
    throw new BbError('API_BAD_RESPONSE', `${operation}: the answer is not a page of values`, { operation, status: response.status });
  return page as Page<T>;
}

/**
 * The pages of a list, one at a time, asking for the largest page each endpoint accepts (or fewer when
 * the budget is smaller), until `limit` items or the end. When the first page tells the list's `size`
 * and its `page` number (numbered pages), the following pages are fetched in parallel (PAGE_CONCURRENCY
 * at a time, handed out in order, built as they are needed); otherwise (cursor-paged endpoints) bb
 * follows `next` one page at a time, through PageLinks' guards. A `size` past MAX_PAGES pages is not
 * believed: bb then follows `next`. Before a walk longer than the rate-limit budget left, it warns.
 */
export async function* paginatePages<T>(
  http: HttpTransport,
  pathTemplate: string,
  pathParams: Record<string, string | number>,
  query: Record<string, string | number | undefined | readonly string[]>,
  opts: PaginateOptions,
  fallbackLimit = 30,
): AsyncGenerator<T[]> {
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
  const fetchPage = async (pageUrl: URL): Promise<Page<T>> => {
    const response = await http.send(new Request(pageUrl), { operation });
    return readPage<T>(http, response, pageUrl, operation);
  };
  let taken = 0;
  const take = (page: Page<T>): T[] => {
    const values = page.values ?? [];
    const out = taken + values.length <= budget ? values : values.slice(0, Math.max(0, budget - taken));
    taken += out.length;
    return out;
  };
  const links = new PageLinks(url, operation);
  const first = await fetchPage(url);
  yield take(first);
  if (first.next === undefined || first.next === null || taken >= budget) return;
  let current = url;
  let nextUrl = links.follow(first.next, current);
  const numbered = numberedPages(first, nextUrl, budget);
  warnIfLong(http, first, numbered?.count, budget, taken);
  if (numbered) {
    // numbered pages: keep PAGE_CONCURRENCY requests in flight (a new one starts as soon as one is handed
    // out), and hand the pages out in order
    const inFlight: Array<Promise<Page<T>>> = [];
    let n = 0;
    const launch = () => {
      const p = fetchPage(numbered.url(n++));
      p.catch(() => {}); // awaited in order below; abandoned ones (limit reached, an error) must not go unhandled
      inFlight.push(p);
    };
    while (n < numbered.count && inFlight.length < PAGE_CONCURRENCY) launch();
    while (inFlight.length > 0) {
      const page = await (inFlight.shift() as Promise<Page<T>>);
      if (n < numbered.count) launch();
      yield take(page);
      // a server whose pages run out before its `size` said: the list ends there
      if (taken >= budget || (page.values?.length ?? 0) === 0 || page.next === undefined || page.next === null) return;
    }
    return;
  }
  for (;;) {
    const page = await fetchPage(nextUrl);
    yield take(page);
    if (page.next === undefined || page.next === null || taken >= budget) return;
    current = nextUrl;
    nextUrl = links.follow(page.next, current);
  }
}

/**
 * Fetch list items (paginatePages, collected): at most `limit` items, every page with `all`.
 * Page links must stay on the API's origin: the credential is never sent elsewhere.
 */
export async function paginate<T>(
  http: HttpTransport,
  pathTemplate: string,
  pathParams: Record<string, string | number>,
  query: Record<string, string | number | undefined | readonly string[]>,
  opts: PaginateOptions,
  fallbackLimit = 30,
): Promise<T[]> {
  const items: T[] = [];
  for await (const values of paginatePages<T>(http, pathTemplate, pathParams, query, opts, fallbackLimit)) for (const v of values) items.push(v);
  return items;
}

/** Before a long walk: warn when it needs more requests than the rate limit has left. */
function warnIfLong(http: HttpTransport, first: Page<unknown>, numberedCount: number | undefined, budget: number, taken: number): void {
  let pages = numberedCount;
  const perPage = first.pagelen ?? first.values?.length;
  if (pages === undefined && typeof first.size === 'number' && Number.isFinite(first.size) && perPage && perPage > 0) {
    pages = Math.min(MAX_PAGES, Math.ceil(Math.max(0, Math.min(first.size, taken + budget) - taken) / perPage));
  }
  if (pages !== undefined && pages > 0) http.warnIfBudgetShort(pages, `this listing (${pages} more pages)`);
}

/**
 * Pages 2…N, built from the first page's `next` link, when the first page tells the list's `size` and its
 * `page` number and `next` asks for the following page: a count and a builder (never a list of URLs).
 * Undefined otherwise, and when the `size` claims more than MAX_PAGES pages (not believed: bb follows `next`).
 */
function numberedPages(first: Page<unknown>, nextUrl: URL, budget: number): { count: number; url: (i: number) => URL } | undefined {
  const size = first.size;
  const perPage = first.pagelen ?? first.values?.length;
  const page = first.page;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 1) return undefined;
  if (typeof perPage !== 'number' || !Number.isSafeInteger(perPage) || perPage < 1) return undefined;
  if (nextUrl.searchParams.get('page') !== String(page + 1)) return undefined;
  const wanted = Math.min(size, (page - 1) * perPage + budget);
  const last = Math.ceil(wanted / perPage);
  if (last - page > MAX_PAGES) return undefined;
  return {
    count: Math.max(0, last - page),
    url: (i) => {
      const u = new URL(nextUrl);
      u.searchParams.set('page', String(page + 1 + i));
      return u;
    },
  };
}
