import { BbError } from '../../core/errors.js';
import { colorize } from '../../output/iostreams.js';
import { printTable } from '../../output/table.js';
import { allReport, commandsWithoutOperations, scopesForCommands } from '../../scopes/catalog.js';
import { describeConditional } from '../../scopes/command-scopes.js';
import { permissionCheckboxes } from '../../scopes/legacy.js';
import { commandName, defineCommand } from '../define.js';
import { apiTokenOnlyNote, conditionalNotes, loadCommands, printScopeList, VOCABULARY_NOTE, writeJson } from './output.js';

export default defineCommand({
  path: ['scopes'],
  summary: 'The minimum token scopes for commands, profiles and scripts',
  description:
    'Prints the smallest set of scopes that lets all the named commands run, computed from the operations each command calls and the official OpenAPI document. Granular scopes (read:repository:bitbucket, …) are what an Atlassian API token needs; with --legacy, the names that repository/project/workspace access tokens and OAuth consumers use (repository, pullrequest:write, …), implied scopes removed, plus the permission boxes to tick. A command may carry flags when a flag changes what it needs: "webhook create --events issue:created". Without flags, the answer covers the command as usually run and notes the flags that need more. `--all` lists every command that calls the API; commands that call none (config, completion, auth token, help) and `bb api` (its operation depends on the path: use `bb scopes record`) are not listed. A command that calls an operation the official document offers no OAuth 2.0 alternative for can only run with an API token: a note says so (access tokens and OAuth consumers have no scope for it), and `--json` lists those operations as `apiTokenOnly`.',
  examples: [
    'bb scopes "pr create" "pr merge"',
    '# the names for a repository access token or an OAuth consumer',
    'bb scopes --legacy "pr create" "pr merge"',
    'bb scopes --all --json',
    '# what a script really used',
    'bb scopes record -- ./release.sh',
  ],
  args: [{ name: 'commands', description: 'command names, quoted: "pr create" (flags allowed: "webhook create --events issue:created")', variadic: true }],
  flags: [
    { name: 'json', type: 'boolean', description: 'print JSON' },
    { name: 'legacy', type: 'boolean', description: 'answer in legacy scope names (access tokens, OAuth consumers)' },
    { name: 'all', type: 'boolean', description: 'every command that calls the API' },
    { name: 'dc', type: 'boolean', description: 'Bitbucket Data Center: the OAuth 2.0 scope and HTTP access token permission, and the cap' },
  ],
  operations: [],
  async run(ctx, input) {
    const commands = await loadCommands();
    const names = (input.args.commands as string[] | undefined) ?? [];
    const legacy = Boolean(input.flags.legacy);
    if (input.flags.dc) return (await import('./dc.js')).runScopesDc(ctx, commands, names, input.flags);
    if (input.flags.all) {
      if (names.length > 0) throw new BbError('INVALID_ARGUMENT', '--all cannot be combined with command names');
      const report = allReport(commands);
      if (input.flags.json) {
        writeJson(ctx, legacy ? { ...report, legacyScopes: [...new Set(report.commands.flatMap((c) => c.legacyScopes))].sort() } : report);
        return 0;
      }
      printTable(ctx.io, report.commands, [
        { header: 'Command', value: (r) => r.command },
        { header: legacy ? 'Legacy scopes' : 'Scopes', value: (r) => (legacy ? r.legacyScopes : r.scopes).join(', ') || '-', flexible: true },
        ...(ctx.io.stdoutIsTTY
          ? [
              {
                header: legacy ? 'Scopes' : 'Legacy',
                value: (r: { scopes: string[]; legacyScopes: string[] }) => (legacy ? r.scopes : r.legacyScopes).join(', ') || '-',
                flexible: true,
              },
            ]
          : []),
      ]);
      if (ctx.io.stdoutIsTTY) {
        const none = commandsWithoutOperations(commands).map((c) => commandName(c));
        const notes = report.commands.flatMap((c) => (c.conditional ?? []).map((r) => `  bb ${c.command} ${describeConditional(r as never)}`));
        if (notes.length) ctx.io.out.write(`\n${colorize(ctx.io, 'bold', 'Flags and arguments that need more:')}\n${notes.join('\n')}\n`);
        if (none.length) ctx.io.out.write(`\nNo API call, no scope: ${none.join(', ')} (bb api: depends on the path; use \`bb scopes record\`)\n`);
      }
      return 0;
    }
    if (names.length === 0) {
      throw new BbError('USAGE', 'name at least one command, or pass --all', { hints: ['for example: bb scopes "pr create" "pr merge"'] });
    }
    const result = scopesForCommands(commands, names);
    if (input.flags.json) {
      writeJson(ctx, {
        scopes: result.scopes,
        legacyScopes: result.legacyScopes,
        permissions: permissionCheckboxes(result.legacyScopes),
        commands: result.entries.map((e) => {
          const other = (e.def.conditional ?? []).filter((r) => !e.rules.includes(r));
          return { ...e.report, ...(other.length ? { conditional: other } : {}) };
        }),
      });
      return 0;
    }
    const list = legacy ? result.legacyScopes : result.scopes;
    const label = result.entries.map((e) => e.report.command).join(', ');
    printScopeList(ctx, `${legacy ? 'Legacy scopes (access tokens, OAuth consumers)' : 'API token scopes'} for ${label}:`, list, legacy);
    for (const e of result.entries) {
      for (const note of conditionalNotes(e.def, e.rules)) ctx.io.err.write(`${note}\n`);
      const only = apiTokenOnlyNote(e.report.command, e.report.apiTokenOnly);
      if (only) ctx.io.err.write(`${only}\n`);
    }
    if (ctx.io.stdoutIsTTY) ctx.io.err.write(`${VOCABULARY_NOTE}\n`);
    return 0;
  },
});
