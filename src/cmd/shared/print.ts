import type { CommandInput } from '../define.js';
import type { Context } from '../../context/context.js';
import { type JsonRequest, pickFields, printJson, printJsonPages } from '../../output/json.js';
import { type Column, TableWriter } from '../../output/table.js';
import { writeErr } from '../../output/iostreams.js';
import { getHeapStatistics } from 'node:v8';
import { collectAll, collectYoung } from '../../output/body-writer.js';

/**
 * How a command prints what it got: the table / key-value view for people, or JSON (`--json`,
 * `--jq`, `--template`) for scripts. Commands describe their data; this decides the form.
 */
export function jsonRequest(input: CommandInput): JsonRequest | undefined {
  const fields = input.flags.json;
  if (!Array.isArray(fields)) return undefined;
  return { fields: fields as string[], keys: input.jsonKeys, jq: input.flags.jq as string | undefined, template: input.flags.template as string | undefined };
}

/**
 * A list's items, whole (an array) or as pages arriving (an async iterable of arrays, e.g. `--all` through
 * paginatePages): pages are written as they come — `--json`, per-element `--jq` and the piped (TSV) table —
 * so memory does not grow with the list (P8). What needs every item stays buffered, leanly: the table on a
 * terminal (its column widths; kept as cells, TableWriter), `--template` and other `--jq` programs (the
 * trimmed JSON elements, printJsonPages). The output is the same bytes either way. `heading(count)` is
 * written to stderr just before a terminal table (the count is known there).
 */
export async function printList<T>(
  ctx: Context,
  input: CommandInput,
  items: T[] | AsyncIterable<T[]>,
  opts: { columns: Column<T>[]; toJson: (item: T) => Record<string, unknown>; empty: string; heading?: (count: number) => string },
): Promise<void> {
  const pages: AsyncIterable<T[]> = Array.isArray(items) ? onePage(items) : collecting(items);
  const json = jsonRequest(input);
  if (json) {
    await printJsonPages(
      ctx.io,
      mapPages(pages, (i) => pickFields(opts.toJson(i), json.fields, json.keys)),
      json,
    );
    return;
  }
  const table = new TableWriter(ctx.io, opts.columns);
  for await (const page of pages) await table.add(page);
  if (table.rows === 0) {
    // Nothing to show is not an error, but say so where a person is looking.
    if (ctx.io.stdoutIsTTY) writeErr(ctx.io, `${opts.empty}\n`);
    return;
  }
  if (ctx.io.stdoutIsTTY && opts.heading) writeErr(ctx.io, opts.heading(table.rows));
  await table.end();
}

async function* onePage<T>(items: T[]): AsyncGenerator<T[]> {
  yield items;
}

async function* mapPages<T, U>(pages: AsyncIterable<T[]>, f: (item: T) => U): AsyncGenerator<U[]> {
  for await (const page of pages) yield page.map(f);
}

/** Old-generation growth (bytes) past the first page's heap at which a full collection runs between pages. */
const OLD_GROWTH_BYTES = 8 * 1024 * 1024;

/**
 * Each page, and between pages the garbage of those already written collected (P8: memory flat in the list's
 * length). A page's objects live while it is fetched, parsed and written — with ten pages in flight, long
 * enough for V8's young-generation collections to move many of them to the old generation, which V8 collects
 * only once the heap has grown a lot: at 5,000 pull requests that was ~25 MiB more peak than at 1,000. So:
 * a young collection after each page (well under a millisecond), and a full one when the heap has grown
 * OLD_GROWTH_BYTES past what it was after the first page (every ~20 pages of 50 pull requests). A list of
 * one page pays nothing.
 */
async function* collecting<T>(pages: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let base: number | undefined;
  for await (const page of pages) {
    yield page;
    if (base === undefined) {
      base = getHeapStatistics().used_heap_size;
      continue;
    }
    collectYoung();
    if (getHeapStatistics().used_heap_size > base + OLD_GROWTH_BYTES) collectAll();
  }
}

export async function printItem<T>(
  ctx: Context,
  input: CommandInput,
  item: T,
  opts: { toJson: (item: T) => Record<string, unknown>; human: () => void | Promise<void> },
): Promise<void> {
  const json = jsonRequest(input);
  if (json) {
    await printJson(ctx.io, pickFields(opts.toJson(item), json.fields, json.keys), json);
    return;
  }
  await opts.human();
}

/** A status line for people (stderr, so it never mixes with data on stdout). */
export function status(ctx: Context, line: string): void {
  writeErr(ctx.io, `${line}\n`);
}
