import { BbError } from '../../core/errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'refresh'],
  summary: 'Approve an OAuth login again, for new scopes or a revoked grant',
  description:
    "Runs the OAuth 2.0 authorization again with the stored consumer, so you can approve the scopes the consumer now has (after ticking more permission boxes) — Bitbucket consumers' scopes are their checkboxes, so re-consenting is how a login gains scopes. --scopes or --profile change the scopes bb checks the grant against. Access tokens themselves are refreshed automatically when they expire; this command is for a new consent. Only OAuth logins can be refreshed: other tokens are replaced with `bb auth login`.",
  examples: [
    'bb auth refresh',
    '# after ticking "Pipelines: Write" on the consumer',
    'bb auth refresh --scopes pipeline:write',
    'bb auth refresh --no-browser',
  ],
  flags: [
    { name: 'account', type: 'string', valueName: 'NAME', description: 'the account to refresh (default: the active one)' },
    { name: 'scopes', type: 'list', valueName: 'SCOPES', description: 'legacy scopes bb needs (default: those asked for at login)' },
    { name: 'profile', type: 'string', valueName: 'NAME', description: 'the scopes of a workflow profile (`bb scopes profile`)' },
    { name: 'no-browser', type: 'boolean', description: 'print the URL and read the redirect URL back, for SSH and headless sessions' },
    { name: 'insecure-storage', type: 'boolean', description: 'keep the secrets in the credentials file (0600) instead of the OS keychain' },
  ],
  operations: ['GET /user'],
  async run(ctx, { flags }) {
    const stored = await ctx.credentials.get(ctx.apiHost, flags.account as string | undefined);
    if (!stored) {
      throw new BbError('AUTH_REQUIRED', `not logged in to ${ctx.apiHost}${flags.account ? ` as ${flags.account}` : ''}`, {
        hints: ['run `bb auth login --oauth`'],
      });
    }
    const oauth = stored.credential.oauth;
    if (!oauth) {
      throw new BbError('AUTH_INPUT', `${stored.name} is not an OAuth login: nothing to refresh`, {
        hints: ['API and access tokens are replaced with `bb auth login`; their scopes are chosen when they are created'],
      });
    }
    const { oauthLogin } = await import('./oauth-login.js');
    return oauthLogin(ctx, {
      scopes: flags.scopes as string[] | undefined,
      profile: flags.profile as string | undefined,
      browser: flags.browser !== false,
      insecure: Boolean(flags.insecureStorage) || stored.credential.source !== 'keychain',
      reuse: {
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        endpoints: { authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl },
        requested: oauth.requested,
      },
    });
  },
});
