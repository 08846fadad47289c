/**
 * Helpers shared by the end-to-end tests of bb's own commands (test/e2e/auth, repo, workspace-project, cli-basics, api-errors):
 * a recorder that runs `./bin/bb` and keeps every result, so a file can check at the end that no
 * secret reached stdout/stderr and that no stderr holds a stack trace; and git with a hermetic
 * configuration (no system or user config, never prompting).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { type BbResult, bb, type SandboxProcess, startSandbox, tempDir } from './sandbox.js';

const execFileP = promisify(execFile);

export interface Recorded extends BbResult {
  args: string[];
  /** The command is allowed to print the token (`auth token`, `auth git-credential get`). */
  printsToken: boolean;
}

export const STACK_TRACE = /\n\s+at /;

export class Recorder {
  readonly runs: Recorded[] = [];
  private readonly secrets = new Set<string>();

  /** Tokens that must never appear in any output except where a run is marked `printsToken`. */
  secret(...tokens: string[]): void {
    for (const t of tokens) this.secrets.add(t);
  }

  async bb(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string; printsToken?: boolean } = {}): Promise<BbResult> {
    const r = await bb(args, opts);
    this.runs.push({ ...r, args, printsToken: opts.printsToken ?? false });
    return r;
  }

  /** No secret in any output (except the allowed ones), no stack trace in any stderr, errors in the contract's form. */
  assertClean(): void {
    assert.ok(this.runs.length > 0, 'nothing was run');
    assert.ok(this.secrets.size > 0, 'no secret registered');
    for (const r of this.runs) {
      const what = `bb ${r.args.join(' ')}`;
      assert.doesNotMatch(r.stderr, STACK_TRACE, `a stack trace in the stderr of ${what}:\n${r.stderr}`);
      if (r.stderr.startsWith('error ')) {
        // one `error` line, then only `hint:` lines
        const [, ...rest] = r.stderr.trimEnd().split('\n');
        for (const line of rest) assert.match(line, /^hint: /, `${what}: an error is one line, then hints:\n${r.stderr}`);
      }
      if (r.printsToken) continue;
      for (const s of this.secrets) {
        assert.ok(!r.stdout.includes(s), `the token is in the stdout of ${what}`);
        assert.ok(!r.stderr.includes(s), `the token is in the stderr of ${what}`);
      }
    }
  }
}

/** The first line of stderr must be `error <code> <NAME>: …`; returns the code. */
export function errorCode(stderr: string): number {
  const m = /^error (\d{4}) [A-Z_]+: /.exec(stderr);
  assert.ok(m, `stderr does not start with an error line:\n${stderr}`);
  return Number(m[1]);
}

/** stderr under --json: exactly one JSON object on one line. */
export function jsonError(stderr: string): {
  code: number;
  name: string;
  message: string;
  hint?: string;
  missingScopes?: string[];
  operation?: string;
} {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `stderr is not one line:\n${stderr}`);
  const parsed = JSON.parse(lines[0] as string) as { error: ReturnType<typeof jsonError> };
  assert.equal(typeof parsed.error?.code, 'number', stderr);
  return parsed.error;
}

/** Tab-separated rows of piped output. */
export function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

let emptyGlobalConfig: string | undefined;

/**
 * Environment for git (and for bb when it runs git): the parent's environment without BB_*, no
 * system or user git config, no prompts; `extra` on top (e.g. BB_API_URL and BB_CONFIG_DIR for
 * `bb auth git-credential`, which git runs).
 */
export function gitEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  if (!emptyGlobalConfig) {
    emptyGlobalConfig = join(tempDir('bb-e2e-gitconfig-'), 'gitconfig');
    writeFileSync(emptyGlobalConfig, '');
  }
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_') && !k.startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    NO_COLOR: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: emptyGlobalConfig,
    GIT_AUTHOR_NAME: 'E2E',
    GIT_AUTHOR_EMAIL: 'e2e@sandbox.test',
    GIT_COMMITTER_NAME: 'E2E',
    GIT_COMMITTER_EMAIL: 'e2e@sandbox.test',
    ...extra,
  };
}

/** The git-related variables of gitEnv(), for passing to `bb` (which clears nothing but BB_*). */
export function gitVars(): Record<string, string | undefined> {
  const all = gitEnv();
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('GIT_')));
}

export async function git(args: string[], cwd: string, extra: Record<string, string | undefined> = {}): Promise<{ stdout: string; stderr: string }> {
  const env = gitEnv(extra);
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return execFileP('git', args, { cwd, env: env as NodeJS.ProcessEnv });
}

/**
 * For a describe block: a demo-seeded Cloud sandbox started before its tests and stopped after (where the
 * response-conformance check runs), and `run(args)`, the built bb against it with the token recorded as a secret.
 */
export function useDemoSandbox(): { run: (args: string[]) => Promise<BbResult> } {
  let sb: SandboxProcess | undefined;
  let env: Record<string, string | undefined> = {};
  const rec = new Recorder();
  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    env = sb.env();
    rec.secret(sb.token);
  });
  after(async () => {
    await sb?.stop();
  });
  return { run: (args) => rec.bb(args, { env }) };
}
