import { type CommandMeta, type ConditionalScopes, commandName } from '../core/command.js';
import { BbError } from '../core/errors.js';
import { argsByName, baseScopes, callsApi, commandScopes, scopesForInvocation, splitWords } from './command-scopes.js';
import { apiTokenOnlyOperations, minimalGranular } from './engine.js';
import { OPERATIONS } from './generated/operations.js';
import { expandLegacy, minimizeLegacy } from './legacy.js';
import { editDistance } from '../util/suggest.js';

/**
 * Questions about the whole command list: find a command by name, the `--all` report, which commands need a
 * scope. The command list is passed in (the registry), so this module does not import every command.
 */

export interface CommandReport {
  command: string;
  scopes: string[];
  legacyScopes: string[];
  operations: string[];
  /** The operations only an API token can call (no access token or OAuth consumer has a scope for them); only when some. */
  apiTokenOnly?: string[];
}

/** The report's `apiTokenOnly` field: present only when some operation has no legacy alternative. */
export function apiTokenOnlyField(operations: Iterable<string>): { apiTokenOnly?: string[] } {
  const only = apiTokenOnlyOperations(operations);
  return only.length > 0 ? { apiTokenOnly: only } : {};
}

export function findCommand(commands: readonly CommandMeta[], name: string): CommandMeta | undefined {
  const wanted = normalise(name);
  return commands.find((c) => commandName(c) === wanted || (c.aliases ?? []).some((a) => [...c.path.slice(0, -1), a].join(' ') === wanted));
}

function normalise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').replace(/^bb /, '');
}

