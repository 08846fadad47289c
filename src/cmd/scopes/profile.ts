import { BbError } from '../../core/errors.js';
import { colorize } from '../../output/iostreams.js';
import { printTable } from '../../output/table.js';
import { findCommand } from '../../scopes/catalog.js';
import { apiTokenOnlyOperations, scopesForOperations } from '../../scopes/engine.js';
import { permissionCheckboxes } from '../../scopes/legacy.js';
import { PROFILES, type Profile } from '../../scopes/profiles.js';
import { baseScopes } from '../../scopes/command-scopes.js';
import type { CommandMeta } from '../define.js';
import { defineCommand } from '../define.js';
import { apiTokenOnlyNote, loadCommands, printScopeList, writeJson } from './output.js';

/** A profile's scopes, computed from the commands it names that exist; the others are reported as missing. */
export function resolveProfile(profile: Profile, commands: readonly CommandMeta[]) {
  const found = profile.commands.map((name) => ({ name, def: findCommand(commands, name) }));
  const present = found.filter((f): f is { name: string; def: CommandMeta } => f.def !== undefined);
  const operations = present.flatMap((f) => baseScopes(f.def).operations);
  const s = scopesForOperations(operations);
  const apiTokenOnly = present
    .map((f) => ({ command: f.name, operations: apiTokenOnlyOperations(baseScopes(f.def).operations) }))
    .filter((c) => c.operations.length > 0);
  return {
    profile: profile.name,
    summary: profile.summary,
    scopes: s.granular,
    legacyScopes: s.legacy,
    permissions: permissionCheckboxes(s.legacy),
    commands: present.map((f) => f.name),
    missingCommands: found.filter((f) => !f.def).map((f) => f.name),
    // the profile's commands only an API token can run (some operation has no OAuth 2.0 alternative); only when some
    ...(apiTokenOnly.length > 0 ? { apiTokenOnly } : {}),
  };
}

export default defineCommand({
  path: ['scopes', 'profile'],
  summary: 'Scopes for a built-in workflow profile (read-only, reviewer, contributor, …)',
  description:
    'A profile is a list of bb commands for a common job; its scopes are computed from those commands, never listed by hand. Without a name, lists the profiles. Commands a profile names that this bb does not have are skipped, with a note. Another note names the commands only an API token can run (an operation without an OAuth 2.0 alternative in the official document; `apiTokenOnly` in --json).',
  examples: ['bb scopes profile', 'bb scopes profile reviewer', 'bb scopes profile ci-status --legacy', 'bb scopes profile maintainer --json'],
  args: [{ name: 'name', description: 'profile name', choices: PROFILES.map((p) => p.name) }],
  flags: [
    { name: 'json', type: 'boolean', description: 'print JSON' },
    { name: 'legacy', type: 'boolean', description: 'answer in legacy scope names (access tokens, OAuth consumers)' },
  ],
  operations: [],
  async run(ctx, input) {
    const commands = await loadCommands();
    const name = input.args.name as string | undefined;
    if (!name) {
      const all = PROFILES.map((p) => resolveProfile(p, commands));
      if (input.flags.json) {
        writeJson(ctx, { profiles: all });
        return 0;
      }
      printTable(ctx.io, all, [
        { header: 'Profile', value: (p) => p.profile },
        { header: 'Summary', value: (p) => p.summary, flexible: true },
        { header: 'Scopes', value: (p) => String(input.flags.legacy ? p.legacyScopes.length : p.scopes.length) },
      ]);
      return 0;
    }
    const profile = PROFILES.find((p) => p.name === name);
    if (!profile) {
      throw new BbError('INVALID_ARGUMENT', `unknown profile "${name}"`, { hints: [`profiles: ${PROFILES.map((p) => p.name).join(', ')}`] });
    }
    const r = resolveProfile(profile, commands);
    if (input.flags.json) {
      writeJson(ctx, r);
      return 0;
    }
    const legacy = Boolean(input.flags.legacy);
    printScopeList(
      ctx,
      `${profile.name}: ${profile.summary}\n${legacy ? 'Legacy scopes (access tokens, OAuth consumers)' : 'API token scopes'}:`,
      legacy ? r.legacyScopes : r.scopes,
      legacy,
    );
    if (ctx.io.stdoutIsTTY) ctx.io.out.write(`\n${colorize(ctx.io, 'bold', 'Commands:')} ${r.commands.join(', ') || '(none available yet)'}\n`);
    for (const c of r.apiTokenOnly ?? []) ctx.io.err.write(`${apiTokenOnlyNote(c.command, c.operations)}\n`);
    if (r.missingCommands.length) ctx.io.err.write(`note: skipped, not in this bb: ${r.missingCommands.join(', ')}\n`);
    return 0;
  },
});
