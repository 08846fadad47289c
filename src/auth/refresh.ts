/**
 * Refreshing a stored OAuth 2.0 login: one refresh at a time across bb processes (a lock file beside the
 * credentials), the new tokens persisted where the old ones were. Bitbucket rotates refresh tokens ("the existing
 * refresh token will expire shortly after"), so two processes refreshing with the same one would leave one of
 * them — or the stored login — with a dead token: the lock makes the second process reuse the first one's result.
 */
import { BbError } from '../core/errors.js';
import type { Credential } from '../core/credentials.js';
import { isExpired, type TokenRequestDeps, tokenRequest } from './oauth.js';
import type { CredentialStore } from './store.js';

/** What a refresh uses of bb's context (src/context/context.ts's Context has all of it). */
export interface RefreshDeps extends TokenRequestDeps {
  /** Key of the API host in the credentials file: the host of a login that does not name its own. */
  apiHost: string;
  credentials: Pick<CredentialStore, 'path' | 'get' | 'updateTokens'>;
}

/** A lock older than this is from a crashed process and is taken over. */
export const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 35_000;
const LOCK_POLL_MS = 50;

export function lockPath(ctx: Pick<RefreshDeps, 'credentials'>): string {
  return `${ctx.credentials.path}.lock`;
}

/** Run `fn` holding the credentials lock (created with O_EXCL; removed after, even on failure). */
export async function withCredentialsLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const fs = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await fs.open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await fs.stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) {
        await fs.rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new BbError('AUTH_INVALID', `another bb process has held ${path} for too long`, {
          hints: [`if no bb is running, delete ${path}`],
        });
      }
      // A real wait (not ctx.sleep, which tests make instant): the other process needs time to finish.
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(path, { force: true });
  }
}

/**
 * A fresh credential for the stored OAuth login `failed` came from (expired, or answered 401). Under the lock:
 * if the stored access token already differs from the failed one and is not expired, another process refreshed
 * it — use that; else spend the refresh token and persist the new pair.
 */
export async function refreshStored(ctx: RefreshDeps, failed: Credential, opts: { force?: boolean } = {}): Promise<Credential> {
  const host = failed.host ?? ctx.apiHost;
  const name = failed.account;
  if (!failed.oauth || !name) throw new BbError('AUTH_INVALID', 'this credential cannot be refreshed');
  return withCredentialsLock(lockPath(ctx), async () => {
    const current = await ctx.credentials.get(host, name);
    if (!current?.credential.oauth) {
      throw new BbError('AUTH_REQUIRED', `the OAuth login ${name} on ${host} is gone`, { hints: ['run `bb auth login --oauth`'] });
    }
    const stored = current.credential;
    const oauth = stored.oauth as NonNullable<Credential['oauth']>;
    if (!opts.force && stored.token !== failed.token && !isExpired(oauth.expiresAt, ctx.now())) return stored;
    const tokens = await tokenRequest(
      ctx,
      oauth.tokenUrl,
      { id: oauth.clientId, secret: oauth.clientSecret },
      {
        grant_type: 'refresh_token',
        refresh_token: oauth.refreshToken,
      },
    );
    await ctx.credentials.updateTokens(host, name, {
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
    });
    if (ctx.env.BB_DEBUG) ctx.io.err.write(`[bb debug] refreshed the OAuth token of ${name} on ${host}\n`);
    return {
      ...stored,
      token: tokens.accessToken,
      oauth: { ...oauth, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
    };
  });
}
