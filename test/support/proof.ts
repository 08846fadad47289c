/**
 * The scope proof's harness (test/e2e/scopes-proof*.test.ts): bb runs in-process (`main` with the real fetch)
 * against an in-process sandbox on the demo seed, one sandbox per test file.
 *
 * For each case and each vocabulary — granular (an API token: Basic, BB_EMAIL + BB_TOKEN) and legacy (an
 * access token: Bearer, BB_TOKEN alone) — the command runs with a token holding exactly the scopes
 * `bb scopes "<query>"` names: it must succeed, and call no operation it does not declare; then once without
 * each of those scopes: it must fail with exit 4 and `error 2003 API_FORBIDDEN` naming that scope (so no
 * named scope is superfluous). Writes get fresh targets before every run, made with the all-scopes token.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { SeedBuilder } from '../../src/sandbox/seed.js';
import type { RepositoryRecord } from '../../src/sandbox/state.js';
import { type Git, systemGit } from '../../src/git/git.js';
import { runGit } from '../../src/sandbox/git.js';
import { type RunResult, runBb } from './run.js';
import { GPG_FPR } from './fixtures.js';

export interface ProofCase {
  /** The command, as `bb scopes --all` names it. */
  command: string;
  /** Arguments after the command; a function when every run needs a fresh target (made with the all-scopes token). */
  args: string[] | ((fx: Fixtures) => Promise<string[]>);
  /** What to ask `bb scopes` when flags change the scopes: `webhook create --events issue:created`. Default: `command`. */
  query?: string;
  stdin?: string;
  /** The minted token goes to stdin instead of BB_TOKEN (`auth login --with-token`). */
  tokenOnStdin?: boolean;
  /** git for commands that run it (default: none, as if outside a repository). */
  git?: (fx: Fixtures) => Git;
  /** On a terminal, with $EDITOR a script that appends a line to the file (`--editor`). */
  editor?: boolean;
  /** The exit status on success (default 0). */
  status?: number;
  /** The refusal when a scope is missing (default: the 2003 error line). `auth status` reports it on its own line. */
  refusal?: RegExp;
}

export const API_FORBIDDEN = /^error 2003 API_FORBIDDEN: /m;

type Vocabulary = 'granular' | 'legacy';

/** Fresh targets for writes, made with the sandbox's all-scopes token (or straight in the model for git data). */
export class Fixtures {
  private n = 0;
  /** The branch a fake git says is checked out (set by a case's `args`). */
  head = 'main';
  private dir: string | undefined;
  private editor: string | undefined;
  constructor(readonly h: SandboxHandle) {}

  /** A name no run used before: `proof-3-…`. */
  unique(prefix = 'proof'): string {
    this.n += 1;
    return `${prefix}-${this.n}-${randomBytes(3).toString('hex')}`;
  }

  repo(slug = 'web'): RepositoryRecord {
    const r = this.h.sandbox.store.repository('acme', slug);
    assert.ok(r, `acme/${slug}`);
    return r;
  }

  private alexToken: { token: string; email: string } | undefined;

