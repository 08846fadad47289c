/**
 * The command tree is the source of truth for the parser, help, docs, completion and scopes, so it
 * must be complete and correct: every declared operation exists in the spec, every command module is
 * registered, every command is documented, and `--help` never touches the network.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { type CommandDef, commandName } from '../src/cmd/define.js';
import { COMMANDS } from '../src/cmd/registry.js';
import { OPERATIONS } from '../src/scopes/generated/operations.js';
import { runBb } from './support/run.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('every declared operation exists in the spec', () => {
  const missing: string[] = [];
  for (const def of COMMANDS) {
    const ops = [...def.operations, ...(def.conditional ?? []).flatMap((c) => c.operations ?? [])];
    for (const op of ops) if (!Object.hasOwn(OPERATIONS, op)) missing.push(`bb ${commandName(def)}: ${op}`);
  }
  assert.deepEqual(missing, []);
});

test('every command module under src/cmd is registered', async () => {
  const registered = new Set<CommandDef>(COMMANDS);
  const unregistered: string[] = [];
  for (const file of files(join(root, 'src/cmd'))) {
    // cheap filter first: only modules that default-export a defineCommand(...)
    if (!/export default defineCommand\(/.test(readFileSync(file, 'utf8'))) continue;
    const mod = (await import(pathToFileURL(file).href)) as { default?: CommandDef };
    if (!mod.default || !registered.has(mod.default)) unregistered.push(relative(root, file));
  }
  assert.deepEqual(unregistered, [], 'add these to src/cmd/registry.ts');
});

test('command paths are unique and every command has a summary and an example', () => {
  const names = COMMANDS.map(commandName);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
  );
  const problems: string[] = [];
  for (const def of COMMANDS) {
    if (!def.summary?.trim()) problems.push(`bb ${commandName(def)}: no summary`);
    if (!def.examples.some((e) => e.trim() && !e.startsWith('#'))) problems.push(`bb ${commandName(def)}: no example`);
    if (def.dynamicOperations && def.operations.length > 0) problems.push(`bb ${commandName(def)}: dynamicOperations with operations`);
  }
  assert.deepEqual(problems, []);
});

test('--help of every command exits 0, shows Examples and touches no network', async () => {
  let fetches = 0;
  const failingFetch = (async (input: string | URL | Request) => {
    fetches++;
    throw new Error(`--help must not fetch ${String(input)}`);
  }) as typeof fetch;
  for (const def of COMMANDS) {
    const r = await runBb([...def.path, '--help'], { fetch: failingFetch, env: { BB_TOKEN: undefined } });
    assert.equal(r.code, 0, `bb ${commandName(def)} --help: ${r.stderr}`);
    assert.equal(r.stderr, '', `bb ${commandName(def)} --help wrote to stderr`);
    assert.match(r.stdout, new RegExp(`Usage: bb ${def.path.join(' ')}`), `bb ${commandName(def)} --help`);
    assert.match(r.stdout, /\nExamples:\n/, `bb ${commandName(def)} --help shows Examples`);
  }
  const top = await runBb(['--help'], { fetch: failingFetch });
  assert.equal(top.code, 0);
  assert.equal(fetches, 0);
});
