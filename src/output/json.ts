import { BbError } from '../core/errors.js';
import { type IOStreams, writeOut } from './iostreams.js';

/** What the user asked for with `--json [fields]`, `--jq` and `--template`. */
export interface JsonRequest {
  fields: string[];
  jq?: string;
  template?: string;
}

/**
 * Parse the `--json` value. `true` (the flag alone) lists the available fields as an error, like gh;
 * an unknown field is an error naming the valid ones.
 */
export function parseJsonFields(value: string | true, available: readonly string[]): string[] {
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
  const unknown = fields.filter((f) => !available.includes(f));
  if (unknown.length > 0) {
    throw new BbError('INVALID_JSON_FIELD', `unknown JSON field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hints: [`available fields: ${list.join(', ')}`],
      details: { fields: list },
    });
  }
  return [...new Set(fields)];
}

/** Keep only the requested fields of one object, in the order asked. */
export function pickFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = item[f] ?? null;
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
