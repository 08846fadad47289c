import type { Credential } from '../../core/credentials.js';
import { describeKind } from '../../core/credentials.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import type { Context } from '../../context/context.js';
import { cloudHost } from '../../resolve/host.js';
import { type HostInfo, hostTraits } from '../../provider/index.js';
import { readAll } from '../../util/input.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'login'],
  summary: 'Log in to Bitbucket with an API token, an access token, or OAuth 2.0',
  description: [
    'Bitbucket Cloud takes two kinds of token. An Atlassian API token (with scopes) is used with your Atlassian account email (--email), sent as Basic. A repository, project or workspace access token is used alone, sent as Bearer.',
    'The token is never taken as an argument: bb prompts for it on a terminal, or reads it from stdin with --with-token. It is verified with GET /user and stored in the OS keychain, or in the credentials file (mode 0600) when no keychain is reachable or with --insecure-storage.',
    "With --oauth, bb logs in through an OAuth 2.0 consumer (its key and secret: --client-id and --client-secret-file, BB_OAUTH_CLIENT_ID and BB_OAUTH_CLIENT_SECRET, or prompts): your browser approves bb, which listens for the redirect on 127.0.0.1; with --no-browser (or without a display) you paste the address the browser was sent to. The token is refreshed automatically when it expires. A consumer's scopes are its permission checkboxes: bb prints the ones --scopes or --profile need, and warns when the grant lacks some.",
    'With --hostname, bb logs in to a Bitbucket Data Center instance (detected from its application properties): an HTTP access token alone (Bearer), or --username with a password or personal token (Basic).',
    'Run `bb scopes profile contributor` (or `bb scopes "<command>"`, `bb scopes --dc …`) to see which scopes to give the token.',
  ].join('\n\n'),
  examples: [
    '# prompt for the email and the token',
    'bb auth login',
    '# an API token from a file or a secret store',
    'bb auth login --email me@example.com --with-token < token.txt',
    '# an access token (no email)',
    'echo "$ACCESS_TOKEN" | bb auth login --with-token',
    '# OAuth 2.0 through a consumer, with the scopes pull request review needs',
    'bb auth login --oauth --client-id KEY --client-secret-file secret.txt --profile reviewer',
    '# a Bitbucket Data Center instance: an HTTP access token (Bearer), or --username with a password/token (Basic)',
    'bb auth login --hostname bitbucket.example.com --with-token < token.txt',
    '# over SSH: paste the redirect URL instead of a local listener',
    'bb auth login --oauth --no-browser --scopes pullrequest:write,pipeline',
  ],
  flags: [
    { name: 'with-token', type: 'boolean', description: 'read the token from standard input' },
    { name: 'email', type: 'string', valueName: 'EMAIL', description: 'Atlassian account email (makes the token an API token)' },
    { name: 'no-verify', type: 'boolean', description: 'store the token without checking it' },
    { name: 'oauth', type: 'boolean', description: 'log in through an OAuth 2.0 consumer (authorization code in the browser)' },
    { name: 'client-id', type: 'string', valueName: 'KEY', description: 'OAuth consumer key (or BB_OAUTH_CLIENT_ID)' },
    {
      name: 'client-secret-file',
      type: 'string',
      valueName: 'FILE',
      description: 'read the OAuth consumer secret from FILE (- for stdin; or BB_OAUTH_CLIENT_SECRET)',
    },
    { name: 'scopes', type: 'list', valueName: 'SCOPES', description: 'OAuth: legacy scopes bb needs (pullrequest:write,pipeline)' },
    { name: 'profile', type: 'string', valueName: 'NAME', description: 'OAuth: the scopes of a workflow profile (`bb scopes profile`)' },
    { name: 'no-browser', type: 'boolean', description: 'OAuth: print the URL and read the redirect URL back, for SSH and headless sessions' },
    {
      name: 'hostname',
      type: 'string',
      valueName: 'HOST',
      description: 'log in to this host (a Bitbucket Data Center instance is detected): host or base URL',
    },
    {
      name: 'username',
      type: 'string',
      valueName: 'NAME',
      description: 'Data Center: your username (the token is then a password or personal token, sent as Basic)',
    },
    { name: 'insecure-storage', type: 'boolean', description: 'keep the secrets in the credentials file (0600) instead of the OS keychain' },
    { name: 'setup-git', type: 'boolean', description: 'also let git push and fetch with this login, without asking (`bb auth setup-git`)' },
    { name: 'skip-setup-git', type: 'boolean', description: 'do not offer to set git up to use this login' },
  ],
  operations: ['GET /user'],
  dcOperations: ['GET /api/latest/application-properties', 'GET /api/latest/users/{userSlug}', 'GET /api/latest/projects'],
  async run(ctx, { flags }) {
    if (flags.setupGit && flags.skipSetupGit) throw new BbError('USAGE', '--setup-git and --skip-setup-git cannot be combined');
    const code = await login(ctx, flags);
    if (code !== 0) return code;
    const { offerGitSetup } = await import('./git-helper.js');
    await offerGitSetup(ctx, await loggedInHost(ctx, flags), flags);
    return 0;
  },
});

