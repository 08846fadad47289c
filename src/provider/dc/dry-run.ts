import type { CommandInput } from '../../core/command.js';
import type { Context } from '../../context/context.js';
import { writeErr, writeOut } from '../../output/iostreams.js';
import { redactText } from '../../output/redact.js';
import { DC_OPERATIONS } from '../../scopes/generated/dc-operations.js';
import type { HostInfo, PlannedWrite } from '../types.js';
import { dcUrl } from './http.js';

/** --dry-run on Data Center: method, URL, body, and the permission each request needs (from the DC spec). */
export function dcDryRun(ctx: Context, input: CommandInput, host: HostInfo, plan: PlannedWrite[]): boolean {
  const planned = plan.map((r) => {
    const entry = DC_OPERATIONS[r.operation];
    return {
      method: r.operation.split(' ')[0],
      url: redactText(dcUrl(host.baseUrl, r.operation, r.params, r.query as Record<string, string | number | undefined>)),
      operation: r.operation,
      body: r.body ?? null,
      permission: entry?.p ?? null,
      on: entry?.on ?? null,
    };
  });
  if (input.flags.json !== undefined) {
    ctx.io.out.write(`${JSON.stringify({ dryRun: true, host: host.key, requests: planned }, null, 2)}\n`);
    return true;
  }
  // on a terminal the plan is sanitised like any output (a title with U+202E or a C1 control stays visible)
  let text = '';
  for (const p of planned) {
    text += `would send: ${p.method} ${p.url}\n`;
    if (p.body !== null) text += `${JSON.stringify(p.body, null, 2)}\n`;
    text += `required permission: ${p.permission ?? '(not stated by the spec)'}${p.on && p.on !== 'none' ? ` on the ${p.on}` : ''}\n`;
  }
  writeOut(ctx.io, text);
  writeErr(ctx.io, 'dry run: nothing was sent\n');
  return true;
}
