import type { Context } from '../../context.js';
import { printList, status } from '../../output/command-output.js';
import { timeAgo } from '../../output/table.js';
import type { CommandInput, FlagDef } from '../define.js';
import type { BuildStatus as DomainStatus } from '../../provider/types.js';
import { type BuildStatus, when } from '../pr/shared.js';

export const STATUS_JSON_FIELDS = ['key', 'name', 'state', 'url', 'description', 'refname', 'commit', 'createdAt', 'updatedAt'] as const;

export const WATCH_FLAGS: FlagDef[] = [
  { name: 'watch', short: 'w', type: 'boolean', description: 'wait until no check is in progress, then show them' },
  { name: 'interval', short: 'i', type: 'number', valueName: 'SECONDS', description: 'seconds between checks with --watch (default 10)' },
  { name: 'fail-fast', type: 'boolean', description: 'with --watch, stop as soon as one check fails' },
];

export function statusToJson(s: BuildStatus): Record<string, unknown> {
  return {
    key: s.key ?? null,
    name: s.name ?? null,
    state: s.state ?? null,
    url: s.url ?? null,
    description: s.description ?? null,
    refname: s.refname ?? null,
    commit: s.commit?.hash ?? commitFromLink(s) ?? null,
    createdAt: s.created_on ?? null,
    updatedAt: s.updated_on ?? null,
  };
}

/** The spec's commitstatus has no `commit` object, only `links.commit` (…/commit/{hash}): take the hash from it. */
function commitFromLink(s: BuildStatus): string | undefined {
  return /\/commit\/([0-9a-f]{7,40})\/?$/i.exec(s.links?.commit?.href ?? '')?.[1];
}

/** A provider's status in the shape reportStatuses reads (Cloud's field names). */
export function fromDomainStatus(s: DomainStatus): BuildStatus {
  return {
    key: s.key ?? undefined,
    name: s.name ?? undefined,
    state: s.state ?? undefined,
    url: s.url ?? undefined,
    description: s.description ?? undefined,
    refname: s.refname ?? undefined,
    created_on: s.createdAt ?? undefined,
    updated_on: s.updatedAt ?? undefined,
    ...(s.commit ? { commit: { hash: s.commit } } : {}),
  };
}

/** One status per key: the newest (a rerun replaces the earlier result of the same build). */
export function latestPerKey(list: BuildStatus[]): BuildStatus[] {
  const byKey = new Map<string, BuildStatus>();
  for (const s of list) {
    const k = s.key ?? s.name ?? '';
    const prev = byKey.get(k);
    if (!prev || (s.updated_on ?? s.created_on ?? '') > (prev.updated_on ?? prev.created_on ?? '')) byKey.set(k, s);
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
    toJson: statusToJson,
    columns: [
      {
        header: 'State',
        value: (s) => (ctx.io.stdoutIsTTY ? `${MARK[s.state ?? ''] ?? '?'} ${s.state ?? ''}` : (s.state ?? '')),
        style: (s) => (s.state === 'SUCCESSFUL' ? 'green' : s.state === 'INPROGRESS' ? 'yellow' : 'red'),
      },
      { header: 'Name', value: (s) => s.name || s.key || '', flexible: true },
      { header: 'Key', value: (s) => s.key ?? '' },
      { header: 'Updated', value: (s) => when(ctx, s.updated_on ?? s.created_on, timeAgo), style: () => 'gray' },
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
