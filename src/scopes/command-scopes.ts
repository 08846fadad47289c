import { type CommandMeta, type ConditionalScopes, camel } from '../cmd/define.js';
import { granularForOperation, minimalGranular } from './engine.js';
import { OPERATIONS } from './generated/operations.js';
import { minimizeLegacy } from './legacy.js';

/** What one invocation (or, without flags, the whole command at most) needs. */
export interface CommandScopes {
  operations: string[];
  granular: string[];
  legacy: string[];
}

function compute(def: CommandMeta, rules: readonly ConditionalScopes[]): CommandScopes {
  const operations = [...new Set([...def.operations, ...rules.flatMap((c) => c.operations ?? [])])].sort();
  const granular = minimalGranular(
    operations,
    rules.flatMap((c) => c.granular ?? []),
  );
  const legacy = minimizeLegacy([...operations.flatMap((op) => OPERATIONS[op]?.legacy ?? []), ...rules.flatMap((c) => c.legacy ?? [])]);
  return { operations, granular, legacy };
}

/** The scopes one command needs at most: every declared operation and every conditional rule. */
export function commandScopes(def: CommandMeta): CommandScopes {
  return compute(def, def.conditional ?? []);
}

/** Only the unconditional part: the operations the command always may call. */
export function baseScopes(def: CommandMeta): CommandScopes {
  return compute(def, []);
}

export function commandGranular(def: CommandMeta): string[] {
  return commandScopes(def).granular;
}

export function commandLegacy(def: CommandMeta): string[] {
  return commandScopes(def).legacy;
}

/**
 * Does a conditional rule apply to this invocation? A flag rule without `values` applies when the flag is set at all
 * (true, a string, a non-empty list); with `values`, when the flag's value — or any item of a list — equals one of
 * them (a value ending in `*` matches by prefix: `issue:*`). Flags are camelCased, as commands read them. An
 * argument rule applies when the invocation's arguments are known (`args`) and leave that one out; without `args`
 * (the command as documented, with its arguments) it does not.
 */
export function ruleApplies(rule: ConditionalScopes, flags: Record<string, unknown>, args?: Record<string, unknown>): boolean {
  if (rule.withoutArg !== undefined) {
    if (!args) return false;
    const given = args[rule.withoutArg];
    return given === undefined || given === '' || (Array.isArray(given) && given.length === 0);
  }
  const value = flags[camel(rule.flag ?? '')];
  if (value === undefined || value === false || value === null) return false;
  const items = Array.isArray(value) ? value.map(String) : [String(value)];
  if (items.length === 0) return false;
  if (!rule.values) return true;
  return items.some((item) => rule.values?.some((v) => (v.endsWith('*') ? item.startsWith(v.slice(0, -1)) : item === v)));
}

/** The scopes this invocation needs: the declared operations plus the conditional rules its flags (and arguments) switch on. */
export function scopesForInvocation(
  def: CommandMeta,
  flags: Record<string, unknown>,
  args?: Record<string, unknown>,
): CommandScopes & { rules: ConditionalScopes[] } {
  const rules = (def.conditional ?? []).filter((r) => ruleApplies(r, flags, args));
  return { ...compute(def, rules), rules };
}

/** One line per conditional rule, for `bb scopes` and help: `with --events issue:*: also issue (legacy) — source`. */
export function describeConditional(rule: ConditionalScopes): string {
  const when = rule.withoutArg !== undefined ? `no ${rule.withoutArg} argument` : rule.values ? `--${rule.flag} ${rule.values.join('|')}` : `--${rule.flag}`;
  const parts: string[] = [];
  if (rule.operations?.length) {
    const granular = minimalGranular(rule.operations, rule.granular ?? []);
    const legacy = minimizeLegacy([...rule.operations.flatMap((op) => OPERATIONS[op]?.legacy ?? []), ...(rule.legacy ?? [])]);
    parts.push(`calls ${rule.operations.join(', ')} (${granular.join(', ') || 'no granular scope'}; legacy ${legacy.join(', ') || 'none'})`);
  } else {
    if (rule.granular?.length) parts.push(`also ${rule.granular.join(', ')}`);
    if (rule.legacy?.length) parts.push(`also ${rule.legacy.join(', ')} (legacy)`);
  }
  return `with ${when}: ${parts.join('; ') || 'nothing more'} [${rule.source}]`;
}

/** Commands that call the API: every one with declared operations. `bb api` (dynamic) and local ones are not. */
export function callsApi(def: CommandMeta): boolean {
  return def.operations.length > 0 || (def.conditional ?? []).some((c) => (c.operations?.length ?? 0) > 0);
}

export { granularForOperation };
