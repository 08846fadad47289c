import type { Credential } from '../../core/credentials.js';
import type { Context } from '../../context/context.js';
import { HttpTransport } from '../../api/http.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { hostKeyOf } from '../../resolve/host.js';
import { type HostInfo, hostTraits } from '../../provider/index.js';
import { readAll } from '../../util/input.js';

/**
 * Is `baseUrl` a Bitbucket Data Center instance? GET /rest/api/latest/application-properties answers anonymously
 * with `version` and `displayName` there. Returns the version, or undefined.
 */
export async function detectDc(ctx: Context, baseUrl: string): Promise<{ version: string; displayName: string } | undefined> {
  const http = new HttpTransport({ baseUrl, fetch: ctx.fetch, userAgent: `bb/${ctx.version}`, sleep: ctx.sleep, maxRetries: 1 });
  try {
    const r = await http.send(new Request(http.url('/rest/api/latest/application-properties')), {
      operation: 'GET /api/latest/application-properties',
      raw: true,
    });
    if (!r.ok) {
      await r.body?.cancel();
      return undefined;
    }
    const body = (await r.json().catch(() => undefined)) as { version?: unknown; displayName?: unknown } | undefined;
    return typeof body?.version === 'string' && typeof body.displayName === 'string' ? { version: body.version, displayName: body.displayName } : undefined;
  } catch (e) {
    if (e instanceof BbError && (e.errorName === 'NETWORK_ERROR' || e.errorName === 'TIMEOUT' || e.errorName === 'INSECURE_URL')) throw e;
    return undefined;
  }
}

/**
 * `bb auth login --hostname HOST` on Data Center: an HTTP access token (personal, project or repository; Bearer) or,
 * with --username, a password or personal token (Basic). Verified with GET /rest/api/latest/users/{userSlug} (the user
 * from --username, or from the X-AUSERNAME header DC sends on authenticated answers).
 */
export async function dcLogin(
  ctx: Context,
  baseUrl: string,
  found: { version: string; displayName: string },
  flags: { username?: string; withToken?: boolean; verify?: boolean; insecure?: boolean },
): Promise<number> {
  const key = hostKeyOf(baseUrl);
  let username = flags.username ?? ctx.env.BB_USERNAME;
  let token: string;
  if (flags.withToken) {
    token = (await readAll(ctx.io.in)).trim();
  } else if (ctx.io.canPrompt) {
    if (username === undefined) username = (await ctx.prompter.input('Username (leave empty for an HTTP access token):')).trim();
    token = (await ctx.prompter.password(username ? 'Password or personal access token:' : 'HTTP access token:')).trim();
  } else {
    throw new BbError('AUTH_INPUT', 'no token: bb cannot prompt here', {
      hints: [`pipe the token in: \`bb auth login --hostname ${key} --with-token < token.txt\``],
    });
  }
  if (!token) throw new BbError('AUTH_INPUT', 'the token is empty');
  if (/[\r\n]/.test(token)) throw new BbError('AUTH_INPUT', 'the token contains a line break', { hints: ['paste the token alone, on one line'] });
  const credential: Credential = username
    ? { kind: 'api-token', token, email: username, source: ctx.credentials.path }
    : { kind: 'access-token', token, source: ctx.credentials.path };
  const host: HostInfo = { kind: 'dc', key, baseUrl };
  const user = flags.verify === false ? undefined : await hostTraits(host).verifyLogin(ctx, host, credential);
  const name = username || user?.nickname || 'access-token';
  const where = await ctx.credentials.save(
    key,
    name,
    {
      kind: credential.kind,
      token,
      email: username || undefined,
      user: user ? { display_name: user.display_name, nickname: user.nickname, account_id: user.account_id } : undefined,
    },
    { insecure: Boolean(flags.insecure), hostKind: 'dc', baseUrl },
  );
  const how = username ? 'username and password/token (Basic)' : 'HTTP access token (Bearer)';
  status(
    ctx,
    `✓ Logged in to ${key} (${found.displayName} Data Center ${found.version})${user ? ` as ${user.display_name ?? user.nickname}` : ''} with ${username ? 'a' : 'an'} ${how}`,
  );
  status(ctx, `  stored in ${where === 'keychain' ? 'the OS keychain' : ctx.credentials.path}`);
  return 0;
}
