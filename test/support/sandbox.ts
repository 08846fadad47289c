/**
 * End-to-end support: run `./bin/bb sandbox` as a child process, run `./bin/bb` against it, mint
 * tokens with chosen scopes. Needs `npm run build` first (scripts/test.mjs via `npm test` does it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { assertConformingResponses } from './conformance.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BB = join(ROOT, 'bin', 'bb');

export interface ReadyLine {
  url: string;
  email: string;
  token: string;
  admin: string;
}

export interface SandboxProcess extends ReadyLine {
  child: ChildProcess;
  /** Everything the sandbox wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Environment for `bb` against this sandbox (temp BB_CONFIG_DIR). */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** Mint a token: `{ scopes: [...] }` (granular) or `{ legacyScopes: [...] }`. */
  mintToken(req: { scopes?: string[]; legacyScopes?: string[]; user?: string }): Promise<{ token: string; email: string }>;
  /** fetch against the API with the all-scopes token (or `token`), Basic auth. */
  api(path: string, init?: RequestInit & { token?: string; bearer?: boolean }): Promise<Response>;
  requests(): Promise<Array<{ method: string; path: string; operation: string | null; status: number }>>;
}

export interface StartOptions {
  seed?: 'demo' | 'empty';
  state?: string;
  latency?: number;
  faults?: string;
  faultSeed?: number;
  port?: number;
  /** `--oauth-expiry SECONDS`: lifetime of OAuth access tokens. */
  oauthExpiry?: number;
  /** Keep the APIs Bitbucket Cloud removed in 2026 (issue tracker, cross-workspace listings): `POST /_sandbox/settings {"legacy":true}`. */
  legacy?: boolean;
  /** More `bb sandbox` arguments, as given (e.g. `['--legacy']`). */
  args?: string[];
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export async function startSandbox(opts: StartOptions = {}): Promise<SandboxProcess> {
  const args = ['sandbox', '--port', String(opts.port ?? 0), '--seed', opts.seed ?? 'demo'];
  if (opts.state) args.push('--state', opts.state);
  if (opts.latency !== undefined) args.push('--latency', String(opts.latency));
  if (opts.faults) args.push('--faults', opts.faults);
  if (opts.faultSeed !== undefined) args.push('--fault-seed', String(opts.faultSeed));
  if (opts.oauthExpiry !== undefined) args.push('--oauth-expiry', String(opts.oauthExpiry));
  if (opts.args) args.push(...opts.args);
  // every JSON answer is recorded and checked against the spec's response schemas when the sandbox stops
  const responseDir = mkdtempSync(join(tmpdir(), 'bb-e2e-responses-'));
  const responseLog = join(responseDir, 'responses.ndjson');
  args.push('--response-log', responseLog);
  const child = spawn(process.execPath, [BB, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then(() => children.delete(child));
  const ready = await new Promise<ReadyLine>((resolveReady, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`bb sandbox did not start in time\n${stderr}`)), 20_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveReady(JSON.parse(line) as ReadyLine);
      } catch {
        reject(new Error(`bb sandbox's first line is not JSON: ${line}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bb sandbox exited (${code}) before it was ready\n${stderr}`));
    });
  });
  if (opts.legacy) {
    const r = await fetch(`${ready.admin}/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ legacy: true }),
    });
    if (r.status !== 200) throw new Error(`the legacy setting failed: ${r.status} ${await r.text()}`);
  }
  const configDir = mkdtempSync(join(tmpdir(), 'bb-e2e-config-'));
  const auth = (token: string, email = ready.email) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  return {
    ...ready,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(configDir, { recursive: true, force: true });
      try {
        assertConformingResponses(responseLog);
      } finally {
        rmSync(responseDir, { recursive: true, force: true });
      }
      return code;
    },
    env(extra = {}) {
      return { BB_API_URL: ready.url, BB_EMAIL: ready.email, BB_TOKEN: ready.token, BB_CONFIG_DIR: configDir, ...extra };
    },
    async mintToken(req) {
      const r = await fetch(`${ready.admin}/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
      if (r.status !== 201) throw new Error(`minting a token failed: ${r.status} ${await r.text()}`);
      return (await r.json()) as { token: string; email: string };
    },
    api(path, init = {}) {
      const { token, bearer, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('Authorization', bearer ? `Bearer ${token ?? ready.token}` : auth(token ?? ready.token));
      return fetch(`${ready.url}${path}`, { ...rest, headers });
    },
    async requests() {
      return (await (await fetch(`${ready.admin}/requests`)).json()) as Array<{ method: string; path: string; operation: string | null; status: number }>;
    },
  };
}

export interface BbResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `./bin/bb` as a child process. `env` replaces the bb-related variables (BB_* are cleared from
 * the parent's environment first, so a developer's own login never leaks into a test).
 */
export function bb(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<BbResult> {
  const base: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_')) base[k] = v;
  const env = { ...base, NO_COLOR: '1', BB_NO_INPUT: '1', ...opts.env } as NodeJS.ProcessEnv;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BB, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix = 'bb-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Environment for git against the sandbox: the credential goes in an `http.extraHeader` set through
 * GIT_CONFIG_* variables, never in a URL or an argument.
 */
export function gitAuthEnv(email: string, token: string): Record<string, string> {
  return {
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'credential.helper',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'http.extraHeader',
    GIT_CONFIG_VALUE_1: `Authorization: Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
  };
}
