import { realpathSync } from 'node:fs';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { type HostInfo, hostTraits } from '../../provider/index.js';

/** Setting git up to ask bb for a host's credential (`bb auth setup-git`, and `bb auth login` after a login). */

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Make git ask `bb auth git-credential` for `host`'s origin (global config, or the clone's with `local`). Used by
 * `bb auth setup-git` and by `bb auth login` when the user accepts.
 */
export async function configureGit(ctx: Context, host: HostInfo, local: boolean): Promise<void> {
  const traits = hostTraits(host);
  const origin = traits.gitOrigin(host);
  const scope = `credential.${origin}.helper`;
  const where = local ? '--local' : '--global';
  const bin = realpathSync(process.argv[1] ?? 'bb');
  // git runs `!…` helpers with the shell: quote both paths for it.
  const helper = `!${shellQuote(process.execPath)} ${shellQuote(bin)} auth git-credential`;
  // An empty helper first resets helpers configured before for this host; then ours.
  await ctx.git.run(['config', where, '--replace-all', scope, '']);
  await ctx.git.run(['config', where, '--add', scope, helper]);
  status(ctx, `✓ git now asks bb for credentials for ${origin} (${local ? 'this repository' : 'global config'})`);
  for (const note of await traits.gitSetupNotes(ctx, host)) status(ctx, note);
}

/**
 * After a login: git is set up to use it (as `gh auth login` does) — on a terminal after asking, elsewhere with
 * --setup-git; --skip-setup-git declines. A failure here never undoes the login.
 */
export async function offerGitSetup(ctx: Context, host: HostInfo, flags: Record<string, unknown>): Promise<void> {
  if (flags.skipSetupGit) return;
  let wanted = Boolean(flags.setupGit);
  if (!wanted && ctx.io.canPrompt) wanted = await ctx.prompter.confirm('Authenticate git with this login (git push and fetch over https)?', { default: true });
  if (!wanted) {
    status(ctx, '- git is not set up to use this login: `bb auth setup-git` does it (or log in with --setup-git)');
    return;
  }
  try {
    await configureGit(ctx, host, false);
  } catch (e) {
    if (!(e instanceof BbError)) throw e;
    status(ctx, `! git was not set up: ${e.message}`);
  }
}
