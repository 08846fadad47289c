/**
 * Run bb in-process, as `main(argv)` with a fake context: captured stdout/stderr, an injected fetch,
 * a temporary config dir, no git remotes unless given, no real prompts.
 *
 * A `fetch` that is a FetchRegistry's (or tied to one with `sameRegistry`) is verified when the test
 * ends: every stub used, every request stubbed (see fake-fetch.ts) — no `verify()` call needed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { MemorySecretStore, type SecretStore } from '../../src/auth/secrets.js';
import type { Git } from '../../src/git/git.js';
import type { ContextOverrides } from '../../src/context/context.js';
import { main } from '../../src/main.js';
import type { IOStreams } from '../../src/output/iostreams.js';
import type { Browser, Prompter } from '../../src/context/prompt.js';
import { TEST_API, verifyAfterTest } from './fake-fetch.js';

export interface RunOptions {
  env?: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  stdin?: string;
  tty?: boolean;
  /** Columns of the fake terminal (with `tty`; default 100). */
  width?: number;
  configDir?: string;
  git?: Git;
  prompter?: Partial<Prompter>;
  /** Records `--web` instead of opening a browser. */
  browser?: Browser;
  cwd?: string;
  /** The keychain bb sees; default: one in-memory fake shared by every run (never the real keychain). */
  secrets?: SecretStore;
  /** Called with each chunk bb writes to stdout, as it is written (streaming tests). */
  onStdout?: (chunk: string) => void;
}

/** The in-memory keychain in-process runs share unless a test gives its own. */
export const testKeychain = new MemorySecretStore();

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  configDir: string;
}

export function tempDir(prefix = 'bb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A git that knows no repository (no remotes), unless the test gives one. */
export const noGit: Git = {
  async run() {
    throw new Error('not a git repository');
  },
};

export function gitWithRemote(url: string): Git {
  return {
    async run(args) {
      if (args[0] === 'remote') return `origin\t${url} (fetch)\norigin\t${url} (push)\n`;
      throw new Error(`unexpected git ${args.join(' ')}`);
    },
  };
}

export async function runBb(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  verifyAfterTest(opts.fetch);
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
    opts.onStdout?.(String(d));
  });
  err.on('data', (d) => {
    stderr += d;
  });
  const tty = opts.tty ?? false;
  const io: IOStreams = {
    out,
    err,
    in: Readable.from(opts.stdin !== undefined ? [opts.stdin] : []),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdinIsTTY: tty,
    color: false,
    width: tty ? (opts.width ?? 100) : undefined,
    canPrompt: tty,
    pager: undefined,
  };
  const configDir = opts.configDir ?? tempDir();
  const env = { BB_API_URL: TEST_API, BB_CONFIG_DIR: configDir, ...opts.env } as NodeJS.ProcessEnv;
  const prompter: Prompter = {
    input: async (m) => (opts.prompter?.input ? opts.prompter.input(m) : Promise.reject(new Error(`unexpected prompt: ${m}`))),
    password: async (m) => (opts.prompter?.password ? opts.prompter.password(m) : Promise.reject(new Error(`unexpected prompt: ${m}`))),
    confirm: async (m, o) => (opts.prompter?.confirm ? opts.prompter.confirm(m, o) : Promise.reject(new Error(`unexpected prompt: ${m}`))),
  };
  const code = await main(argv, {
    env,
    io,
    configDir,
    fetch: opts.fetch ?? (async (i) => Promise.reject(new Error(`no fetch stubbed for ${String(i)}`))),
    git: opts.git ?? noGit,
    prompter,
    // createContext takes the Browser object itself (typed loosely there)
    browser: opts.browser as unknown as ContextOverrides['browser'],
    cwd: opts.cwd,
    secrets: opts.secrets ?? testKeychain,
    httpOptions: { sleep: async () => {}, random: () => 0.5 },
    sleep: async () => {},
  });
  out.end();
  err.end();
  return { code, stdout, stderr, configDir };
}
