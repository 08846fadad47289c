import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SandboxEvents } from './events.js';
import { FaultInjector } from './faults.js';
import { BareRepo } from './git.js';
import type { Sandbox } from './handlers/types.js';
import { RepoSizes } from './repo-size.js';
import { runSeed } from './seed.js';
import { configureOAuth } from './oauth.js';
import { SandboxServer } from './server.js';
import { Store } from './state.js';
import { defaultSettings } from './today.js';
import { Urls } from './wire.js';
import type { DcSandboxHandle } from './dc/index.js';

/**
 * Start a sandbox in this process. `bb sandbox` and tests both use this; see README.md.
 */
export interface SandboxOptions {
  /** `cloud` (default) or `dc`: a Bitbucket Data Center sandbox (src/sandbox/dc/). */
  kind?: 'cloud' | 'dc';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Persist the model and the git repositories here; without it, a temp dir removed on close. */
  stateDir?: string;
  /** Seed for a new state: `demo` (default) or `empty`. Ignored when --state already holds data. */
  seed?: string;
  latencyMs?: number;
  /** `429=0.1,500=0.05,reset=0.01` */
  faults?: string;
  faultSeed?: number;
  /** Lifetime of OAuth access tokens in seconds (default 3600, as Bitbucket's). */
  oauthExpirySeconds?: number;
  /** Keep the APIs Bitbucket Cloud removed in 2026: the issue tracker and the cross-workspace listings (default: 410 Gone, as today). */
  legacy?: boolean;
  /** Requests to /2.0/repositories/* per user per rolling hour (default 1,000,000); over it, 429. */
  rateLimitPerHour?: number;
  /** Entries the request log (`GET /_sandbox/requests`) keeps, the latest (default 10,000); older ones are dropped and counted. */
  requestLogSize?: number;
  /** Internal errors (bugs), for logging. */
  onError?: (e: unknown) => void;
  /**
   * Append every JSON answer of the API (operation, status, body as sent) to this file, one JSON line each: the test
   * suite checks them against the spec's response schemas (test/support/conformance.ts). Testing only: it grows.
   */
  responseLog?: string;
}

export interface SandboxHandle {
  /** API base: `http://127.0.0.1:PORT/2.0`. */
  url: string;
  /** Admin base: `http://127.0.0.1:PORT/_sandbox`. */
  admin: string;
  email: string;
  /** Holds every scope (granular and legacy). */
  token: string;
  port: number;
  stateDir: string;
  sandbox: Sandbox;
  server: SandboxServer;
  close(): Promise<void>;
}

export function startSandbox(opts: SandboxOptions & { kind: 'dc' }): Promise<DcSandboxHandle>;
export function startSandbox(opts?: SandboxOptions & { kind?: 'cloud' }): Promise<SandboxHandle>;
export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle | DcSandboxHandle> {
  if (opts.kind === 'dc') return (await import('./dc/index.js')).startDcSandbox(opts);
  const persistent = opts.stateDir !== undefined;
  const dir = persistent ? resolve(opts.stateDir as string) : await mkdtemp(join(tmpdir(), 'bb-sandbox-'));
  await mkdir(join(dir, 'git'), { recursive: true, mode: 0o700 });
  const { store, loaded } = await Store.open(dir, persistent);
  const faults = new FaultInjector({ faults: opts.faults, latencyMs: opts.latencyMs, seed: opts.faultSeed });
  const sb: Sandbox = {
    store,
    urls: new Urls('http://127.0.0.1'),
    now: () => new Date(),
    git: (repo) => new BareRepo(store.gitDir(repo)),
    events: new SandboxEvents(),
    sizes: new RepoSizes(),
    settings: { ...defaultSettings(), ...(opts.legacy ? { legacy: true } : {}), ...(opts.rateLimitPerHour ? { rateLimitPerHour: opts.rateLimitPerHour } : {}) },
  };
  const server = new SandboxServer(sb, faults, opts.onError, opts.requestLogSize, opts.responseLog);
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
    sb.urls = new Urls(`http://127.0.0.1:${port}`);
    if (!loaded) await runSeed(sb, opts.seed ?? 'demo');
  } catch (e) {
    await server.close().catch(() => {});
    if (!persistent) await rm(dir, { recursive: true, force: true });
    throw e;
  }
  if (opts.oauthExpirySeconds !== undefined) configureOAuth(sb, { expiresIn: opts.oauthExpirySeconds });
  const primary = store.data.primaryUser ? store.data.users[store.data.primaryUser] : undefined;
  if (!primary) throw new Error('the sandbox state has no primary user');
  const token = store.mintToken(primary.uuid, 'all', [], sb.now());
  await store.save();

  let closed: Promise<void> | undefined;
  return {
    url: sb.urls.apiBase,
    admin: sb.urls.html('/_sandbox'),
    email: primary.email,
    token,
    port,
    stateDir: dir,
    sandbox: sb,
    server,
    close() {
      closed ??= (async () => {
        await server.close();
        await store.save();
        if (!persistent) await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/** Serve until Ctrl-C (SIGINT) or SIGTERM, then `close` (what `bb sandbox` does with either kind). */
export function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
