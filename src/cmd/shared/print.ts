import type { CommandInput } from '../define.js';
import type { Context } from '../../context/context.js';
import { type JsonRequest, pickFields, printJson } from '../../output/json.js';
import { type Column, printTable } from '../../output/table.js';
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

export async function printList<T>(
  ctx: Context,
  input: CommandInput,
  items: T[],
  opts: { columns: Column<T>[]; toJson: (item: T) => Record<string, unknown>; empty: string },
): Promise<void> {
  const json = jsonRequest(input);
  if (json) {
    await printJson(
      ctx.io,
      items.map((i) => pickFields(opts.toJson(i), json.fields, json.keys)),
      json,
    );
    return;
  }
  if (items.length === 0) {
    // Nothing to show is not an error, but say so where a person is looking.
    if (ctx.io.stdoutIsTTY) writeErr(ctx.io, `${opts.empty}\n`);
    return;
  }
  printTable(ctx.io, items, opts.columns);
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
