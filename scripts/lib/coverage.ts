// How much of the Cloud API bb reaches through named commands, for docs/scopes.md (issue 21: "bb reaches at least 75%
// of the Cloud operations that are neither deprecated nor removed — the rest listed with the reason").
import { readFileSync } from 'node:fs';
import type { CommandDef } from '../../src/cmd/define.js';
import { defaultSettings, removedOperation } from '../../src/sandbox/today.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface SpecOperation {
  operation: string;
  tag: string;
  deprecated: boolean;
  /** Why Bitbucket Cloud no longer serves it, when it does not. */
  removed?: string;
}

export function cloudOperations(specPath = 'spec/bitbucket-cloud.openapi.json'): SpecOperation[] {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as {
    paths: Record<string, Record<string, { tags?: string[]; deprecated?: boolean }>>;
  };
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const operation = `${method.toUpperCase()} ${path}`;
      const gone = removedOperation(operation, defaultSettings());
      out.push({ operation, tag: op.tags?.[0] ?? 'Other', deprecated: op.deprecated === true, removed: gone?.detail });
    }
  }
  return out;
}

/** Operations no user command should call, with the reason (they stay in the denominator and are listed). */
export function notForCommands(op: SpecOperation): string | undefined {
  if (op.tag === 'Addon') return 'Connect app lifecycle: called by an installed app with its own JWT, not with a user token';
  if (op.tag === 'properties') return 'Connect app properties: storage for an installed app, read and written by the app';
  return undefined;
}

/** Every operation some command may call: its declared operations and those of its conditional rules. */
export function reachedOperations(commands: readonly CommandDef[]): Set<string> {
  const reached = new Set<string>();
  for (const def of commands) {
    for (const op of def.operations) reached.add(op);
    for (const rule of def.conditional ?? []) for (const op of rule.operations ?? []) reached.add(op);
  }
  return reached;
}

export interface Coverage {
  total: number;
  deprecated: number;
  removed: number;
  /** Neither deprecated nor removed. */
  live: number;
  reached: number;
  byTag: { tag: string; live: number; reached: number; deprecatedOrRemoved: number }[];
  unreached: { operation: string; tag: string; reason: string }[];
}

export function coverage(commands: readonly CommandDef[], ops = cloudOperations()): Coverage {
  const reached = reachedOperations(commands);
  const live = ops.filter((o) => !o.deprecated && !o.removed);
  const tags = [...new Set(ops.map((o) => o.tag))].sort((a, b) => a.localeCompare(b));
  return {
    total: ops.length,
    deprecated: ops.filter((o) => o.deprecated).length,
    removed: ops.filter((o) => !o.deprecated && o.removed).length,
    live: live.length,
    reached: live.filter((o) => reached.has(o.operation)).length,
    byTag: tags.map((tag) => ({
      tag,
      live: live.filter((o) => o.tag === tag).length,
      reached: live.filter((o) => o.tag === tag && reached.has(o.operation)).length,
      deprecatedOrRemoved: ops.filter((o) => o.tag === tag && (o.deprecated || o.removed)).length,
    })),
    unreached: live
      .filter((o) => !reached.has(o.operation))
      .map((o) => ({ operation: o.operation, tag: o.tag, reason: notForCommands(o) ?? 'no bb command yet (`bb api` reaches it)' })),
  };
}