  /** The API with the all-scopes token (of dev, or with `as: 'alex'` of alex); throws unless 2xx. */
  async api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, as?: 'alex'): Promise<T> {
    let cred = { token: this.h.token, email: this.h.email };
    if (as === 'alex') {
      this.alexToken ??= await mintToken(this.h, { all: true, user: 'alex' });
      cred = this.alexToken;
    }
    const r = await fetch(`${this.h.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${cred.email}:${cred.token}`).toString('base64')}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `fixture ${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** bb itself with the all-scopes token. */
  async bb(argv: string[], stdin?: string): Promise<RunResult> {
    const env = { BB_API_URL: this.h.url, BB_EMAIL: this.h.email, BB_TOKEN: this.h.token };
    const r = await runBb(argv, { env, fetch: globalThis.fetch, stdin, configDir: this.configDir() });
    assert.equal(r.code, 0, `fixture bb ${argv.join(' ')}:\n${r.stderr}`);
    return r;
  }

  /** A new branch with one new commit on top of `from`. */
  async branch(slug = 'web', from = 'main'): Promise<string> {
    const name = this.unique('proof/branch');
    const dev = this.h.sandbox.store.user('dev');
    assert.ok(dev);
    await new SeedBuilder(this.h.sandbox).commit(this.repo(slug), {
      branch: name,
      from,
      message: `${name}\n`,
      author: dev,
      files: { [`${name.replace(/\//g, '-')}.txt`]: `${name}\n` },
    });
    return name;
  }

  /** A new open pull request from a new branch into main (by dev, or by alex); its id. */
  async pr(slug = 'web', extra: Record<string, unknown> = {}, as?: 'alex'): Promise<number> {
    const branch = await this.branch(slug);
    const pr = await this.api<{ id: number }>(
      'POST',
      `/repositories/acme/${slug}/pullrequests`,
      { title: branch, source: { branch: { name: branch } }, destination: { branch: { name: 'main' } }, ...extra },
      as,
    );
    return pr.id;
  }

  /** A member of workspace acme who is not a default reviewer (made on first use); their nickname. */
  member(nickname = 'sam'): string {
    const store = this.h.sandbox.store;
    let u = store.user(nickname);
    if (!u) u = new SeedBuilder(this.h.sandbox).user({ nickname, display_name: `Sam ${nickname}`, email: `${nickname}@sandbox.test` });
    const acme = store.workspace('acme');
    assert.ok(acme);
    if (!acme.members.some((m) => m.user === u.uuid)) acme.members.push({ user: u.uuid, permission: 'collaborator' });
    return nickname;
  }

  /** The source branch of a pull request of acme/web. */
  async prBranch(id: number, slug = 'web'): Promise<string> {
    const pr = await this.api<{ source: { branch: { name: string } } }>('GET', `/repositories/acme/${slug}/pullrequests/${id}`);
    return pr.source.branch.name;
  }

  /**
   * Real git in a new clone of acme/`slug` whose origin is the sandbox's https-like URL (cloned on first use
   * from the bare repository, so no credential is needed for it): bb's fetches go through the sandbox's git
   * endpoint, which checks the token's scopes as the API does.
   */
  clone(slug = 'web'): Git {
    const dir = join(this.base(), this.unique('clone'));
    const home = join(this.base(), this.unique('home'));
    const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
    const git = systemGit(env, dir);
    let ready: Promise<void> | undefined;
    const setup = async () => {
      mkdirSync(home);
      await runGit(['clone', '-q', '--', this.h.sandbox.store.gitDir(this.repo(slug)), dir]);
      await runGit(['-C', dir, 'remote', 'set-url', 'origin', `${new URL(this.h.url).origin}/acme/${slug}.git`]);
    };
    return {
      async run(args, opts) {
        ready ??= setup();
        await ready;
        return git.run(args, opts);
      },
    };
  }

  /** The open pull request of acme/web from the demo fork dev/web-fork (read from the model); its id. */
  forkPr(): number {
    const fork = this.h.sandbox.store.repository('dev', 'web-fork');
    const pr = Object.values(this.h.sandbox.store.data.pullrequests).find((p) => fork && p.source_repository === fork.uuid && p.state === 'OPEN');
    assert.ok(pr, 'the demo pull request from dev/web-fork');
    return pr.id;
  }

  /** A new top-level comment on a pull request; its id. */
  async prComment(slug: string, pr: number): Promise<number> {
    const c = await this.api<{ id: number }>('POST', `/repositories/acme/${slug}/pullrequests/${pr}/comments`, { content: { raw: this.unique('comment') } });
    return c.id;
  }

  /** A new open task on a pull request of acme/`slug`; its id. */
  async prTask(slug: string, pr: number): Promise<number> {
    const t = await this.api<{ id: number }>('POST', `/repositories/acme/${slug}/pullrequests/${pr}/tasks`, { content: { raw: this.unique('task') } });
    return t.id;
  }

  /** A new issue in acme/web; its id. */
  async issue(state = 'open'): Promise<number> {
    const i = await this.api<{ id: number }>('POST', '/repositories/acme/web/issues', { title: this.unique('issue') });
    if (state !== 'open') await this.api('PUT', `/repositories/acme/web/issues/${i.id}`, { state });
    return i.id;
  }

  /** A file in a temp directory holding `content`; its path. */
  async file(name: string, content: string): Promise<string> {
    const path = join(this.base(), `${this.unique('f')}-${name}`);
    writeFileSync(path, content);
    return path;
  }

  /** An "editor" that appends a line to the file it is given. */
  async editorScript(): Promise<string> {
    this.editor ??= await this.file('editor.sh', '#!/bin/sh\necho "edited by the proof" >> "$1"\n');
    chmodSync(this.editor, 0o755);
    return this.editor;
  }

  /** A new, empty config directory (removed with the others by `cleanup`). */
  configDir(): string {
    const dir = join(this.base(), this.unique('config'));
    mkdirSync(dir);
    return dir;
  }

  private base(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'bb-proof-'));
    return this.dir;
  }

  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new snippet in workspace acme; its id. */
  async snippet(): Promise<string> {
    const r = await this.bb(['snippet', 'create', await this.file('doomed.txt', 'doomed\n'), '--title', 'doomed', '--workspace', 'acme', '--json', 'id']);
    return (JSON.parse(r.stdout) as { id: string }).id;
  }

  /** The demo user has no GPG key GPG_KEY (so it can be added). */
  async gpgKeyAbsent(): Promise<void> {
    const keys = this.h.sandbox.store.data.gpgKeys;
    delete keys[GPG_FPR];
  }

  /** A random, well-formed ed25519 SSH public key. */
  sshKey(comment = 'proof'): string {
    const type = Buffer.from('ssh-ed25519');
    const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
    return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
  }
}

