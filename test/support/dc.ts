/**
 * End-to-end tests against `bb sandbox --kind dc`: one sandbox per test file (started in `before`,
 * stopped in `after`), `bb` run as a child process with its own config dir and no credential from the
 * environment unless a test passes one, and `git` that reaches the sandbox only through bb's helper.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { assertConformingResponses } from './conformance.js';
import { BB, ROOT } from './sandbox.js';

export interface DcReady {
  url: string;
  username: string;
  token: string;
  admin: string;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Credentials and repository context never leak in from the environment the tests run in. */
const CONTEXT_VARS = ['BB_TOKEN', 'BB_EMAIL', 'BB_USERNAME', 'BB_API_URL', 'BB_HOST', 'BB_REPO'];

export interface DcSandbox {
  ready: DcReady;
  /** A temporary directory for the file's clones; removed by stop(). */
  dir: string;
  /** bb's config dir (BB_CONFIG_DIR) for the file. */
  config: string;
  bb(args: string[], opts?: { env?: Record<string, string>; stdin?: string; cwd?: string }): Promise<Result>;
  /** `bb auth login` as the sandbox's admin (admin/admin, stored in the file's config dir). */
  loginAsAdmin(): Promise<void>;
  /** A token minted by the sandbox's admin endpoint (`{ user, permissions | scope, … }`); give it to bb through BB_TOKEN, never argv. */
  mintToken(req: Record<string, unknown>): Promise<string>;
  git(args: string[], cwd: string): Promise<string>;
  stop(): void;
  /** Settles when the sandbox process has exited (after stop()): its last save is done. */
  exited: Promise<void>;
}

/** `sandboxArgs`: more flags for `bb sandbox --kind dc` (`--state DIR`, `--faults SPEC`…). */
export async function startDcSandbox(prefix = 'bb-e2e-dc-', sandboxArgs: string[] = []): Promise<DcSandbox> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = join(dir, 'config');
  // every JSON answer is recorded and checked against the DC spec's response schemas when the sandbox stops
  const responseLog = join(dir, 'responses.ndjson');
  const child: ChildProcess = spawn(process.execPath, [BB, 'sandbox', '--kind', 'dc', '--port', '0', '--response-log', responseLog, ...sandboxArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<DcReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the DC sandbox did not start')), 20_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as DcReady);
    });
  });
  const sandbox: DcSandbox = {
    ready,
    dir,
    config,
    exited,
    bb(args, opts = {}) {
      return new Promise((resolve) => {
        const env: Record<string, string | undefined> = {
          ...process.env,
          BB_CONFIG_DIR: config,
          BB_NO_INPUT: '1',
          NO_COLOR: '1',
          GIT_TERMINAL_PROMPT: '0',
          ...opts.env,
        };
        for (const k of CONTEXT_VARS) if (!opts.env?.[k]) delete env[k];
        const p = execFile(process.execPath, [BB, ...args], { cwd: opts.cwd ?? dir, env }, (err, stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
        p.stdin?.end(opts.stdin ?? '');
      });
    },
    async loginAsAdmin() {
      const r = await sandbox.bb(['auth', 'login', '--hostname', ready.url, '--username', 'admin', '--with-token', '--insecure-storage'], { stdin: 'admin\n' });
      if (r.code !== 0) throw new Error(`bb auth login as admin: exit ${r.code}\n${r.stderr}`);
    },
    async mintToken(req) {
      const r = await fetch(`${ready.admin}/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'e2e', ...req }),
      });
      if (r.status !== 201) throw new Error(`minting a token: HTTP ${r.status}\n${await r.text()}`);
      return ((await r.json()) as { token: string }).token;
    },
    git(args, cwd) {
      // for the network commands git asks `bb auth git-credential` (set up by `bb auth setup-git`),
      // which finds the stored login through BB_CONFIG_DIR
      const env: Record<string, string | undefined> = { ...process.env, GIT_TERMINAL_PROMPT: '0', BB_CONFIG_DIR: config, BB_NO_INPUT: '1' };
      for (const k of CONTEXT_VARS) delete env[k];
      const author = ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.test'];
      return new Promise((resolve, reject) =>
        execFile('git', [...author, ...args], { cwd, env }, (e, out, err) => (e ? reject(new Error(`git ${args.join(' ')}: ${err}`)) : resolve(out))),
      );
    },
    stop() {
      child.kill('SIGTERM');
      try {
        assertConformingResponses(responseLog, 'dc');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return sandbox;
}

/** `Authorization: Basic …` for a sandbox user (DC takes passwords as well as tokens). */
export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One REST call to an in-process DC sandbox (`base`: its URL): the status and the parsed JSON answer, if any. */
export async function dcRest(
  base: string,
  method: string,
  path: string,
  auth?: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const r = await fetch(`${base}/rest${path}`, {
    method,
    headers: { ...(auth ? { Authorization: auth } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