/** Closest command names, for "did you mean". */
export function suggestCommands(commands: readonly CommandMeta[], name: string, max = 3): string[] {
  const wanted = normalise(name);
  const scored = commands
    .map((c) => commandName(c))
    .map((n) => ({ n, d: editDistance(n, wanted) - (n.startsWith(wanted) || wanted.startsWith(n) ? 2 : 0) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, max).map((x) => x.n);
}

/**
 * A command argument of `bb scopes` is an invocation: the command, its arguments, its flags —
 * `"webhook create --events issue:created"`, `"pr unapprove 42"`. Returns the command, its arguments (by name;
 * the words between the command and the first flag) and its flags (camelCased, lists split on commas), or throws
 * INVALID_ARGUMENT with a suggestion.
 */
export function resolveCommandArg(
  commands: readonly CommandMeta[],
  arg: string,
): { def: CommandMeta; flags: Record<string, unknown>; args: Record<string, unknown> } {
  const words = splitWords(arg.trim());
  if (words[0] === 'bb') words.shift();
  const firstFlag = words.findIndex((w) => w.startsWith('-'));
  const lead = firstFlag < 0 ? words : words.slice(0, firstFlag);
  // the longest run of leading words that names a command; the words after it are its arguments
  let n = lead.length;
  while (n > 1 && !findCommand(commands, lead.slice(0, n).join(' '))) n--;
  const def = findCommand(commands, lead.slice(0, n).join(' '));
  const nameWords = def ? lead.slice(0, n) : lead;
  if (!def) {
    const suggestions = suggestCommands(commands, nameWords.join(' '));
    throw new BbError('INVALID_ARGUMENT', `unknown command "${nameWords.join(' ') || arg}"`, {
      hints: [suggestions.length ? `did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'run `bb scopes --all` for every command'],
    });
  }
  const args = argsByName(def, lead.slice(nameWords.length));
  const flags: Record<string, unknown> = {};
  const rest = firstFlag < 0 ? [] : words.slice(firstFlag);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] as string;
    if (!w.startsWith('--')) continue;
    const [rawName, inline] = w.slice(2).split('=', 2) as [string, string | undefined];
    const key = rawName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    let value: string | true = true;
    if (inline !== undefined) value = inline;
    else if (i + 1 < rest.length && !(rest[i + 1] as string).startsWith('-')) value = rest[++i] as string;
    const items = value === true ? [] : value.split(',').filter(Boolean);
    const previous = flags[key];
    flags[key] = value === true ? true : Array.isArray(previous) ? [...previous, ...items] : items.length > 1 ? items : value;
  }
  return { def, flags, args };
}

/** `--all`: every command that calls the API, sorted by name; scopes are those of the command as usually run (baseScopes). */
export function allReport(commands: readonly CommandMeta[]): { scopes: string[]; commands: Array<CommandReport & { conditional?: unknown[] }> } {
  const rows = commands
    .filter(callsApi)
    .map((def) => {
      const s = baseScopes(def);
      const row: CommandReport & { conditional?: unknown[] } = {
        command: commandName(def),
        scopes: s.granular,
        legacyScopes: s.legacy,
        operations: s.operations,
        ...apiTokenOnlyField(s.operations),
      };
      if (def.conditional?.length) row.conditional = def.conditional.map((c) => ({ ...c }));
      return row;
    })
    .sort((a, b) => a.command.localeCompare(b.command));
  const scopes = [...new Set(rows.flatMap((r) => r.scopes))].sort();
  return { scopes, commands: rows };
}

/** Commands that call no API operation (local-only, or `bb api` whose operation depends on its argument). */
export function commandsWithoutOperations(commands: readonly CommandMeta[]): CommandMeta[] {
  return commands.filter((c) => !callsApi(c));
}

export type ScopeKind = 'granular' | 'legacy';

/** Operations of the spec that need `scope` (in one of their alternatives, or by a legacy scope it implies). */
export function operationsNeeding(scope: string, kind: ScopeKind): string[] {
  return Object.entries(OPERATIONS)
    .filter(([, info]) => (kind === 'granular' ? info.granular.some((alt) => alt.includes(scope)) : info.legacy.includes(scope)))
    .map(([op]) => op)
    .sort();
}

/**
 * Commands whose minimum set contains `scope`, and those that need it only in some invocations (flags, left-out arguments). For legacy scopes,
 * a command counts when its minimum set holds the scope or a scope that implies it.
 */
export function commandsNeeding(commands: readonly CommandMeta[], scope: string, kind: ScopeKind): { always: string[]; conditional: string[] } {
  const always: string[] = [];
  const conditional: string[] = [];
  for (const def of commands) {
    const has = (list: string[]) => (kind === 'granular' ? list.includes(scope) : expandLegacy(list).has(scope));
    const base = baseScopes(def);
    if (has(kind === 'granular' ? base.granular : base.legacy)) always.push(commandName(def));
    else {
      const max = commandScopes(def);
      if (has(kind === 'granular' ? max.granular : max.legacy)) conditional.push(commandName(def));
    }
  }
  return { always: always.sort(), conditional: conditional.sort() };
}

/** Minimum scopes for several commands (each possibly with flags) together. */
export function scopesForCommands(
  commands: readonly CommandMeta[],
  args: readonly string[],
): {
  entries: Array<{ def: CommandMeta; flags: Record<string, unknown>; args: Record<string, unknown>; rules: ConditionalScopes[]; report: CommandReport }>;
  scopes: string[];
  legacyScopes: string[];
} {
  const entries = args.map((arg) => {
    const { def, flags, args: given } = resolveCommandArg(commands, arg);
    const s = scopesForInvocation(def, flags, given);
    return {
      def,
      flags,
      args: given,
      rules: s.rules,
      report: { command: commandName(def), scopes: s.granular, legacyScopes: s.legacy, operations: s.operations, ...apiTokenOnlyField(s.operations) },
    };
  });
  const operations = entries.flatMap((e) => e.report.operations);
  const extraGranular = entries.flatMap((e) => e.rules.flatMap((r) => r.granular ?? []));
  const extraLegacy = entries.flatMap((e) => e.report.legacyScopes);
  return {
    entries,
    scopes: minimalGranular(operations, extraGranular),
    legacyScopes: minimizeLegacy([...operations.flatMap((op) => OPERATIONS[op]?.legacy ?? []), ...extraLegacy]),
  };
}
