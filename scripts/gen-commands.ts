// Build step (run by scripts/build.mjs, output never committed): writes build/commands.generated.ts,
// the bundled CLI's replacement for src/cmd/commands.ts. It holds every command's data and its
// "Required scopes" help, and loads each command's code with its own dynamic import, so esbuild puts
// each command in a chunk of its own and startup parses none of them.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CommandDef, type CommandMeta, commandName } from '../src/cmd/define.js';
import { COMMANDS } from '../src/cmd/registry.js';
import { helpSections } from '../src/scopes/cli-hooks.js';

const root = new URL('..', import.meta.url).pathname;
const cmdDir = join(root, 'src', 'cmd');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

// Which file defines each registered command.
const moduleOf = new Map<CommandDef, string>();
for (const file of files(cmdDir)) {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (mod.default && COMMANDS.includes(mod.default as CommandDef)) moduleOf.set(mod.default as CommandDef, file);
}
const missing = COMMANDS.filter((c) => !moduleOf.has(c)).map(commandName);
if (missing.length > 0) throw new Error(`no module default-exports these registered commands: ${missing.join(', ')}`);

const meta = COMMANDS.map((def) => {
  const { run: _run, ...data } = def;
  return { ...(data as CommandMeta), help: helpSections(def) };
});
const outDir = join(root, 'build');
mkdirSync(outDir, { recursive: true });
const loaders = COMMANDS.map((def) => {
  const spec = relative(outDir, moduleOf.get(def) as string)
    .replace(/\\/g, '/')
    .replace(/\.ts$/, '.js');
  return `  ${JSON.stringify(commandName(def))}: () => import(${JSON.stringify(spec)}),`;
}).join('\n');

writeFileSync(
  join(outDir, 'commands.generated.ts'),
  `// DO NOT EDIT: generated at build time by scripts/gen-commands.ts from src/cmd/registry.ts.
import type { CommandDef, CommandMeta } from '../src/cmd/define.js';

type Meta = CommandMeta & { help: Array<{ title: string; body: string }> };

export const COMMAND_META: readonly Meta[] = JSON.parse(${JSON.stringify(JSON.stringify(meta))});

const LOADERS: Record<string, () => Promise<{ default: CommandDef }>> = {
${loaders}
};

export async function loadCommand(meta: CommandMeta): Promise<CommandDef> {
  const load = LOADERS[meta.path.join(' ')];
  if (!load) throw new Error(\`no code for command \${meta.path.join(' ')}\`);
  return (await load()).default;
}

export function helpSections(meta: CommandMeta): Array<{ title: string; body: string }> {
  return (meta as Meta).help ?? [];
}
`,
);

// Every command line whose help scripts/prerender.mjs pre-renders for bin/bb: the root, each group,
// each command and each alias of it.
const helpArgv = new Map<string, string[]>([['', []]]);
for (const def of COMMANDS) {
  for (let i = 1; i <= def.path.length; i++) helpArgv.set(def.path.slice(0, i).join(' '), def.path.slice(0, i));
  for (const alias of def.aliases ?? []) {
    const words = [...def.path.slice(0, -1), alias];
    helpArgv.set(words.join(' '), words);
  }
}
writeFileSync(join(outDir, 'help-argv.json'), `${JSON.stringify([...helpArgv.values()])}\n`);
