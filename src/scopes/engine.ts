import { OPERATIONS } from './generated/operations.js';
import { expandLegacy, minimizeLegacy } from './legacy.js';

/**
 * Minimum scopes for a set of operations, from the table generated from the official spec.
 *
 * Granular scopes (API tokens) never imply one another, so the answer is a union; where an operation
 * offers several alternatives, the choice that keeps the total smallest wins.
 */
export function operationInfo(operation: string) {
  return OPERATIONS[operation];
}

export function isKnownOperation(operation: string): boolean {
  return Object.hasOwn(OPERATIONS, operation);
}

/** The granular scopes an operation needs (its smallest alternative), or undefined if unknown. */
export function granularForOperation(operation: string): string[] | undefined {
  const info = OPERATIONS[operation];
  if (!info) return undefined;
  if (info.granular.length === 0) return [];
  return [...(info.granular.reduce((a, b) => (b.length < a.length ? b : a)) ?? [])].sort();
}

/**
 * Smallest set of granular scopes covering every operation. Each operation is satisfied by any one of
 * its alternatives; the search tries the combinations (few: one alternative per operation in the
 * current spec) with a greedy fallback when there are too many.
 */
export function minimalGranular(operations: Iterable<string>, extra: Iterable<string> = []): string[] {
  const required = new Set<string>(extra);
  const choices: string[][][] = [];
  for (const op of new Set(operations)) {
    const info = OPERATIONS[op];
    if (!info || info.granular.length === 0) continue;
    if (info.granular.length === 1) for (const s of info.granular[0] ?? []) required.add(s);
    else choices.push(info.granular);
  }
  let best: Set<string> = required;
  const combos = choices.reduce((n, c) => n * c.length, 1);
  if (choices.length > 0 && combos <= 4096) {
    let bestSize = Number.POSITIVE_INFINITY;
    const walk = (i: number, acc: Set<string>) => {
      if (acc.size >= bestSize) return;
      if (i === choices.length) {
        best = acc;
        bestSize = acc.size;
        return;
      }
      for (const alt of choices[i] ?? []) walk(i + 1, new Set([...acc, ...alt]));
    };
    walk(0, required);
  } else if (choices.length > 0) {
    const acc = new Set(required);
    for (const alts of choices) {
      const pick = alts.reduce((a, b) => (b.filter((s) => !acc.has(s)).length < a.filter((s) => !acc.has(s)).length ? b : a));
      for (const s of pick) acc.add(s);
    }
    best = acc;
  }
  return [...best].sort();
}

/** Both vocabularies for a set of operations: granular (API tokens) and legacy (access tokens, OAuth consumers). */
export function scopesForOperations(operations: Iterable<string>): { granular: string[]; legacy: string[] } {
  const ops = [...new Set(operations)];
  return { granular: minimalGranular(ops), legacy: minimizeLegacy(ops.flatMap((op) => OPERATIONS[op]?.legacy ?? [])) };
}

/** Operations a credential holding these granular scopes can call (some alternative fully granted). */
export function operationsAllowedByGranular(granted: Iterable<string>): string[] {
  const have = new Set(granted);
  return Object.entries(OPERATIONS)
    .filter(([, info]) => info.granular.length > 0 && info.granular.some((alt) => alt.every((s) => have.has(s))))
    .map(([op]) => op);
}

/** Operations a credential holding these legacy scopes can call (implications followed). */
export function operationsAllowedByLegacy(granted: Iterable<string>): string[] {
  const have = expandLegacy(granted);
  return Object.entries(OPERATIONS)
    .filter(([, info]) => info.legacy.length > 0 && info.legacy.every((s) => have.has(s)))
    .map(([op]) => op);
}

/** The legacy scopes that allow every operation these granular scopes allow. */
export function granularToLegacy(granted: Iterable<string>): string[] {
  return scopesForOperations(operationsAllowedByGranular(granted)).legacy;
}

/** The granular scopes that allow every operation these legacy scopes allow. */
export function legacyToGranular(granted: Iterable<string>): string[] {
  return minimalGranular(operationsAllowedByLegacy(granted));
}

/**
 * The operations among these that no legacy credential can call (the spec's `security` offers them no OAuth 2.0
 * alternative: `apiTokenOnly` in the generated table): only an API token can. Sorted, each once.
 */
export function apiTokenOnlyOperations(operations: Iterable<string>): string[] {
  return [...new Set(operations)].filter((op) => OPERATIONS[op]?.apiTokenOnly === true).sort();
}
