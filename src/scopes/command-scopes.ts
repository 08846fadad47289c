import { type CommandMeta, type ConditionalScopes, camel } from '../core/command.js';
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

/**
 * The command as usually run: its first example's arguments, no flags (the `--all` report, the help's "API token"
 * line). Rules on argument values judge that example's values (`pr reviewers add 42 alice bob`: users by name).
 */
export function baseScopes(def: CommandMeta): CommandScopes {
  return compute(def, applicableRules(def, {}, usualArgs(def)));
}

export function commandGranular(def: CommandMeta): string[] {
  return commandScopes(def).granular;
}

export function commandLegacy(def: CommandMeta): string[] {
  return commandScopes(def).legacy;
}

function given(value: unknown): string[] {
  if (value === undefined || value === false || value === null) return [];
  const items = Array.isArray(value) ? value.map(String) : [String(value)];
  return items.filter((item) => item !== '');
}

function matches(rule: ConditionalScopes, item: string): boolean {
  if (!rule.values && rule.pattern === undefined) return true;
  if (rule.values?.some((v) => (v.endsWith('*') ? item.startsWith(v.slice(0, -1)) : item === v))) return true;
  return rule.pattern !== undefined && new RegExp(`^(?:${rule.pattern})$`, 'i').test(item.trim());
}

/**
 * Does a conditional rule apply to this invocation? A flag rule applies when the flag is set (true, a string, a
 * non-empty list) and, with `values` or `pattern`, when its value — or any item of a list — matches (a value ending in
 * `*` matches by prefix: `issue:*`). Flags are camelCased, as commands read them. An argument rule (`arg`) applies
 * when that argument is given and matches the same way; a `withoutArg` rule when the invocation's arguments are known
 * (`args`) and leave that one out. Without `args` (the arguments unknown) no argument rule applies.
 */
export function ruleApplies(rule: ConditionalScopes, flags: Record<string, unknown>, args?: Record<string, unknown>): boolean {
  if (rule.withoutArg !== undefined) {
    if (!args) return false;
    return given(args[rule.withoutArg]).length === 0;
  }
  if (rule.arg !== undefined) {
    if (!args) return false;
    return given(args[rule.arg]).some((item) => matches(rule, item));
  }
  const value = flags[camel(rule.flag ?? '')];
  if (value === true) return !rule.values && rule.pattern === undefined;
  return given(value).some((item) => matches(rule, item));
}

/** Split a command line as a shell would, for the simple quoting examples use (`"{6a1f…}"`, 'a b'). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The positional words of an invocation by argument name (a variadic argument takes the rest). */
export function argsByName(def: CommandMeta, positional: readonly string[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  (def.args ?? []).forEach((a, i) => {
    args[a.name] = a.variadic ? positional.slice(i) : positional[i];
  });
  return args;
}

/**
 * The arguments of the command's first example (`bb pr reviewers add 42 alice bob` → pr 42, users alice bob), or
 * undefined when it has none (then no argument rule applies to the command as usually run).
 */
export function usualArgs(def: CommandMeta): Record<string, unknown> | undefined {
  const prefix = ['bb', ...def.path];
  for (const line of def.examples) {
    if (line.trim().startsWith('#')) continue;
    const words = splitWords(line.trim());
    if (prefix.some((w, i) => words[i] !== w)) continue;
    const rest = words.slice(prefix.length);
    const firstFlag = rest.findIndex((w) => w.startsWith('-'));
    return argsByName(def, firstFlag < 0 ? rest : rest.slice(0, firstFlag));
  }
  return undefined;
}

/**
 * The rules this invocation switches on. A required argument the invocation leaves out (a `bb scopes` query that
 * names the command alone) takes its value from the command's first example: the answer is for the usual form.
 */
export function applicableRules(def: CommandMeta, flags: Record<string, unknown>, args?: Record<string, unknown>): ConditionalScopes[] {
  let judged = args;
  if (args) {
    const usual = usualArgs(def);
    judged = { ...args };
    for (const a of def.args ?? []) if (a.required && given(args[a.name]).length === 0) judged[a.name] = usual?.[a.name];
  }
  return (def.conditional ?? []).filter((r) => ruleApplies(r, flags, judged));
}

/** The scopes this invocation needs: the declared operations plus the conditional rules its flags and arguments switch on. */
export function scopesForInvocation(
  def: CommandMeta,
  flags: Record<string, unknown>,
  args?: Record<string, unknown>,
): CommandScopes & { rules: ConditionalScopes[] } {
  const rules = applicableRules(def, flags, args);
  return { ...compute(def, rules), rules };
}

/** When a rule applies, for people: `--events issue:*`, `users @me`, `users NAME`, `no pr argument`. */
export function describeWhen(rule: ConditionalScopes): string {
  if (rule.withoutArg !== undefined) return `no ${rule.withoutArg} argument`;
  const subject = rule.arg !== undefined ? `${rule.arg} argument` : `--${rule.flag}`;
  const value = [...(rule.values ?? []), ...(rule.pattern !== undefined ? [rule.patternLabel ?? 'VALUE'] : [])].join('|');
  return value ? `${subject} ${value}` : subject;
}

/** One line per conditional rule, for `bb scopes` and help: `with --events issue:*: also issue (legacy) [source]`. */
export function describeConditional(rule: ConditionalScopes): string {
  const parts: string[] = [];
  if (rule.operations?.length) {
    const granular = minimalGranular(rule.operations, rule.granular ?? []);
    const legacy = minimizeLegacy([...rule.operations.flatMap((op) => OPERATIONS[op]?.legacy ?? []), ...(rule.legacy ?? [])]);
    parts.push(`calls ${rule.operations.join(', ')} (${granular.join(', ') || 'no granular scope'}; legacy ${legacy.join(', ') || 'none'})`);
  } else {
    if (rule.granular?.length) parts.push(`also ${rule.granular.join(', ')}`);
    if (rule.legacy?.length) parts.push(`also ${rule.legacy.join(', ')} (legacy)`);
  }
  return `with ${describeWhen(rule)}: ${parts.join('; ') || 'nothing more'} [${rule.source}]`;
}

/** Commands that call the API: every one with declared operations. `bb api` (dynamic) and local ones are not. */
export function callsApi(def: CommandMeta): boolean {
  return def.operations.length > 0 || (def.conditional ?? []).some((c) => (c.operations?.length ?? 0) > 0);
}

export { granularForOperation };
