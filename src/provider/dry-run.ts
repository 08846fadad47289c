import type { CommandInput } from '../cmd/define.js';
import { dryRun } from '../cmd/shared/write.js';
import type { Context } from '../context.js';
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
