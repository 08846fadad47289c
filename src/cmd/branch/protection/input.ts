import { BbError } from '../../../core/errors.js';
import { type BranchType, checkBranchType, type ProtectionKind, VALUE_KINDS } from '../../../provider/branch-restrictions.js';
import type { CommandInput } from '../../define.js';

/** --allow and --allow-group, the flags that say who is exempt. */
export const WHO_FLAGS = [
  {
    name: 'allow',
    type: 'list',
    valueName: 'USER',
    description: 'a user who is exempt (push, restrict-merges; every Data Center kind): Cloud {uuid} or account id, Data Center user slug',
  },
  { name: 'allow-group', type: 'list', valueName: 'GROUP', description: 'a group whose members are exempt (Cloud: group slug; Data Center: group name)' },
] as const;

export const MATCH_FLAGS = [
  {
    name: 'branch-type',
    type: 'string',
    valueName: 'TYPE',
    description: 'apply to a branch type of the branching model instead of a pattern (feature, bugfix, release, hotfix, development, production)',
  },
  { name: 'value', type: 'number', valueName: 'N', description: 'the number the kind takes (approvals, passing builds, commits behind)' },
] as const;

export function listOf(v: unknown): string[] {
  return (Array.isArray(v) ? v : []).map((x) => String(x).trim()).filter(Boolean);
}

/** The branches: a PATTERN argument or --branch-type, exactly one (null where neither is given and `required` is false). */
export function matchOf(input: CommandInput, required: boolean): { pattern: string | null; branchType: BranchType | null } {
  const pattern = typeof input.args.pattern === 'string' && input.args.pattern.trim() !== '' ? input.args.pattern.trim() : null;
  const branchType = input.flags.branchType === undefined ? null : checkBranchType(input.flags.branchType);
  if (pattern !== null && branchType !== null)
    throw new BbError('INVALID_ARGUMENT', 'give a branch PATTERN or --branch-type, not both', {
      hints: ['bb branch protection create "release/*" --kind push'],
    });
  if (required && pattern === null && branchType === null)
    throw new BbError('INVALID_ARGUMENT', 'which branches? give a PATTERN (main, release/*) or --branch-type', {
      hints: ['bb branch protection create main --kind force', 'bb branch protection create --branch-type release --kind delete'],
    });
  if (pattern !== null && /[\s\0]/.test(pattern))
    throw new BbError('INVALID_ARGUMENT', `"${pattern}" is not a branch pattern`, { hints: ['for example: main, release/*'] });
  return { pattern, branchType };
}

/** --value: a non-negative integer, only for the kinds that take one. */
export function valueFlag(input: CommandInput, kind: ProtectionKind | null): number | null {
  const v = input.flags.value;
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000)
    throw new BbError('INVALID_ARGUMENT', `--value ${String(v)} is not a number from 0 to 1000`, { hints: ['for example: --value 2'] });
  if (kind !== null && !VALUE_KINDS.has(kind))
    throw new BbError('INVALID_ARGUMENT', `--kind ${kind} takes no --value`, { hints: [`--value is for ${[...VALUE_KINDS].join(', ')}`] });
  return v;
}
