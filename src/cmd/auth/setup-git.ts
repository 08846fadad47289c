import { realpathSync } from 'node:fs';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { cloudHost, hostKeyOf, isCloudHostname, normalizeBaseUrl } from '../../provider/host.js';
import { knownDcHosts } from '../../provider/host-git.js';
import { type HostInfo, hostTraits } from '../../provider/index.js';
import { defineCommand } from '../define.js';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Which host to configure: --hostname (Cloud, or a Data Center instance bb has a login for); else, with --local,
 * the host the clone's remote names; else the host bb talks to (BB_HOST, the lone Data Center login, Cloud).
 */
async function targetHost(ctx: Context, hostname: string | undefined, local: boolean): Promise<HostInfo> {
  const cloud = cloudHost(ctx);
  if (hostname !== undefined) {
    const key = hostKeyOf(normalizeBaseUrl(hostname)).toLowerCase();
    if (isCloudHostname(key) || key === ctx.apiHost.toLowerCase() || key === new URL(hostTraits(cloud).gitOrigin(cloud)).host.toLowerCase()) return cloud;
    const known = (await knownDcHosts(ctx)).find((h) => h.key.toLowerCase() === key);
    if (known) return known;
    throw new BbError('AUTH_REQUIRED', `not logged in to ${key}: bb would have no credential to give git there`, {
      hints: [`log in first: bb auth login --hostname ${key}`, 'or set BB_HOST and BB_TOKEN for that host'],
    });
  }
  if (local) {
    // a Data Center remote on a known host selects that host (ctx.repo); anything else leaves ctx.host() as it is
    await ctx.repo().catch((e) => {
      if (!(e instanceof BbError)) throw e;
    });
  }
  return ctx.host();
}

export default defineCommand({
  path: ['auth', 'setup-git'],
  summary: "Let git push and fetch with bb's credential",
  description:
    "Configures git (globally, or for the repository in the current directory with --local) to ask `bb auth git-credential` for the Bitbucket host, so `git push` and `git fetch` over https use the credential bb uses. Nothing secret is written to git's config: only the command to run. The host is Bitbucket Cloud, or a Data Center instance: --hostname names one bb has a login for; without it, --local takes the host of the clone's remote, else the host bb talks to (BB_HOST, or the only stored login when it is a Data Center one). A Data Center login with an HTTP access token alone (Bearer) needs git 2.46 or later to be used this way.",
  examples: [
    'bb auth setup-git',
    '# only for the clone in the current directory',
    'bb auth setup-git --local',
    '# a Data Center instance',
    'bb auth setup-git --hostname bitbucket.example.com',
  ],
  flags: [
    { name: 'local', type: 'boolean', description: 'configure the repository in the current directory instead of the user' },
    { name: 'hostname', type: 'string', valueName: 'HOST', description: 'the Bitbucket host: a Data Center instance bb has a login for, or bitbucket.org' },
  ],
  operations: [],
  async run(ctx, { flags }) {
    const hostname = typeof flags.hostname === 'string' && flags.hostname !== '' ? flags.hostname : undefined;
    const host = await targetHost(ctx, hostname, Boolean(flags.local));
    await configureGit(ctx, host, Boolean(flags.local));
    return 0;
  },
});

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
