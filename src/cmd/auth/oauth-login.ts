import { describeKind } from '../../core/credentials.js';
import {
  authorizeUrl,
  canOpenBrowser,
  codeFromRedirect,
  newState,
  type OAuthEndpoints,
  oauthEndpoints,
  startLoopback,
  tokenRequest,
} from '../../auth/oauth.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { status } from '../shared/print.js';
import { LEGACY_PERMISSIONS, legacySatisfies, minimizeLegacy, permissionCheckboxes } from '../../scopes/legacy.js';
import { cloudHost } from '../../resolve/host.js';
import { hostTraits } from '../../provider/index.js';
import { PROFILES } from '../../scopes/profiles.js';

/**
 * Where the browser is sent back to when bb cannot listen for it (SSH, headless): nothing answers there, and the
 * user copies the address from the browser. Bitbucket accepts a redirect_uri that begins with the consumer's
 * callback URL, so a consumer whose callback URL is `http://127.0.0.1` serves both modes.
 */
export const PASTE_REDIRECT_URI = 'http://127.0.0.1/callback';

/** `account` always: bb verifies every login with GET /user, which needs it. */
const ALWAYS = ['account'];

export interface OAuthLoginOptions {
  clientId?: string;
  clientSecretFile?: string;
  scopes?: string[];
  profile?: string;
  /** false: paste the redirect URL instead of a loopback listener. */
  browser: boolean;
  insecure: boolean;
  /** Re-consent with a stored consumer (`bb auth refresh`). */
  reuse?: { clientId: string; clientSecret: string; endpoints: OAuthEndpoints; requested?: string[] };
}

/** The legacy scopes to ask the consumer for: --scopes names, or a profile's, minimal after implications. */
export async function requestedScopes(scopes: string[] | undefined, profile: string | undefined, fallback?: string[]): Promise<string[]> {
  let wanted: string[] = [];
  if (scopes?.length) {
    const unknown = scopes.filter((s) => !LEGACY_PERMISSIONS[s]);
    if (unknown.length) {
      throw new BbError('INVALID_ARGUMENT', `not OAuth consumer scopes: ${unknown.join(', ')}`, {
        hints: [`legacy scope names: ${Object.keys(LEGACY_PERMISSIONS).join(', ')}`, 'or pick a workflow: --profile reviewer (`bb scopes profile`)'],
      });
    }
    wanted = scopes;
  }
  if (profile) {
    const p = PROFILES.find((x) => x.name === profile);
    if (!p) throw new BbError('INVALID_ARGUMENT', `unknown profile "${profile}"`, { hints: [`profiles: ${PROFILES.map((x) => x.name).join(', ')}`] });
    const [{ resolveProfile }, { loadCommands }] = await Promise.all([import('../scopes/profile.js'), import('../scopes/output.js')]);
    wanted = [...wanted, ...resolveProfile(p, await loadCommands()).legacyScopes];
  }
  if (!scopes?.length && !profile && fallback) wanted = fallback;
  return minimizeLegacy([...wanted, ...ALWAYS]);
}

async function readSecretFile(ctx: Context, path: string): Promise<string> {
  try {
    if (path === '-') {
      const { readAll } = await import('../../util/input.js');
      return (await readAll(ctx.io.in)).trim();
    }
    const { readFileLimited } = await import('../../util/input.js');
    return readFileLimited(path).toString('utf8').trim();
  } catch (e) {
    if (e instanceof BbError && /larger than/.test(e.message)) throw e;
    throw new BbError('INPUT_READ_FAILED', `cannot read the client secret from ${path}: ${(e as Error).message}`);
  }
}

/** The consumer key and secret: flags and env first, then prompts. Never a secret as an argument. */
async function consumer(ctx: Context, opts: OAuthLoginOptions): Promise<{ clientId: string; clientSecret: string }> {
  let clientId = opts.clientId ?? ctx.env.BB_OAUTH_CLIENT_ID;
  let clientSecret = opts.clientSecretFile !== undefined ? await readSecretFile(ctx, opts.clientSecretFile) : ctx.env.BB_OAUTH_CLIENT_SECRET;
  if (!clientId && ctx.io.canPrompt) clientId = (await ctx.prompter.input('OAuth consumer key:')).trim();
  if (!clientSecret && ctx.io.canPrompt) clientSecret = (await ctx.prompter.password('OAuth consumer secret:')).trim();
  if (!clientId || !clientSecret) {
    throw new BbError('AUTH_INPUT', `no OAuth consumer ${clientId ? 'secret' : 'key'}: bb cannot prompt here`, {
      hints: ['pass --client-id KEY and --client-secret-file FILE, or set BB_OAUTH_CLIENT_ID and BB_OAUTH_CLIENT_SECRET'],
    });
  }
  return { clientId, clientSecret };
}

