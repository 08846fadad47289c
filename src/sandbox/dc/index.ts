import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DcStore } from './model.js';
import { seedDc } from './seed.js';
import { DcSandboxServer } from './server.js';

/**
 * Start a Bitbucket Data Center sandbox (`bb sandbox --kind dc`, `startSandbox({ kind: 'dc' })`). The model is
 * kept in memory (git data under the state directory); see src/sandbox/dc/server.ts for what it serves.
 */
export interface DcSandboxOptions {
  port?: number;
  stateDir?: string;
  seed?: string;
  onError?: (e: unknown) => void;
}

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
  const store = new DcStore(dir);
  await rm(store.gitRoot, { recursive: true, force: true });
  await mkdir(store.gitRoot, { recursive: true, mode: 0o700 });
  const server = new DcSandboxServer(store, opts.onError);
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
    await seedDc(store, opts.seed ?? 'demo');
  } catch (e) {
    await server.close().catch(() => {});
    if (!persistent) await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const { token } = store.mintToken({ name: 'sandbox', user: 'admin', kind: 'access', permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] });
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
        if (!persistent) await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
