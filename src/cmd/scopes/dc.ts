import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { colorize } from '../../output/iostreams.js';
import { resolveCommandArg } from '../../scopes/catalog.js';
import { CAP_NOTE, type DcNeeds, dcNeeds } from '../../scopes/dc-permissions.js';
import { type CommandMeta, commandName } from '../define.js';
import { writeJson } from './output.js';

/**
 * `bb scopes --dc "<command>" …`: what Bitbucket Data Center credentials need for the commands — the OAuth 2.0
 * (incoming link) scope and the HTTP access token permissions — from each command's `dcOperations` and the
 * permission table read from the DC spec. Loaded only with --dc, like the table itself.
 */
export async function runScopesDc(ctx: Context, commands: readonly CommandMeta[], names: string[], flags: Record<string, unknown>): Promise<number> {
  if (flags.legacy) throw new BbError('INVALID_ARGUMENT', '--dc and --legacy cannot be combined', { hints: ['--legacy names Bitbucket Cloud scopes'] });
  const { DC_OPERATIONS } = await import('../../scopes/generated/dc-operations.js');
  let defs: CommandMeta[];
  if (flags.all) {
    if (names.length > 0) throw new BbError('INVALID_ARGUMENT', '--all cannot be combined with command names');
    defs = commands.filter((c) => (c.dcOperations ?? []).length > 0);
  } else {
    if (names.length === 0)
      throw new BbError('USAGE', 'name at least one command, or pass --all', { hints: ['for example: bb scopes --dc "pr create" "pr merge"'] });
    defs = names.map((n) => resolveCommandArg(commands, n).def);
  }
  const missing = defs.filter((d) => !d.dcOperations?.length).map((d) => commandName(d));
  const perCommand = defs.map((d) => ({ command: commandName(d), needs: dcNeeds(d.dcOperations ?? [], DC_OPERATIONS) }));
  const all = dcNeeds([...new Set(defs.flatMap((d) => d.dcOperations ?? []))], DC_OPERATIONS);

  if (flags.json) {
    writeJson(ctx, {
      oauthScopes: oauthScopes(all),
      accessToken: tokenSummary(all),
      cap: CAP_NOTE,
      notMappedForDc: missing,
      commands: perCommand.map((c) => ({
        command: c.command,
        oauthScopes: oauthScopes(c.needs),
        accessToken: tokenSummary(c.needs),
        operations: c.needs.operations,
      })),
    });
    return 0;
  }
  const label = perCommand.map((c) => c.command).join(', ');
  if (!ctx.io.stdoutIsTTY) {
    // Piped: one line per credential kind, for scripts.
    ctx.io.out.write(`oauth2\t${oauthScopes(all).join(',') || '-'}\n`);
    const t = tokenSummary(all);
    ctx.io.out.write(`access-token\t${t.usable ? [t.projectPermission, t.repositoryPermission].filter(Boolean).join(',') || '-' : 'none'}\n`);
  } else {
    const b = (s: string) => colorize(ctx.io, 'bold', s);
    const lines = [b(`Bitbucket Data Center credentials for ${label}:`)];
    lines.push(`  OAuth 2.0 scope (incoming link):   ${oauthScopes(all).join(' + ') || '(none)'}`);
    const t = tokenSummary(all);
    lines.push(
      `  HTTP access token permission:      ${t.usable ? [t.projectPermission ? `project ${t.projectPermission}` : '', `repository ${t.repositoryPermission ?? '-'}`].filter(Boolean).join(', ') : 'none fits (see below)'}`,
    );
    lines.push('', b('Per operation (permission you need → scope → token permission):'));
    for (const c of perCommand) {
      lines.push(`  bb ${c.command}`);
      for (const o of c.needs.operations) {
        lines.push(`    ${o.operation}`);
        lines.push(
          o.permission === null
            ? '      permission not stated in the spec'
            : `      ${o.permission}${o.on === 'global' ? ' (global)' : o.on !== 'none' ? ` on the ${o.on}` : ''} → ${o.scope ?? '-'} → ${o.token ?? '-'}${o.ambiguous ? ` (ambiguous: ${o.ambiguous})` : ''}`,
        );
      }
    }
    for (const r of all.tokenRefused) lines.push(`note: ${r.operation}: ${r.reason}`);
    if (all.operations.some((o) => /\/merge$/.test(o.operation) && o.operation.startsWith('POST ')))
      lines.push("note: merging needs a personal HTTP access token: project and repository tokens can't merge (the merge creates a commit)");
    if (missing.length) lines.push(`note: no Data Center operations declared yet for: ${missing.join(', ')}`);
    lines.push('', `note: ${CAP_NOTE}`);
    ctx.io.out.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

function oauthScopes(n: DcNeeds): string[] {
  return [...(n.scope ? [n.scope] : []), ...(n.accountWrite ? ['ACCOUNT_WRITE'] : [])];
}

function tokenSummary(n: DcNeeds): { usable: boolean; projectPermission?: string; repositoryPermission?: string; refused: string[]; unknown: string[] } {
  return {
    usable: n.tokenRefused.length === 0,
    ...(n.projectPermission ? { projectPermission: n.projectPermission } : {}),
    ...(n.repoPermission ? { repositoryPermission: n.repoPermission } : {}),
    refused: n.tokenRefused.map((r) => `${r.operation}: ${r.reason}`),
    unknown: n.unknown,
  };
}
