import type { CommandInput } from '../define.js';
import type { Context } from '../../context/context.js';
import { type JsonRequest, pickFields, printJson, printJsonPages } from '../../output/json.js';
import { type Column, TableWriter } from '../../output/table.js';
import { writeErr } from '../../output/iostreams.js';

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
  const pages: AsyncIterable<T[]> = Array.isArray(items) ? onePage(items) : items;
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
