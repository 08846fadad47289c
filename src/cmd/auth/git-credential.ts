import { gitLogin } from '../../git/credential.js';
import { gitCredentialTarget } from '../../provider/host-git.js';
import { readAll } from '../../util/input.js';
import { defineCommand } from '../define.js';

const UNSAFE = /[\r\n\0]/;

/**
 * git's credential-helper protocol (gitcredentials(7)): git writes `key=value` lines (protocol, host,
 * path…) on stdin and, for `get`, reads `username=` and `password=` back. bb answers only for a host it
 * has the credential of — Cloud's git host, or a Data Center instance it knows — with that host's own
 * credential (src/git/credential.ts's gitLogin: a username and password, or a Bearer token), and ignores `store`
 * and `erase`: the token stays where bb keeps it.
 *
 * A Bearer token (a Data Center login with an HTTP access token alone: project and repository tokens are refused
 * with a username in Basic) goes to git as `authtype=Bearer` + `credential=`, which git 2.46+ asks for with
 * `capability[]=authtype`. An older git gets nothing (and a note on stderr).
 */
export default defineCommand({
  path: ['auth', 'git-credential'],
  summary: 'Act as a git credential helper (used by `bb auth setup-git`)',
  description:
    'Implements the git credential-helper protocol so git can push and fetch with the credential bb uses. git calls it; you normally do not. It answers only for a Bitbucket host bb has a login for (Bitbucket Cloud, or a Data Center instance), with the credential of that host. On Data Center a username and password or personal access token goes to git as the username and password; an HTTP access token stored without a username is sent as a Bearer token, which needs git 2.46 or later.',
  examples: [
    'git config --global credential.https://bitbucket.org.helper "!bb auth git-credential"',
    '# a Data Center instance (what `bb auth setup-git --hostname bitbucket.example.com` writes)',
    'git config --global credential.https://bitbucket.example.com.helper "!bb auth git-credential"',
  ],
  args: [{ name: 'operation', description: 'get, store or erase (sent by git)', required: true }],
  operations: [],
  async run(ctx, { args }) {
    if (args.operation !== 'get') return 0;
    const fields = new Map<string, string>();
    const capabilities = new Set<string>();
    for (const line of (await readAll(ctx.io.in)).split('\n')) {
      const i = line.indexOf('=');
      if (i <= 0) continue;
      const key = line.slice(0, i);
      const value = line.slice(i + 1).trim();
      if (key === 'capability[]') capabilities.add(value);
      else fields.set(key, value);
    }
    const protocol = fields.get('protocol');
    const host = fields.get('host');
    if (!protocol || !host || UNSAFE.test(protocol + host)) return 0;
    let url: URL;
    try {
      url = new URL(`${protocol}://${host}/`);
    } catch {
      return 0;
    }
    const target = await gitCredentialTarget(ctx, url);
    if (!target) return 0;
    const credential = await ctx.credentialFor(target).catch(() => undefined);
    if (!credential || UNSAFE.test(credential.token)) return 0;
    const head = `protocol=${protocol}\nhost=${host}\n`;
    const login = gitLogin(target, credential);
    if (!('bearer' in login)) {
      // Basic: Cloud's static username for the token's kind, or the Data Center username
      if (!login.username || UNSAFE.test(login.username)) return 0;
      ctx.io.out.write(`${head}username=${login.username}\npassword=${login.password}\n`);
      return 0;
    }
    if (capabilities.has('authtype')) {
      // git sends `Authorization: Bearer …` itself; ephemeral: no helper keeps it
      ctx.io.out.write(`capability[]=authtype\n${head}authtype=Bearer\ncredential=${login.bearer}\nephemeral=1\n`);
      return 0;
    }
    ctx.io.err.write(
      `bb: the login for ${target.key} is an HTTP access token, which Data Center accepts over git only as a Bearer token; this git cannot take one from a credential helper (git 2.46 or later can). Log in with --username (a password or personal access token) for older git, or use \`bb repo clone\` / \`bb pr create --push\`.\n`,
    );
    return 0;
  },
});
