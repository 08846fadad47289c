import { credentialHostAllowed, GIT_USERNAME } from '../../git/credential.js';
import { defineCommand } from '../define.js';
import { readAll } from './shared.js';

/**
 * git's credential-helper protocol (gitcredentials(7)): git writes `key=value` lines (protocol, host,
 * path…) on stdin and, for `get`, reads `username=` and `password=` back. bb answers only for the
 * API's own git host, and ignores `store` and `erase`: the token stays where bb keeps it.
 */
export default defineCommand({
  path: ['auth', 'git-credential'],
  summary: 'Act as a git credential helper (used by `bb auth setup-git`)',
  description:
    'Implements the git credential-helper protocol so git can push and fetch with the credential bb uses. git calls it; you normally do not. It answers only for the Bitbucket host bb talks to.',
  examples: ['git config --global credential.https://bitbucket.org.helper "!bb auth git-credential"'],
  args: [{ name: 'operation', description: 'get, store or erase (sent by git)', required: true }],
  operations: [],
  async run(ctx, { args }) {
    if (args.operation !== 'get') return 0;
    const fields = new Map<string, string>();
    for (const line of (await readAll(ctx.io.in)).split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
    }
    const protocol = fields.get('protocol');
    const host = fields.get('host');
    if (!protocol || !host) return 0;
    let url: URL;
    try {
      url = new URL(`${protocol}://${host}/`);
    } catch {
      return 0;
    }
    if (!credentialHostAllowed(ctx, url)) return 0;
    const credential = await ctx.credential().catch(() => undefined);
    if (!credential || /[\r\n\0]/.test(credential.token)) return 0;
    ctx.io.out.write(`protocol=${protocol}\nhost=${host}\nusername=${GIT_USERNAME[credential.kind]}\npassword=${credential.token}\n`);
    return 0;
  },
});
