import { PROTECTION_JSON_FIELDS, type BranchRestriction } from '../../../provider/branch-restrictions.js';
import type { Column } from '../../../output/table.js';

export { PROTECTION_JSON_FIELDS };

/** Which branches a protection applies to, in words: `main`, `release/*`, `type feature`, `any branch`. */
export function branchesOf(r: BranchRestriction): string {
  if (r.match === 'branching-model') return `type ${r.branchType ?? '?'}`;
  if (r.match === 'any') return 'any branch';
  return r.pattern ?? '';
}

/** Who is exempt (or allowed), and the kind's number. */
export function detailOf(r: BranchRestriction): string {
  const who = [...r.users, ...r.groups.map((g) => `group:${g}`)];
  const parts: string[] = [];
  if (r.value !== null) parts.push(`value ${r.value}`);
  if (who.length) parts.push(`allowed: ${who.join(', ')}`);
  return parts.join('; ');
}

export const PROTECTION_COLUMNS: Column<BranchRestriction>[] = [
  { header: 'ID', value: (r) => String(r.id) },
  { header: 'KIND', value: (r) => r.kind },
  { header: 'BRANCHES', value: branchesOf, flexible: true },
  { header: 'DETAIL', value: detailOf, flexible: true },
];

export function protectionJson(r: BranchRestriction): Record<string, unknown> {
  return { ...r };
}

/** What `view`, `create` and `edit` print on a terminal. */
export function protectionText(r: BranchRestriction): string {
  const { kind: bbKind, hostKind: itsKind } = r;
  // the host's own name when it differs (Data Center's read-only for push)
  const named = itsKind && itsKind !== bbKind ? ` (${itsKind})` : '';
  const lines = [`id:        ${r.id}`, `kind:      ${bbKind}${named}`, `branches:  ${branchesOf(r)}`];
  if (r.value !== null) lines.push(`value:     ${r.value}`);
  if (r.users.length) lines.push(`users:     ${r.users.join(', ')}`);
  if (r.groups.length) lines.push(`groups:    ${r.groups.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