/**
 * Register the proof of `cases`: one sandbox for the file, and for each case two tests (granular, legacy).
 */
export function prove(cases: readonly ProofCase[]): void {
  let h: SandboxHandle;
  let fx: Fixtures;
  before(async () => {
    h = await startSandbox({ seed: 'demo', legacy: true });
    fx = new Fixtures(h);
  });
  after(async () => {
    fx?.cleanup();
    await h?.close();
  });

  for (const c of cases) {
    for (const vocabulary of ['granular', 'legacy'] as const) {
      const label = c.query && c.query !== c.command ? c.query : c.command;
      test(`proof (${vocabulary}): bb ${label}`, async () => {
        await proveCase(h, fx, c, vocabulary);
      });
    }
  }
}

async function proveCase(h: SandboxHandle, fx: Fixtures, c: ProofCase, vocabulary: Vocabulary): Promise<void> {
  const q = await runBb(['scopes', '--json', c.query ?? c.command], { configDir: fx.configDir() });
  assert.equal(q.code, 0, q.stderr);
  const report = JSON.parse(q.stdout) as { scopes: string[]; legacyScopes: string[]; commands: Array<{ operations: string[] }> };
  const needed = vocabulary === 'granular' ? report.scopes : report.legacyScopes;
  const declared = new Set(report.commands.flatMap((e) => e.operations));

  const run = async (scopes: string[]) => {
    const args = typeof c.args === 'function' ? await c.args(fx) : c.args;
    const argv = [...c.command.split(' '), ...args];
    const minted = await mint(h, vocabulary, scopes);
    await fetch(`${h.admin}/requests`, { method: 'DELETE' });
    const env: Record<string, string> = { BB_API_URL: h.url, BB_NO_INPUT: '1' };
    if (!c.tokenOnStdin) env.BB_TOKEN = minted.token;
    // granular: an API token (Basic, email + token); legacy: an access token (Bearer, BB_TOKEN alone)
    if (vocabulary === 'granular') env.BB_EMAIL = minted.email;
    if (c.editor) env.EDITOR = await fx.editorScript();
    const r = await runBb(argv, {
      env,
      fetch: globalThis.fetch,
      stdin: c.tokenOnStdin ? `${minted.token}\n` : c.stdin,
      git: c.git?.(fx),
      tty: c.editor,
      configDir: fx.configDir(),
    });
    const log = (await (await fetch(`${h.admin}/requests`)).json()) as Array<{ method: string; path: string; operation: string | null; status: number }>;
    const trace = log.map((e) => `  ${e.status} ${e.operation ?? `${e.method} ${e.path}`}`).join('\n');
    return { ...r, argv, log, trace };
  };

  const ok = await run(needed);
  const what = `bb ${ok.argv.join(' ')}`;
  assert.equal(ok.code, c.status ?? 0, `${what} with exactly [${needed.join(', ')}] (${vocabulary}):\n${ok.stderr}\ncalled:\n${ok.trace}`);
  const undeclared = [...new Set(ok.log.map((e) => e.operation ?? `${e.method} ${e.path}`).filter((op) => !declared.has(op)))];
  assert.deepEqual(undeclared, [], `${what} called operations it does not declare:\n${ok.trace}`);

  for (const drop of needed) {
    const without = needed.filter((s) => s !== drop);
    const r = await run(without);
    const cmd = `bb ${r.argv.join(' ')}`;
    assert.equal(r.code, 4, `${cmd} without ${drop} (${vocabulary}) should fail (else ${drop} is not needed):\n${r.stdout}${r.stderr}\ncalled:\n${r.trace}`);
    assert.match(r.stderr, c.refusal ?? API_FORBIDDEN, `${cmd} without ${drop}:\n${r.stderr}`);
    // the scope as a whole word: `repository` must not pass for `repository:admin`
    const named = new RegExp(`(^|[^\\w:-])${drop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w:-])`, 'm');
    assert.match(r.stderr, named, `${cmd}: the error names ${drop}`);
  }
}

function mint(h: SandboxHandle, vocabulary: Vocabulary, scopes: string[]): Promise<{ token: string; email: string }> {
  return mintToken(h, vocabulary === 'granular' ? { scopes } : { legacyScopes: scopes });
}

async function mintToken(h: SandboxHandle, req: Record<string, unknown>): Promise<{ token: string; email: string }> {
  const r = await fetch(`${h.admin}/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
  assert.equal(r.status, 201, `minting a token: ${await r.clone().text()}`);
  return (await r.json()) as { token: string; email: string };
}
