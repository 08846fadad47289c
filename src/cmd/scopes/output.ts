import type { Context } from '../../context/context.js';
import { colorize } from '../../output/iostreams.js';
import { describeConditional } from '../../scopes/command-scopes.js';
import { permissionCheckboxes } from '../../scopes/legacy.js';
import type { CommandMeta } from '../define.js';

/** The command list, loaded when a `bb scopes` command runs (the registry imports this group too). */
export async function loadCommands(): Promise<readonly CommandMeta[]> {
  return (await import('../commands.js')).COMMAND_META;
}

export function writeJson(ctx: Context, data: unknown): void {
  ctx.io.out.write(`${JSON.stringify(data, null, 2)}\n`);
}

/**
 * A scope list for people and scripts. Piped: the scopes alone, one per line (for `xargs`, `paste -sd,`).
 * On a terminal: a heading, the list, and for legacy scopes the OAuth consumer's permission checkboxes.
 */
export function printScopeList(ctx: Context, heading: string, scopes: string[], legacy: boolean): void {
  if (!ctx.io.stdoutIsTTY) {
    ctx.io.out.write(scopes.map((s) => `${s}\n`).join(''));
    return;
  }
  const lines = [colorize(ctx.io, 'bold', heading)];
  lines.push(...(scopes.length ? scopes.map((s) => `  ${s}`) : ['  (none: no scope needed)']));
  if (legacy && scopes.length) {
    lines.push('', colorize(ctx.io, 'bold', 'OAuth consumer / access token permissions to tick:'), ...permissionCheckboxes(scopes).map((p) => `  ${p}`));
  }
  ctx.io.out.write(`${lines.join('\n')}\n`);
}

/** Notes on stderr: conditional rules the answer did not include. */
export function conditionalNotes(def: CommandMeta, applied: readonly unknown[]): string[] {
  return (def.conditional ?? []).filter((r) => !applied.includes(r)).map((r) => `note: bb ${def.path.join(' ')} ${describeConditional(r)}`);
}

export const VOCABULARY_NOTE =
  'granular scopes are for Atlassian API tokens (Basic, email + token); --legacy gives the names for repository/project/workspace access tokens and OAuth consumers';

/**
 * The note for a command some of whose operations only an API token can call (the spec offers them no OAuth 2.0
 * alternative, so access tokens and OAuth consumers have no scope for them): derived from the generated table, never
 * a hand-kept list.
 */
export function apiTokenOnlyNote(command: string, operations: readonly string[] | undefined): string | undefined {
  if (!operations?.length) return undefined;
  return `note: only an API token can do bb ${command}: access tokens and OAuth consumers have no scope for ${operations.join(', ')}`;
}
