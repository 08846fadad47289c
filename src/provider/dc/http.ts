import { answerDeadline, readAnswer } from '../../api/http.js';
import { itemBudget, MAX_PAGES } from '../../api/paginate.js';
import { unreadableAnswer } from '../../api/errors.js';
import { expandPath } from '../../api/path.js';
import type { HttpTransport } from '../../api/http.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';

/**
 * Data Center requests. `operation` is `METHOD /template` exactly as a key of src/scopes/generated/dc-operations.ts
 * (the DC spec's path, below `/rest`); it is expanded into the URL and handed to the transport, so a failure names it
 * and a 403 names the missing permission and the cap (src/api/dc-errors.ts).
 */
export type Query = Record<string, string | number | boolean | undefined>;

/** DC's page envelope (`start`, `limit`, `isLastPage`, `nextPageStart`). */
export interface DcPage<T> {
  values?: T[];
  size?: number;
  start?: number;
  limit?: number;
  isLastPage?: boolean;
  nextPageStart?: number | null;
}

/** Largest page bb asks for (DC's default page limit is 25; instances cap it at 1000 by default). */
export const DC_PAGE_MAX = 100;

function urlFor(baseUrl: string, operation: string, params: Record<string, string | number>, query: Query = {}): { method: string; url: URL } {
  const space = operation.indexOf(' ');
  const method = operation.slice(0, space);
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/rest${expandPath(operation.slice(space + 1), params)}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  return { method, url };
}

/** The URL a DC operation would be sent to (dry runs). */
export function dcUrl(baseUrl: string, operation: string, params: Record<string, string | number>, query?: Query): string {
  return urlFor(baseUrl, operation, params, query).url.href;
}

/** One request, its answer not read yet (a header, a text answer): non-2xx throws a typed BbError. */
export async function dcRequest(
  ctx: Context,
  operation: string,
  params: Record<string, string | number>,
  opts: { query?: Query; body?: unknown; accept?: string } = {},
): Promise<{ http: HttpTransport; url: URL; response: Response }> {
  const http = await ctx.http();
  const { method, url } = urlFor(http.baseUrl, operation, params, opts.query);
  const init: RequestInit = { method };
  const headers: Record<string, string> = {};
  if (opts.accept) headers.Accept = opts.accept;
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (Object.keys(headers).length) init.headers = headers;
  const response = await http.send(new Request(url, init), { operation });
  return { http, url, response };
}

/** One request; the parsed JSON answer (undefined for 204 or an empty body). Non-2xx throws a typed BbError. */
export async function dcSend<T>(
  ctx: Context,
  operation: string,
  params: Record<string, string | number>,
  opts: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const { http, url, response } = await dcRequest(ctx, operation, params, opts);
  return dcJson<T>(http, response, url, operation);
}

/** A DC answer parsed: undefined for 204 or an empty body; bounded in size and time; not JSON is API_BAD_RESPONSE. */
export async function dcJson<T>(http: HttpTransport, response: Response, url: URL, operation: string): Promise<T> {
  if (response.status === 204) {
    await response.body?.cancel();
    return undefined as T;
  }
  const bytes = await readAnswer(response, url, { maxBytes: http.maxAnswerBytes, deadlineMs: answerDeadline(http.timeoutMs), operation });
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw unreadableAnswer(response, operation, 'the answer is not readable JSON');
  }
}

/**
 * THE Data Center pager: `start` = the previous page's `nextPageStart`, until `--limit` items (or `budget`),
 * or every page with `--all`. `keep` filters items on the way (full pages are then asked for). Guards: a
 * `nextPageStart` must move forward (else API_BAD_RESPONSE, never the same page again), at most MAX_PAGES
 * pages, and each answer is bounded (dcJson).
 */
export async function dcPaginate<T>(
  ctx: Context,
  operation: string,
  params: Record<string, string | number>,
  query: Query,
  opts: { limit?: number; all?: boolean; budget?: number; keep?: (item: T) => boolean },
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of dcPages<T>(ctx, operation, params, query, opts)) for (const v of page) items.push(v);
  return items;
}

/** dcPaginate's pages, each as it arrives (its kept items): for output written page by page (`--all`). */
export async function* dcPages<T>(
  ctx: Context,
  operation: string,
  params: Record<string, string | number>,
  query: Query,
  opts: { limit?: number; all?: boolean; budget?: number; keep?: (item: T) => boolean },
): AsyncGenerator<T[]> {
  const budget = opts.budget ?? itemBudget(opts);
  let taken = 0;
  let start = 0;
  for (let pages = 1; taken < budget; pages++) {
    const limit = opts.keep || !Number.isFinite(budget) ? DC_PAGE_MAX : Math.min(DC_PAGE_MAX, Math.max(1, budget - taken));
    const page = await dcSend<DcPage<T>>(ctx, operation, params, { query: { ...query, start, limit } });
    if (!page || !Array.isArray(page.values)) throw new BbError('API_BAD_RESPONSE', `${operation}: the answer is not a page of values`, { operation });
    const kept: T[] = [];
    for (const v of page.values) {
      if (taken >= budget) break;
      if (!opts.keep || opts.keep(v)) {
        kept.push(v);
        taken++;
      }
    }
    yield kept;
    if (page.isLastPage !== false || page.nextPageStart === undefined || page.nextPageStart === null) break;
    const next = page.nextPageStart;
    if (typeof next !== 'number' || !Number.isSafeInteger(next) || next <= start) {
      throw new BbError('API_BAD_RESPONSE', `${operation}: the next page (nextPageStart ${String(next)}) does not move past this one (start ${start})`, {
        operation,
        hints: ["the server sent page links bb will not follow; report it to the server's administrator"],
      });
    }
    if (pages >= MAX_PAGES) throw new BbError('API_BAD_RESPONSE', `${operation}: more than ${MAX_PAGES} pages; bb stops there`, { operation });
    start = next;
  }
}
