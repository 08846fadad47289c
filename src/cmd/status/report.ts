import type { Context } from '../../context/context.js';
import { printList, status } from '../shared/print.js';
import { timeAgo } from '../../output/table.js';
import type { CommandInput, FlagDef } from '../define.js';
import type { BuildStatus } from '../../provider/types.js';
import { when } from '../shared/format.js';

export const STATUS_JSON_FIELDS = ['key', 'name', 'state', 'url', 'description', 'refName', 'commit', 'createdAt', 'updatedAt'] as const;
/** Names these fields had before (one release: accepted with a notice, CommandMeta.jsonRenamed). */
export const STATUS_JSON_RENAMED = { refname: 'refName' } as const;

export const WATCH_FLAGS: FlagDef[] = [
  { name: 'watch', short: 'w', type: 'boolean', description: 'wait until no check is in progress, then show them' },
  { name: 'interval', short: 'i', type: 'number', valueName: 'SECONDS', description: 'seconds between checks with --watch (default 10)' },
  { name: 'fail-fast', type: 'boolean', description: 'with --watch, stop as soon as one check fails' },
];

/** The `--json` form of a status: its JSON fields, a missing commit as null. */
function statusJson(s: BuildStatus): Record<string, unknown> {
  return {
    key: s.key,
    name: s.name,
    state: s.state,
    url: s.url,
    description: s.description,
    refName: s.refName,
    commit: s.commit || null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** One status per key: the newest (a rerun replaces the earlier result of the same build). */
export function latestPerKey(list: BuildStatus[]): BuildStatus[] {
  const byKey = new Map<string, BuildStatus>();
  for (const s of list) {
    const k = s.key ?? s.name ?? '';
    const prev = byKey.get(k);
    if (!prev || (s.updatedAt ?? s.createdAt ?? '') > (prev.updatedAt ?? prev.createdAt ?? '')) byKey.set(k, s);
  }
  return [...byKey.values()].sort((a, b) => (a.name ?? a.key ?? '').localeCompare(b.name ?? b.key ?? ''));
}

const MARK: Record<string, string> = { SUCCESSFUL: '✓', FAILED: 'X', STOPPED: '-', INPROGRESS: '*' };

export interface Tally {
  pending: number;
  failed: number;
  passed: number;
}

export function tally(list: BuildStatus[]): Tally {
  return {
    pending: list.filter((s) => s.state === 'INPROGRESS').length,
    failed: list.filter((s) => s.state === 'FAILED' || s.state === 'STOPPED').length,
    passed: list.filter((s) => s.state === 'SUCCESSFUL').length,
  };
}

/**
 * `pr checks` and `status list`: fetch the statuses (again and again with --watch until none is in
 * progress), print them, and return the exit status: 0 all passed, 1 one failed or stopped, 8 some still
 * in progress (without --watch).
 */
export async function reportStatuses(ctx: Context, input: CommandInput, what: string, fetch: () => Promise<BuildStatus[]>): Promise<number> {
  const f = input.flags as { watch?: boolean; interval?: number; failFast?: boolean };
  const interval = (f.interval ?? 10) * 1000;
  let list = latestPerKey(await fetch());
  while (f.watch && tally(list).pending > 0 && !(f.failFast && tally(list).failed > 0)) {
    const t = tally(list);
    status(ctx, `${t.pending} of ${list.length} check${list.length === 1 ? '' : 's'} in progress on ${what}; checking again in ${interval / 1000}s…`);
    await ctx.sleep(interval);
    list = latestPerKey(await fetch());
  }
  const t = tally(list);
  if (ctx.io.stdoutIsTTY && input.flags.json === undefined && list.length > 0) {
    const parts = [t.failed && `${t.failed} failing`, t.passed && `${t.passed} successful`, t.pending && `${t.pending} in progress`].filter(Boolean);
    status(ctx, `${what}: ${parts.join(', ')}\n`);
  }
  await printList(ctx, input, list, {
    empty: `No checks reported on ${what}`,
    toJson: statusJson,
    columns: [
      {
        header: 'State',
        value: (s) => (ctx.io.stdoutIsTTY ? `${MARK[s.state ?? ''] ?? '?'} ${s.state ?? ''}` : (s.state ?? '')),
        style: (s) => (s.state === 'SUCCESSFUL' ? 'green' : s.state === 'INPROGRESS' ? 'yellow' : 'red'),
      },
      { header: 'Name', value: (s) => s.name || s.key || '', flexible: true },
      { header: 'Key', value: (s) => s.key ?? '' },
      { header: 'Updated', value: (s) => when(ctx, s.updatedAt ?? s.createdAt ?? undefined, timeAgo), style: () => 'gray' },
      { header: 'URL', value: (s) => s.url ?? '', flexible: true },
    ],
  });
  if (t.failed > 0) return 1;
  if (t.pending > 0) {
    status(ctx, `${t.pending} check${t.pending === 1 ? ' is' : 's are'} still in progress (exit status 8); --watch waits for them`);
    return 8;
  }
  return 0;
}
