import { BbError } from '../core/errors.js';
import { type IOStreams, writeDrained, writeOut, writeOutDrained } from './iostreams.js';

/** What the user asked for with `--json [fields]`, `--jq` and `--template`. */
export interface JsonRequest {
  fields: string[];
  /** A field asked for by its old name (CommandMeta.jsonRenamed): the key it is printed under. */
  keys?: Record<string, string>;
  jq?: string;
  template?: string;
}

/**
 * Parse the `--json` value. `true` (the flag alone) lists the available fields as an error, like gh;
 * an unknown field is an error naming the valid ones. An old name (`renamed`: old → new) is accepted:
 * it stays in the list as asked (see `renamedFields`).
 */
export function parseJsonFields(value: string | true, available: readonly string[], renamed: Readonly<Record<string, string>> = {}): string[] {
  const list = [...available].sort();
  if (value === true || value.trim() === '') {
    throw new BbError('INVALID_JSON_FIELD', 'specify one or more comma-separated fields for --json', {
      hints: [`available fields: ${list.join(', ')}`],
      details: { fields: list },
    });
  }
  const fields = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.filter((f) => !available.includes(f) && !(Object.hasOwn(renamed, f) && available.includes(renamed[f] as string)));
  if (unknown.length > 0) {
    throw new BbError('INVALID_JSON_FIELD', `unknown JSON field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hints: [`available fields: ${list.join(', ')}`],
      details: { fields: list },
    });
  }
  return [...new Set(fields)];
}

/**
 * The old names in a parsed `--json` list: the fields to read (today's names), the key each is printed
 * under (the name asked for) and one notice per old name (`full_name is now fullName`).
 */
export function renamedFields(
  asked: readonly string[],
  renamed: Readonly<Record<string, string>> = {},
): { fields: string[]; keys: Record<string, string>; notices: string[] } {
  const fields: string[] = [];
  const keys: Record<string, string> = {};
  const notices: string[] = [];
  for (const name of asked) {
    const field = Object.hasOwn(renamed, name) ? (renamed[name] as string) : name;
    if (fields.includes(field)) continue;
    fields.push(field);
    if (field !== name) {
      keys[field] = name;
      notices.push(`${name} is now ${field} (the old --json name works until the next release)`);
    }
  }
  return { fields, keys, notices };
}

/** Keep only the requested fields of one object, in the order asked (each under `keys[field]` when given). */
export function pickFields(item: Record<string, unknown>, fields: readonly string[], keys: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[keys[f] ?? f] = item[f] ?? null;
  return out;
}

/**
 * Print JSON data, filtered by `--jq` (real jq, run in-process from WebAssembly, loaded only when used)
 * or rendered by `--template`. Plain JSON is pretty-printed on a terminal and compact-per-document when
 * piped, as gh does.
 */
export async function printJson(io: IOStreams, data: unknown, req: Pick<JsonRequest, 'jq' | 'template'> = {}): Promise<void> {
  if (req.jq !== undefined) {
    const { runJq } = await import('./jq.js');
    writeOut(io, await runJq(data, req.jq));
    return;
  }
  if (req.template !== undefined) {
    const { renderTemplate } = await import('./template.js');
    // values are sanitised inside (colour and links are the template's own escapes)
    io.out.write(renderTemplate(req.template, data, { color: io.color, tty: io.stdoutIsTTY }));
    return;
  }
  io.out.write(`${JSON.stringify(data, null, 2)}\n`);
}

/**
 * The jq programs that give the same output run on each page's array as on the whole list: `.[]` alone or
 * `.[] | …` (jq's `|` binds loosest, so everything after it runs on one element at a time, never seeing the
 * others), unless it may `halt` (which stops the whole run, not one page's). Anything else (`length`, `map(…)`, `.[0]`, `sort_by`, a `,` before the first `|`…) needs the
 * whole array, and is run once on it.
 */
export function jqRunsPerElement(program: string): boolean {
  return /^\s*\.\[\]\s*(?:\|[\s\S]*)?$/.test(program) && !/^\s*\.\[\]\s*\|\s*$/.test(program) && !/halt/.test(program);
}

/**
 * `--json` / `--jq` / `--template` output of a list that arrives in pages (`--all`), written as the pages
 * come, byte for byte what printJson writes for the whole array:
 * - plain JSON: the array's `[`, each element as JSON.stringify(array, null, 2) would indent it, `]`;
 * - `--jq` with a program that runs per element (jqRunsPerElement): jq on each page, its output written;
 * - any other `--jq` program, and `--template` (which may range over the whole list): the elements (already
 *   trimmed to the asked fields) are collected, and printJson runs once at the end.
 */
export async function printJsonPages(io: IOStreams, pages: AsyncIterable<unknown[]>, req: Pick<JsonRequest, 'jq' | 'template'> = {}): Promise<void> {
  if (req.template !== undefined || (req.jq !== undefined && !jqRunsPerElement(req.jq))) {
    const all: unknown[] = [];
    for await (const page of pages) for (const v of page) all.push(v);
    await printJson(io, all, req);
    return;
  }
  if (req.jq !== undefined) {
    const { runJq } = await import('./jq.js');
    for await (const page of pages) {
      if (page.length === 0) continue;
      await writeOutDrained(io, await runJq(page, req.jq));
    }
    return;
  }
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    // an element inside the array is indented one level more: every line after its first, by two spaces
    const text = page.map((v) => JSON.stringify(v === undefined ? null : v, null, 2).replace(/\n/g, '\n  ')).join(',\n  ');
    await writeDrained(io, `${first ? '[\n  ' : ',\n  '}${text}`);
    first = false;
  }
  await writeDrained(io, first ? '[]\n' : '\n]\n');
}
