import { BbError } from '../../core/errors.js';

export const STATES = ['new', 'open', 'resolved', 'on hold', 'invalid', 'duplicate', 'wontfix', 'closed'] as const;

export const KINDS = ['bug', 'enhancement', 'proposal', 'task'] as const;

export const PRIORITIES = ['trivial', 'minor', 'major', 'critical', 'blocker'] as const;

export const CLOSED_STATES = ['resolved', 'invalid', 'duplicate', 'wontfix', 'closed'] as const;

export function checkChoice(flag: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const v = String(value).toLowerCase();
  if (!allowed.includes(v)) throw new BbError('INVALID_ARGUMENT', `--${flag} ${String(value)}: not one of ${allowed.join(', ')}`);
  return v;
}
