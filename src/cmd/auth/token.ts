import { BbError } from '../../core/errors.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'token'],
  summary: 'Print the token bb uses',
  description:
    'Prints the token of the credential in use (BB_TOKEN, else the active stored login; --account picks another stored one) to stdout, for other tools. An expired OAuth token is refreshed first. Handle the output as a secret.',
  examples: ['bb auth token', 'curl -H "Authorization: Bearer $(bb auth token)" …', 'bb auth token --account ada'],
  flags: [{ name: 'account', type: 'string', valueName: 'NAME', description: 'a stored account instead of the one in use' }],
  operations: [],
  async run(ctx, { flags }) {
    const name = flags.account as string | undefined;
    let token: string;
    if (name === undefined) {
      token = (await ctx.credential()).token;
    } else {
      const stored = await ctx.credentials.get(ctx.apiHost, name);
      if (!stored) throw new BbError('AUTH_REQUIRED', `no account "${name}" on ${ctx.apiHost}`);
      let credential = stored.credential;
      const { isExpired } = await import('../../auth/oauth.js');
      if (credential.oauth && isExpired(credential.oauth.expiresAt, ctx.now())) {
        const { refreshStored } = await import('../../auth/refresh.js');
        credential = await refreshStored(ctx, credential);
      }
      token = credential.token;
    }
    ctx.io.out.write(`${token}\n`);
    return 0;
  },
});