/** Read the first non-empty line of stdin (or ask on a terminal): the URL the browser was sent to. */
async function readRedirect(ctx: Context): Promise<string> {
  if (ctx.io.canPrompt) return ctx.prompter.input('Paste the URL your browser was redirected to:');
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: ctx.io.in as NodeJS.ReadableStream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of rl) if (line.trim()) return line;
  } finally {
    rl.close();
  }
  throw new BbError('AUTH_INPUT', 'no redirect URL on standard input');
}

/** The whole authorization-code login; returns the exit status. */
export async function oauthLogin(ctx: Context, opts: OAuthLoginOptions): Promise<number> {
  const { clientId, clientSecret } = opts.reuse ?? (await consumer(ctx, opts));
  const endpoints = opts.reuse?.endpoints ?? oauthEndpoints(ctx.env, ctx.apiUrl);
  const requested = await requestedScopes(opts.scopes, opts.profile, opts.reuse?.requested);
  // Bitbucket's consumers carry their scopes (the permission checkboxes): the authorize request cannot ask for
  // more, so bb says which boxes the consumer needs and checks the grant afterwards.
  status(ctx, `The OAuth consumer needs these permissions ticked: ${permissionCheckboxes(requested).join('; ')}`);
  status(ctx, '  and the callback URL http://127.0.0.1 (Bitbucket: Workspace settings → OAuth consumers)');

  const state = await newState();
  const useBrowser = opts.browser && canOpenBrowser(ctx.env, await ctx.config.get('browser'));
  let code: string;
  let redirectUri: string;
  if (useBrowser) {
    const loopback = await startLoopback(state);
    redirectUri = loopback.redirectUri;
    const url = authorizeUrl(endpoints, clientId, state, redirectUri);
    status(ctx, `Opening ${url}`);
    status(ctx, '  (if no browser opens, open that URL yourself; bb waits for it here)');
    const waiting = loopback.wait();
    try {
      await (await ctx.browser()).open(url);
    } catch {
      status(ctx, '! could not open a browser: open the URL above yourself');
    }
    code = await waiting;
  } else {
    redirectUri = PASTE_REDIRECT_URI;
    const url = authorizeUrl(endpoints, clientId, state, redirectUri);
    status(ctx, `Open this URL in a browser and approve bb:\n  ${url}`);
    status(ctx, 'The browser then goes to http://127.0.0.1/callback?… (the page may fail to load): copy that whole address here.');
    code = codeFromRedirect(await readRedirect(ctx), state);
  }

  const tokens = await tokenRequest(
    ctx,
    endpoints.tokenUrl,
    { id: clientId, secret: clientSecret },
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    },
  );
  const credential = { kind: 'access-token' as const, token: tokens.accessToken, source: 'oauth' };
  const cloud = cloudHost(ctx);
  const user = (await hostTraits(cloud).verifyLogin(ctx, cloud, credential)) ?? {};
  const granted = tokens.scopes ?? user.grantedScopes;
  const name = user.nickname ?? user.display_name ?? user.uuid ?? clientId;
  const where = await ctx.credentials.save(
    ctx.apiHost,
    name,
    {
      kind: 'access-token',
      token: tokens.accessToken,
      user: { display_name: user.display_name, nickname: user.nickname, uuid: user.uuid, account_id: user.account_id },
      scopes: granted,
      oauth: {
        clientId,
        clientSecret,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        tokenUrl: endpoints.tokenUrl,
        authorizeUrl: endpoints.authorizeUrl,
        requested,
      },
    },
    { insecure: opts.insecure, baseUrl: ctx.apiUrl },
  );
  status(ctx, `✓ Logged in to ${ctx.apiHost} as ${user.display_name ?? name} with an ${describeKind('access-token', true)}`);
  status(ctx, `  stored in ${where === 'keychain' ? 'the OS keychain' : ctx.credentials.path}`);
  if (granted) {
    status(ctx, `  granted scopes: ${granted.join(', ') || '(none)'}`);
    const missing = requested.filter((s) => !legacySatisfies(granted, [s]));
    if (missing.length) {
      status(ctx, `! the consumer lacks scopes bb asked for: ${missing.join(', ')}`);
      status(ctx, `  tick these boxes on the consumer, then run \`bb auth refresh\`: ${permissionCheckboxes(missing).join('; ')}`);
    }
  }
  if (ctx.env.BB_TOKEN) status(ctx, '! BB_TOKEN is set: it takes precedence over the stored login');
  return 0;
}
