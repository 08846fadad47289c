import { BbError } from '../../errors.js';
import { status } from '../../output/command-output.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'logout'],
  summary: 'Forget the stored login for the current host',
  description: 'Removes the stored token from the credentials file. Revoke the token itself in Bitbucket settings if it may have leaked.',
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
    status(ctx, `✓ Logged out of ${ctx.apiHost} (${removed})`);
    if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is still set and will be used');
    return 0;
  },
});
