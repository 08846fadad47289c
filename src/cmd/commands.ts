/**
 * The commands as the running CLI sees them: their data (`COMMAND_META`), the code that runs each one
 * (`loadCommand`), and the extra help sections.
 *
 * From source (tests, tsx) this module is simply the registry. The build swaps it for a generated
 * module (scripts/gen-commands.ts, written into build/ and never committed) holding only the data,
 * with each command's code behind its own dynamic import, initialised only when that command runs
 * — so `bb <anything>` sets up one command, not all of them. Both modules export the same three names.
 */
import { helpSections as scopeHelpSections } from '../scopes/cli-hooks.js';
import type { CommandDef, CommandMeta } from './define.js';
import { COMMANDS } from './registry.js';

export const COMMAND_META: readonly CommandMeta[] = COMMANDS;

export async function loadCommand(meta: CommandMeta): Promise<CommandDef> {
  return meta as CommandDef;
}

export function helpSections(meta: CommandMeta): Array<{ title: string; body: string }> {
  return scopeHelpSections(meta);
}