/** The host a successful login was for: the Data Center instance --hostname named, else Cloud. */
async function loggedInHost(ctx: Context, flags: Record<string, unknown>): Promise<HostInfo> {
  if (typeof flags.hostname === 'string' && flags.hostname !== '') {
    const { hostKeyOf, isCloudHostname, normalizeBaseUrl } = await import('../../resolve/host.js');
    const base = normalizeBaseUrl(flags.hostname);
    if (!isCloudHostname(new URL(base).host)) return { kind: 'dc', key: hostKeyOf(base), baseUrl: base };
  }
  return cloudHost(ctx);
}

async function login(ctx: Context, flags: Record<string, unknown>): Promise<number> {
  if (!flags.oauth && (flags.clientId || flags.clientSecretFile || flags.scopes || flags.profile || flags.browser === false)) {
    throw new BbError('USAGE', '--client-id, --client-secret-file, --scopes, --profile and --no-browser go with --oauth');
  }
  if (typeof flags.hostname === 'string' && flags.hostname !== '') {
    const { detectDc, dcLogin } = await import('./dc-login.js');
    const { isCloudHostname, normalizeBaseUrl } = await import('../../resolve/host.js');
    const base = normalizeBaseUrl(flags.hostname);
    if (!isCloudHostname(new URL(base).host)) {
      if (flags.oauth || flags.email) throw new BbError('USAGE', '--oauth and --email are for Bitbucket Cloud; on Data Center use --username');
      const found = await detectDc(ctx, base);
      if (!found)
        throw new BbError(
          'AUTH_VERIFY_FAILED',
          `${new URL(base).host} does not look like Bitbucket Data Center: GET /rest/api/latest/application-properties gave no version`,
          {
            hints: ['check the host name and its context path (for example https://host/bitbucket)'],
          },
        );
      return dcLogin(ctx, base, found, {
        username: flags.username as string | undefined,
        withToken: Boolean(flags.withToken),
        verify: flags.verify !== false,
        insecure: Boolean(flags.insecureStorage),
      });
    }
  }
  if (flags.oauth) {
    if (flags.withToken) throw new BbError('USAGE', '--oauth and --with-token cannot be combined');
    const { oauthLogin } = await import('./oauth-login.js');
    return oauthLogin(ctx, {
      clientId: flags.clientId as string | undefined,
      clientSecretFile: flags.clientSecretFile as string | undefined,
      scopes: flags.scopes as string[] | undefined,
      profile: flags.profile as string | undefined,
      browser: flags.browser !== false,
      insecure: Boolean(flags.insecureStorage),
    });
  }
  let email = (flags.email as string | undefined) ?? ctx.env.BB_EMAIL ?? ctx.env.BB_USERNAME;
  let token: string;
  if (flags.withToken) {
    token = (await readAll(ctx.io.in)).trim();
  } else if (ctx.io.canPrompt) {
    if (email === undefined) {
      email = (await ctx.prompter.input('Atlassian account email (leave empty for a repository/project/workspace access token):')).trim();
    }
    token = (await ctx.prompter.password(email ? 'API token:' : 'Access token:')).trim();
  } else {
    throw new BbError('AUTH_INPUT', 'no token: bb cannot prompt here', {
      hints: ['pipe the token in: `bb auth login --email you@example.com --with-token < token.txt`'],
    });
  }
  if (!token) throw new BbError('AUTH_INPUT', 'the token is empty');
  if (/\s/.test(token)) throw new BbError('AUTH_INPUT', 'the token contains white space', { hints: ['paste the token alone, on one line'] });
  if (email !== undefined && email !== '' && !email.includes('@')) {
    throw new BbError('AUTH_INPUT', `"${email}" is not an email address`, {
      hints: ['API tokens are used with your Atlassian account email, not your Bitbucket username'],
    });
  }
  const credential: Credential = email
    ? { kind: 'api-token', token, email, source: ctx.credentials.path }
    : { kind: 'access-token', token, source: ctx.credentials.path };
  const cloud = cloudHost(ctx);
  const user = flags.verify === false ? undefined : await hostTraits(cloud).verifyLogin(ctx, cloud, credential);
  const name = email || user?.nickname || user?.display_name || 'access-token';
  const where = await ctx.credentials.save(
    ctx.apiHost,
    name,
    {
      kind: credential.kind,
      token,
      email: email || undefined,
      user: user ? { display_name: user.display_name, nickname: user.nickname, uuid: user.uuid, account_id: user.account_id } : undefined,
    },
    { insecure: Boolean(flags.insecureStorage), baseUrl: ctx.apiUrl },
  );
  const who = user ? ` as ${user.display_name ?? user.nickname ?? name}` : '';
  status(ctx, `✓ Logged in to ${ctx.apiHost}${who} with an ${describeKind(credential.kind)}`);
  status(ctx, `  stored in ${where === 'keychain' ? 'the OS keychain' : ctx.credentials.path}`);
  if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is set: it takes precedence over the stored login');
  return 0;
}
