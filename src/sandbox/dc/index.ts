import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FaultInjector } from '../faults.js';
import { removeOrphanTemps } from '../state.js';
import { DcStore } from './model.js';
import { seedDc } from './seed.js';
import { DcSandboxServer } from './server.js';
import type { SandboxOptions } from '../index.js';

/**
 * Start a Bitbucket Data Center sandbox (`bb sandbox --kind dc`, `startSandbox({ kind: 'dc' })`); see
 * src/sandbox/dc/server.ts for what it serves. With `stateDir` the model is saved to `<stateDir>/state.json` after
 * every change and the git data kept in `<stateDir>/git`: the next start on the same directory carries on from there.
 * Without it, both live in a temporary directory removed on close. Its options are the Cloud sandbox's but OAuth:
 * the DC sandbox has no OAuth flow (its OAuth tokens come from the admin endpoint).
 */
export type DcSandboxOptions = Omit<SandboxOptions, 'kind' | 'oauthExpirySeconds'>;

export interface DcSandboxHandle {
  kind: 'dc';
  /** The instance's base URL (`http://127.0.0.1:PORT`): the REST API is under `/rest`, git under `/scm`. */
  url: string;
  admin: string;
  /** The admin user (SYS_ADMIN) and a personal HTTP access token holding PROJECT_ADMIN + REPO_ADMIN. */
  username: string;
  password: string;
  token: string;
  port: number;
  stateDir: string;
  store: DcStore;
  server: DcSandboxServer;
  close(): Promise<void>;
}

export async function startDcSandbox(opts: DcSandboxOptions = {}): Promise<DcSandboxHandle> {
  const persistent = opts.stateDir !== undefined;
  const dir = persistent ? resolve(opts.stateDir as string) : await mkdtemp(join(tmpdir(), 'bb-dc-sandbox-'));
  // read before anything is touched: a directory holding some other state fails here, its git data intact
  if (persistent) await removeOrphanTemps(dir);
  const loaded = persistent ? await DcStore.load(dir) : undefined;
  const store = loaded ?? new DcStore(dir, persistent);
  // a new state starts from clean git data (a half-started earlier run may have left some)
  if (!loaded) await rm(store.gitRoot, { recursive: true, force: true });
  await mkdir(store.gitRoot, { recursive: true, mode: 0o700 });
  const faults = new FaultInjector({ faults: opts.faults, latencyMs: opts.latencyMs, seed: opts.faultSeed });
  const server = new DcSandboxServer(store, faults, opts.onError, opts.responseLog, opts.requestLogSize);
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
    if (!loaded) await seedDc(store, opts.seed ?? 'demo');
  } catch (e) {
    await server.close().catch(() => {});
    if (!persistent) await rm(dir, { recursive: true, force: true });
    throw e;
  }
  // a fresh token for the ready line on every start; the ones minted before a restart are in the saved store and still work
  const { token } = store.mintToken({ name: 'sandbox', user: 'admin', kind: 'access', permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] });
  await store.save();
  let closed: Promise<void> | undefined;
  return {
    kind: 'dc',
    url: server.base,
    admin: `${server.base}/_sandbox`,
    username: 'admin',
    password: 'admin',
    token,
    port,
    stateDir: dir,
    store,
    server,
    close() {
      closed ??= (async () => {
        await server.close();
        // changes made in-process (tests, the seed) without a request are kept too
        await store.save();
        if (!persistent) await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
