import { allFlags, type CommandMeta } from '../core/command.js';

/**
 * The command tree as the completion scripts need it: for each command path (`""`, `"auth"`,
 * `"auth login"`), its subcommands and its flags. Built from the same definitions as the parser, so
 * completion never drifts from the commands.
 */
export interface CompletionFlag {
  long: string;
  short?: string;
  description: string;
  takesValue: boolean;
  choices?: readonly string[];
}

export interface CompletionNode {
  /** Space-separated path, `""` for the root. */
  path: string;
  summary: string;
  /** Subcommands by name, in order; aliases are recognised but not offered. */
  subcommands: Array<{ name: string; summary: string; alias?: boolean }>;
  flags: CompletionFlag[];
  /** Values offered for the first positional argument (`bb completion <shell>`), when it has a fixed set. */
  argChoices?: readonly string[];
}

const HELP: CompletionFlag = { long: 'help', short: 'h', description: 'show help', takesValue: false };
const VERSION: CompletionFlag = { long: 'version', short: 'v', description: 'print the version', takesValue: false };

export function completionTree(defs: readonly CommandMeta[], groupSummaries: Record<string, string> = {}): CompletionNode[] {
  const nodes = new Map<string, CompletionNode>();
  const node = (path: string): CompletionNode => {
    let n = nodes.get(path);
    if (!n) {
      n = { path, summary: groupSummaries[path] ?? '', subcommands: [], flags: path === '' ? [HELP, VERSION] : [HELP] };
      nodes.set(path, n);
    }
    return n;
  };
  const addSub = (parent: string, name: string, summary: string, alias = false) => {
    const p = node(parent);
    const existing = p.subcommands.find((s) => s.name === name);
    if (existing) {
      if (!existing.summary) existing.summary = summary;
    } else {
      p.subcommands.push({ name, summary, alias: alias || undefined });
    }
  };
  node('');
  for (const def of defs) {
    for (let i = 0; i < def.path.length; i++) {
      const parent = def.path.slice(0, i).join(' ');
      const here = def.path.slice(0, i + 1).join(' ');
      const last = i === def.path.length - 1;
      addSub(parent, def.path[i] as string, last ? def.summary : (groupSummaries[here] ?? ''));
      node(here);
    }
    const full = def.path.join(' ');
    const flags = allFlags(def)
      .filter((f) => !f.hidden)
      .map(
        (f): CompletionFlag => ({
          long: f.name,
          short: f.short,
          description: f.description,
          takesValue: (f.type ?? 'boolean') !== 'boolean',
          // `--json` takes comma-separated field names: offer them (one at a time).
          choices: f.choices ?? f.suggest ?? (f.name === 'json' && def.json ? [...def.json].sort() : undefined),
        }),
      );
    const n = node(full);
    n.summary = def.summary;
    n.flags = [...n.flags, ...flags];
    if (def.args?.[0]?.choices?.length) n.argChoices = def.args[0].choices;
    // An alias is another name for the same node: same flags, same subcommands.
    for (const alias of def.aliases ?? []) {
      const parent = def.path.slice(0, -1).join(' ');
      addSub(parent, alias, def.summary, true);
      const a = node(parent ? `${parent} ${alias}` : alias);
      a.summary = def.summary;
      a.flags = n.flags;
      a.subcommands = n.subcommands;
      a.argChoices = n.argChoices;
    }
  }
  for (const n of nodes.values()) n.subcommands.sort((a, b) => a.name.localeCompare(b.name));
  return [...nodes.values()].sort((a, b) => a.path.localeCompare(b.path));
}
