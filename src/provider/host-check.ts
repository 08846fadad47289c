import type { CommandMeta } from '../core/command.js';
import type { Context } from '../context/context.js';
import { BbError } from '../core/errors.js';
import type { HostInfo, HostKind } from './types.js';

/** Host kinds a command runs on: `hosts`, else both when it declares DC operations or calls no API, else Cloud only. */
export function hostKindsOf(meta: CommandMeta): readonly HostKind[] {
  if (meta.hosts) return meta.hosts;
  if (meta.dcOperations || meta.dynamicOperations || meta.operations.length === 0) return ['cloud', 'dc'];
  return ['cloud'];
}

function refusal(meta: CommandMeta, host: HostInfo): BbError {
  const name = `bb ${meta.path.join(' ')}`;
  if (host.kind === 'dc') {
    return new BbError('NOT_ON_DC', `${name} is not available on Data Center (${host.key}): Bitbucket Data Center has no equivalent`, {
      hints: [meta.otherHostHint ?? 'this command works with Bitbucket Cloud only', 'to use Cloud instead, unset BB_HOST or pass -R WORKSPACE/REPO'],
    });
  }
  return new BbError('NOT_ON_CLOUD', `${name} is not available on Bitbucket Cloud: it is for Bitbucket Data Center`, {
    hints: [
      meta.otherHostHint ?? 'this command works with Bitbucket Data Center only',
      'select a Data Center host with BB_HOST, -R HOST/PROJECT/REPO or `bb auth login --hostname`',
    ],
  });
}

/**
 * Before a command runs (after ctx.bind): refuse it on a host kind it has no meaning for. Commands that run on both
 * kinds cost nothing here. The host is chosen once (src/resolve/target.ts), from the URL arguments, -R, the
 * environment and the clone's remote, so asking for it here is the same answer the command gets.
 */
export async function checkHostKind(ctx: Context, meta: CommandMeta): Promise<void> {
  const kinds = hostKindsOf(meta);
  if (kinds.includes('cloud') && kinds.includes('dc')) return;
  const host = await ctx.host();
  if (!kinds.includes(host.kind)) throw refusal(meta, host);
}
