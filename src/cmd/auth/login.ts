import type { Credential } from '../../auth/credentials.js';
import { describeKind } from '../../auth/credentials.js';
import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { defineCommand } from '../define.js';
import { readAll, verifyCredential } from './shared.js';

export default defineCommand({
  path: ['auth', 'login'],
  summary: 'Log in to Bitbucket with an API token or an access token',
  description: `An Atlassian API token (with scopes) is used with your Atlassian account email, sent as Basic.
A repository, project or workspace access token is used alone, sent as Bearer.
The token is never taken as an argument: bb prompts for it on a terminal, or reads it from stdin with
--with-token. It is verified with GET /user and stored in the credentials file (mode 0600).
Run \`bb scopes profile contributor\` (or any command) to see which scopes to give the token.`,
  examples: [
    '# prompt for the email and the token',
    'bb auth login',
    '# an API token from a file or a secret store',
    'bb auth login --email me@example.com --with-token < token.txt',
    '# an access token (no email)',
    'echo "$ACCESS_TOKEN" | bb auth login --with-token',
  ],
  flags: [
    { name: 'with-token', type: 'boolean', description: 'read the token from standard input' },
    { name: 'email', type: 'string', valueName: 'EMAIL', description: 'Atlassian account email (makes the token an API token)' },
    { name: 'no-verify', type: 'boolean', description: 'store the token without checking it' },
  ],
  operations: ['GET /user'],
  async run(ctx, { flags }) {
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
    const user = flags.verify === false ? undefined : await verifyCredential(ctx, credential);
    const name = email || user?.nickname || user?.display_name || 'access-token';
    await ctx.credentials.save(ctx.apiHost, name, {
      kind: credential.kind,
      token,
      email: email || undefined,
      user: user ? { display_name: user.display_name, nickname: user.nickname, uuid: user.uuid, account_id: user.account_id } : undefined,
    });
    const who = user ? ` as ${user.display_name ?? user.nickname ?? name}` : '';
    status(ctx, `✓ Logged in to ${ctx.apiHost}${who} with an ${describeKind(credential.kind)}`);
    status(ctx, `  stored in ${ctx.credentials.path}`);
    if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is set: it takes precedence over the stored login');
    return 0;
  },
});
