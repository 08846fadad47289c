import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { cloudHost, hostKeyOf, isCloudHostname, normalizeBaseUrl } from '../../resolve/host.js';
import { knownDcHosts } from '../../provider/host-git.js';
import { type HostInfo, hostTraits } from '../../provider/index.js';
import { defineCommand } from '../define.js';
import { configureGit } from './git-helper.js';

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
