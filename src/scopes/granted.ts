import { type CommandMeta, commandName } from '../core/command.js';
import { baseScopes, callsApi } from './command-scopes.js';
import { OPERATIONS } from './generated/operations.js';
import { expandLegacy } from './legacy.js';

/**
 * What a set of granted scopes allows, by command group (`bb auth status`). Granular and legacy names are told
 * apart by their form (`…:bitbucket` is granular). A command is allowed when every operation it always calls is
 * allowed: some granular alternative fully granted, or every legacy scope granted or implied.
 */
export function isGranular(scopes: readonly string[]): boolean {
  return scopes.some((s) => s.endsWith(':bitbucket'));
}

export function commandAllowed(def: CommandMeta, granted: readonly string[]): boolean {
  const granular = isGranular(granted);
  const have = granular ? new Set(granted) : expandLegacy(granted);
  return baseScopes(def).operations.every((op) => {
    const info = OPERATIONS[op];
    if (!info) return false;
    if (granular) return info.granular.length === 0 || info.granular.some((alt) => alt.every((s) => have.has(s)));
    return info.legacy.every((s) => have.has(s));
  });
}

export interface GroupAccess {
  group: string;
  allowed: string[];
  denied: string[];
}

export function groupsAllowed(commands: readonly CommandMeta[], granted: readonly string[]): GroupAccess[] {
  const groups = new Map<string, GroupAccess>();
  for (const def of commands.filter(callsApi)) {
    const group = def.path[0] as string;
    const g = groups.get(group) ?? { group, allowed: [], denied: [] };
    (commandAllowed(def, granted) ? g.allowed : g.denied).push(commandName(def));
    groups.set(group, g);
  }
  return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** One line per group: `repo: all 8 commands` / `pr: 3 of 12 (list, view, diff)` / `pipeline: none`. */
export function describeGroups(access: GroupAccess[]): string[] {
  return access.map((g) => {
    const total = g.allowed.length + g.denied.length;
    if (g.denied.length === 0) return `${g.group}: all ${total} command${total === 1 ? '' : 's'}`;
    if (g.allowed.length === 0) return `${g.group}: none`;
    const short = (n: string) => n.split(' ').slice(1).join(' ');
    return `${g.group}: ${g.allowed.length} of ${total} (${g.allowed.map(short).join(', ')})`;
  });
}
