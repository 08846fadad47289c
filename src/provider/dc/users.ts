import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';

/**
 * Who the credential acts for. Basic logins name the user; for a Bearer token bb asks the instance: DC answers every
 * authenticated request with the `X-AUSERNAME` header (the spec has no "current user" operation).
 */
export async function dcWhoami(ctx: Context): Promise<string> {
  const cred = await ctx.credential();
  if (cred.kind === 'api-token' && cred.email) return cred.email;
  if (cred.host && cred.account) {
    const stored = await ctx.credentials.get(cred.host, cred.account);
    const nick = stored?.account.user?.nickname;
    if (nick) return nick;
  }
  const http = await ctx.http();
  const url = http.url('/rest/api/latest/application-properties');
  const response = await http.send(new Request(url), { operation: 'GET /api/latest/application-properties' });
  await response.body?.cancel();
  const name = response.headers.get('x-ausername');
  if (!name)
    throw new BbError('AUTH_REQUIRED', 'cannot tell which user this token belongs to: the server sent no X-AUSERNAME', {
      hints: ['log in with your username: `bb auth login --hostname HOST --username NAME --with-token`'],
    });
  return name;
}
