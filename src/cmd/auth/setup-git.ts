import { realpathSync } from 'node:fs';
import { defineCommand } from '../define.js';
import { status } from '../../output/command-output.js';

/** The git host that serves the API's repositories: bitbucket.org for api.bitbucket.org, else the API host. */
export function gitHostFor(apiUrl: string): string {
  const api = new URL(apiUrl);
  const host = api.hostname.startsWith('api.') ? api.host.slice('api.'.length) : api.host;
  return `${api.protocol}//${host}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export default defineCommand({
  path: ['auth', 'setup-git'],
  summary: "Let git push and fetch with bb's credential",
  description:
    "Configures git (globally, or for the repository in the current directory with --local) to ask `bb auth git-credential` for the Bitbucket host, so `git push` and `git fetch` over https use the credential bb uses. Nothing secret is written to git's config: only the command to run.",
  examples: ['bb auth setup-git', '# only for the clone in the current directory', 'bb auth setup-git --local'],
  flags: [{ name: 'local', type: 'boolean', description: 'configure the repository in the current directory instead of the user' }],
  operations: [],
  async run(ctx, { flags }) {
    const scope = `credential.${gitHostFor(ctx.apiUrl)}.helper`;
    const where = flags.local ? '--local' : '--global';
    const bin = realpathSync(process.argv[1] ?? 'bb');
    // git runs `!…` helpers with the shell: quote both paths for it.
    const helper = `!${shellQuote(process.execPath)} ${shellQuote(bin)} auth git-credential`;
    // An empty helper first resets helpers configured before for this host; then ours.
    await ctx.git.run(['config', where, '--replace-all', scope, '']);
    await ctx.git.run(['config', where, '--add', scope, helper]);
    status(ctx, `✓ git now asks bb for credentials for ${gitHostFor(ctx.apiUrl)} (${flags.local ? 'this repository' : 'global config'})`);
    return 0;
  },
});
