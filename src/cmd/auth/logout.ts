import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'logout'],
  summary: 'Forget the stored login for the current host',
  description:
    'Removes the stored login — from the OS keychain and the credentials file. Bitbucket Cloud documents no endpoint to revoke an OAuth 2.0 token or an API token, so bb cannot revoke anything remotely: revoke an OAuth grant under your Bitbucket settings, and delete a token that may have leaked where it was created.',
  examples: ['bb auth logout', '# one of several accounts', 'bb auth logout --account me@example.com'],
  flags: [{ name: 'account', type: 'string', valueName: 'NAME', description: 'the account to forget (default: the active one)' }],
  operations: [],
  async run(ctx, { flags }) {
    const removed = await ctx.credentials.remove(ctx.apiHost, flags.account as string | undefined);
    if (!removed) {
      throw new BbError('AUTH_REQUIRED', `not logged in to ${ctx.apiHost}${flags.account ? ` as ${flags.account}` : ''}`, {
        hints: ctx.env.BB_TOKEN ? ['the credential in use comes from BB_TOKEN: unset it'] : ['nothing to do'],
      });
    }
    status(ctx, `✓ Logged out of ${ctx.apiHost} (${removed.name})`);
    // No revocation endpoint exists for Bitbucket Cloud OAuth 2.0 (the documented endpoints are authorize and
    // access_token only; see src/auth/oauth.ts): the grant stays until the user revokes it, or the refresh token
    // goes unused for 3 months.
    if (removed.account.oauth) status(ctx, '  the OAuth grant is not revoked (Bitbucket has no API for it): revoke it in your Bitbucket settings if needed');
    const next = (await ctx.credentials.read()).hosts[ctx.apiHost]?.active;
    if (next) status(ctx, `  active account now: ${next}`);
    if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is still set and will be used');
    return 0;
  },
});
