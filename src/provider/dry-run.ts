import type { CommandInput } from '../core/command.js';
import type { Context } from '../context/context.js';
import { expandPath } from '../api/path.js';
import { writeErr, writeOut } from '../output/iostreams.js';
import { redactText } from '../output/redact.js';
import { granularForOperation } from '../scopes/engine.js';
import { OPERATIONS } from '../scopes/generated/operations.js';
import { minimizeLegacy } from '../scopes/legacy.js';
import type { Write } from './types.js';

/**
 * `--dry-run` for a planned write: on Cloud exactly `dryRun` (URL, body, scopes); on Data Center the URL under the
 * instance, the body, and the permission each operation needs (src/scopes/generated/dc-operations.ts).
 */
export async function dryRunWrite(ctx: Context, input: CommandInput, write: Write<unknown>): Promise<boolean> {
  if (!input.flags.dryRun) return false;
  const host = await ctx.host();
  if (host.kind !== 'dc') return dryRun(ctx, input, ...write.plan);
  const { dcDryRun } = await import('./dc/dry-run.js');
  return dcDryRun(ctx, input, host, write.plan);
}

export interface PlannedRequest {
  /** `METHOD /path/template` exactly as in the spec. */
  operation: string;
  params: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/**
 * `--dry-run`: print the request a write would send (method, URL, body) and the scopes it needs, and
 * send nothing. Needs no credential. Returns true when the command should stop here.
 */
export function dryRun(ctx: Context, input: CommandInput, ...requests: PlannedRequest[]): boolean {
  if (!input.flags.dryRun) return false;
  const planned = requests.map((r) => {
    const [method, template] = r.operation.split(' ', 2) as [string, string];
    const url = new URL(ctx.apiUrl + expandPath(template, r.params));
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return {
      method,
      url: redactText(url.href),
      operation: r.operation,
      body: r.body ?? null,
      scopes: granularForOperation(r.operation) ?? [],
      legacyScopes: minimizeLegacy(OPERATIONS[r.operation]?.legacy ?? []),
    };
  });
  if (input.flags.json !== undefined) {
    ctx.io.out.write(`${JSON.stringify({ dryRun: true, requests: planned }, null, 2)}\n`);
    return true;
  }
  // on a terminal the plan is sanitised like any output (a title with U+202E or a C1 control stays visible)
  let text = '';
  for (const p of planned) {
    text += `would send: ${p.method} ${p.url}\n`;
    if (p.body !== null) text += `${JSON.stringify(p.body, null, 2)}\n`;
    text += `required scopes: ${p.scopes.join(', ') || '(none)'}\n`;
    text += `legacy scopes: ${p.legacyScopes.join(', ') || '(none)'}\n`;
  }
  writeOut(ctx.io, text);
  writeErr(ctx.io, 'dry run: nothing was sent\n');
  return true;
}
