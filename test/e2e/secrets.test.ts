/**
 * The secret suite: every command of the tree (iterated from the command catalog) runs with
 * BB_DEBUG=api and a canary token — `--help`, then a plausible invocation against a sandbox — and
 * the canary (and its Basic encoding) never shows in stdout, stderr, or any file but the credential
 * store; git child processes (a fake `git` first on PATH, recording its argv and its GIT_* variables)
 * never get it in argv or URLs; the credential file is 0600 and its dir 0700; plain http:// is
 * refused off loopback; the credential never travels to another origin (every request is recorded),
 * in particular not on the step-log redirect (the sandbox's log origin records that).
 *
 * bb runs in-process (`main()` via runBb, real fetch, real git runner with the fake git on PATH).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMAND_META } from '../../src/cmd/commands.js';
import type { CommandMeta } from '../../src/cmd/define.js';
import { systemGit } from '../../src/git/git.js';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { type RunResult, runBb, tempDir } from '../support/run.js';

/** Commands that may print the token: that is their job. */
const PRINTS_TOKEN = new Set(['auth token', 'auth git-credential']);
/** Only `--help`: they run a server or poll until something finishes. */
const HELP_ONLY = new Set(['sandbox', 'pipeline watch', 'scopes record']);

const ROOT = tempDir('bb-secrets-');
const HOME = join(ROOT, 'home');
const CONFIG = join(HOME, '.config', 'bb');
const CWD = join(ROOT, 'work');
const FAKE_BIN = join(ROOT, 'bin');
const GIT_LOG = join(ROOT, 'git-calls.jsonl');
for (const d of [HOME, CWD, FAKE_BIN]) mkdirSync(d, { recursive: true });
writeFileSync(join(CWD, 'notes.txt'), 'hello\n');
writeFileSync(join(CWD, 'annotations.json'), JSON.stringify([{ externalId: 'a1', summary: 'unused variable', path: 'README.md', line: 1 }]));
writeFileSync(join(CWD, 'key.pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake secrets@test\n');

/** Plausible arguments for the commands whose placeholders would not do. */
const INVOCATIONS: Record<string, string[]> = {
  api: ['/repositories/acme/web'],
  'auth git-credential': ['get'],
  'auth login': ['--with-token'],
  'auth switch': [],
  completion: ['bash'],
  'config get': ['editor'],
  'config set': ['editor', 'vim'],
  'config unset': ['editor'],
  'project create': ['Secrets', '--key', 'SEC', '--workspace', 'acme'],
  'repo clone': ['acme/web', join(ROOT, 'clone')],
  'repo create': ['acme/secrets-repo'],
  'repo default-reviewers add': ['alex'],
  'repo default-reviewers remove': ['alex'],
  'repo delete': ['acme/secrets-repo', '--yes'],
  'repo edit': ['--description', 'secrets'],
  'repo fork': ['acme/web', '--workspace', 'acme', '--fork-name', 'secrets-fork'],
  'repo rename': ['web-renamed', '--dry-run'],
  'alias set': ['sec', 'pr list'],
  'alias delete': ['sec'],
  'pr comment': ['1', '--body', 'hi'],
  'repo list': ['acme'],
  'workspace view': ['acme'],
  'workspace members': ['acme'],
  'branch create': ['secrets-branch'],
  'branch delete': ['secrets-branch', '--yes'],
  'commit view': ['main'],
  'pr checkout': ['1'],
  'pr comments add': ['1', '--body', 'hi'],
  'pr comments delete': ['1', '1', '--yes'],
  'pr comments edit': ['1', '1', '--body', 'edited'],
  'pr comments reply': ['1', '1', '--body', 'reply'],
  'pr create': ['--head', 'feature/login', '--title', 'Secrets'],
  'pr edit': ['1', '--title', 'Edited'],
  'pr reviewers add': ['1', 'alex'],
  'pr reviewers remove': ['1', 'alex'],
  'pr merge': ['1', '--dry-run'],
  'pr decline': ['1', '--dry-run'],
  'status list': ['main'],
  'status set': ['main', '--state', 'SUCCESSFUL', '--key', 'ci', '--url', 'https://ci.example/1'],
  'tag create': ['v-secrets'],
  'tag delete': ['v-secrets', '--yes'],
  browse: [],
  'deploy-key add': ['--key-file', join(CWD, 'key.pub'), '--label', 'k'],
  'ssh-key add': ['--key-file', join(CWD, 'key.pub'), '--label', 'k'],
  'gpg-key add': ['--key-file', join(CWD, 'notes.txt')],
  'download upload': [join(CWD, 'notes.txt')],
  'issue create': ['--title', 'Secrets', '--body', 'x'],
  'issue comment': ['1', '--body', 'x'],
  'issue edit': ['1', '--title', 'x'],
  'pipeline logs': ['1'],
  'pipeline run': ['--branch', 'main'],
  'snippet create': [join(CWD, 'notes.txt'), '-w', 'acme', '--title', 'x'],
  'snippet edit': ['relchk', '--title', 'y'],
  'variable set': ['SECRET_X', '--value', 'v'],
  'variable delete': ['SECRET_X', '--yes'],
  'webhook create': ['--url', 'https://hooks.example/x', '--events', 'repo:push'],
  'project view': ['PLAT'],
  'repo set-default': ['acme/web'],
  'commit comment': ['v1.0.0', '--body', 'hi'],
  'commit comments list': ['v1.0.0'],
  'commit comments edit': ['v1.0.0', '1', '--body', 'edited'],
  'commit comments delete': ['v1.0.0', '1', '--yes'],
  'commit approve': ['v1.0.0'],
  'commit unapprove': ['v1.0.0'],
  'commit report create': ['v1.0.0', 'secrets', '--title', 'Secrets', '--type', 'TEST'],
  'commit report view': ['v1.0.0', 'secrets'],
  'commit report annotations add': ['v1.0.0', 'secrets', '--file', join(CWD, 'annotations.json')],
  'commit report annotations list': ['v1.0.0', 'secrets'],
  'commit report annotations delete': ['v1.0.0', 'secrets', 'a1', '--yes'],
  'commit report delete': ['v1.0.0', 'secrets', '--yes'],
  'pr tasks create': ['1', '--body', 'a task'],
  'pr tasks edit': ['1', '1', '--body', 'the task'],
  'pr tasks resolve': ['1', '1'],
  'pr tasks reopen': ['1', '1'],
  'pr tasks delete': ['1', '1', '--yes'],
  'pr review': ['1', '--comment', '--body', 'looks fine'],
  'download delete': ['notes.txt', '--yes'],
  'pipeline schedule create': ['--branch', 'main', '--cron', '0 0 2 * * ? *'],
  'pipeline config build-number': ['100'],
  'environment create': ['Secrets'],
  'environment edit': ['Secrets', '--name', 'Secrets2'],
  'environment delete': ['Secrets2', '--yes'],
  'project deploy-key list': ['PLAT'],
  'project deploy-key add': ['PLAT', '--key-file', join(CWD, 'key.pub'), '--label', 'k'],
  'runner create': ['--name', 'secrets-runner'],
  'pipeline ssh known-hosts add': ['example.com', '--key-file', join(CWD, 'key.pub')],
  'pipeline ssh known-hosts view': ['example.com'],
  'pipeline ssh known-hosts edit': ['example.com', '--hostname', 'example.org'],
  'pipeline ssh known-hosts delete': ['example.org', '--yes'],
  'snippet view': ['relchk'],
  'snippet comments add': ['relchk', '--body', 'hi'],
  'snippet comments list': ['relchk'],
  'snippet history': ['relchk'],
  'snippet watch': ['relchk'],
  'snippet watching': ['relchk'],
  'snippet unwatch': ['relchk'],
  'snippet delete': ['relchk', '--yes'],
  'tag view': ['v1.0.0'],
  'branch protection create': ['main', '--kind', 'force'],
  'branch protection view': ['1'],
  'branch protection edit': ['1', '--branch-type', 'release'],
  'branch protection delete': ['1', '--yes'],
  'repo branching-model edit': ['--development', 'main'],
  'project branching-model view': ['PLAT'],
  'project branching-model edit': ['PLAT', '--development', 'main'],
  'file view': ['README.md'],
  'file history': ['README.md'],
  'file commit': ['notes.txt', '--content', 'hello', '--message', 'Add notes', '--branch', 'main'],
  'project edit': ['SEC', '--description', 'secrets'],
  'project delete': ['SEC', '--yes'],
  'repo permissions grant': ['write', '--user', 'alex'],
  'repo permissions revoke': ['--user', 'alex', '--yes'],
  'project permissions list': ['PLAT'],
  'project permissions grant': ['PLAT', 'read', '--group', 'contractors'],
  'project permissions revoke': ['PLAT', '--group', 'contractors', '--yes'],
  'repo settings edit': ['--override', 'default_merge_strategy'],
  'project default-reviewers list': ['PLAT'],
  'project default-reviewers add': ['PLAT', 'alex'],
  'project default-reviewers remove': ['PLAT', 'alex', '--yes'],
  'pr conflicts': ['1'],
  'scopes explain': ['read:repository:bitbucket'],
  'scopes profile': ['ci-status'],
  scopes: ['pr create'],
  'pipeline test-reports': ['2', 'Test'],
};

/**
 * Commands run after the others, in this order: they need what a later command of the catalog creates (a report
 * before its annotations, an upload before its delete), or they remove what others use.
 */
const DEFERRED = [
  'commit comments edit',
  'commit comments delete',
  'commit report view',
  'commit report annotations list',
  'commit report annotations delete',
  'commit report delete',
  'download delete',
  'variable delete',
  'pipeline ssh known-hosts view',
  'pipeline ssh known-hosts edit',
  'pipeline ssh known-hosts delete',
  'snippet delete',
  'branch protection view',
  'branch protection edit',
  'branch protection delete',
  'project edit',
  'project delete',
];

function invocation(meta: CommandMeta): string[] {
  const name = meta.path.join(' ');
  const given = INVOCATIONS[name];
  const args =
    given ?? (meta.args ?? []).filter((a) => a.required).map((a) => (a.name === 'workspace' ? 'acme' : a.name === 'files' ? join(CWD, 'notes.txt') : '1'));
  const flags = (meta.flags ?? []).some((f) => f.name === 'yes') && !args.includes('--yes') ? ['--yes'] : [];
  return [...meta.path, ...args, ...flags];
}

/** Every regular file under `dir`, with its text. */
function files(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...files(p));
    else if (st.isFile() && st.size < 10_000_000) out.push({ path: p, text: readFileSync(p, 'latin1') });
  }
  return out;
}

describe('secrets: the token never leaks', () => {
  let h: SandboxHandle;
  let canary: string;
  let secrets: string[];
  const runs: Array<{ argv: string[]; r: RunResult }> = [];
  const sent: Array<{ origin: string; authorization: boolean; url: string }> = [];
  const fetchSpy: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    sent.push({ origin: url.origin, authorization: headers.has('authorization'), url: url.href });
    return globalThis.fetch(input, init);
  };
  let env: Record<string, string>;
  const run = async (argv: string[], extra: Record<string, string | undefined> = {}, stdin?: string) => {
    const runEnv = { ...env, ...extra } as Record<string, string>;
    const r = await runBb(argv, {
      env: runEnv,
      fetch: fetchSpy,
      configDir: CONFIG,
      cwd: CWD,
      stdin,
      git: systemGit(runEnv as NodeJS.ProcessEnv, CWD),
      browser: { open: async () => {} } as never,
    });
    runs.push({ argv, r });
    return r;
  };

  before(async () => {
    h = await startSandbox({ seed: 'demo', legacy: true });
    canary = h.token;
    secrets = [canary, Buffer.from(`${h.email}:${canary}`).toString('base64'), encodeURIComponent(canary)];
    // a fake git: records argv and the GIT_* variables, answers `remote -v` with the sandbox's clone URL
    writeFileSync(
      join(FAKE_BIN, 'git'),
      `#!/usr/bin/env node
const fs = require('node:fs');
const gitEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GIT_')));
fs.appendFileSync(${JSON.stringify(GIT_LOG)}, JSON.stringify({ argv: process.argv.slice(2), env: gitEnv }) + '\\n');
const a = process.argv.slice(2);
if (a[0] === 'remote') { process.stdout.write('origin\\t${h.url.replace('/2.0', '')}/acme/web.git (fetch)\\norigin\\t${h.url.replace('/2.0', '')}/acme/web.git (push)\\n'); process.exit(0); }
if (a[0] === 'rev-parse') { process.stdout.write('feature/login\\n'); process.exit(0); }
process.exit(0);
`,
    );
    chmodSync(join(FAKE_BIN, 'git'), 0o755);
    env = {
      HOME,
      XDG_CONFIG_HOME: join(HOME, '.config'),
      PATH: `${FAKE_BIN}:${process.env.PATH ?? ''}`,
      BB_API_URL: h.url,
      BB_EMAIL: h.email,
      BB_TOKEN: canary,
      BB_DEBUG: 'api',
      BB_NO_INPUT: '1',
    };
  });
  after(() => h.close());

  test('every command, --help and a plausible call, with BB_DEBUG=api', async () => {
    const names = COMMAND_META.map((m) => m.path.join(' '));
    assert.ok(names.length >= 80, `${names.length} commands`);
    const byName = new Map(COMMAND_META.map((m) => [m.path.join(' '), m]));
    const ordered = [...COMMAND_META.filter((m) => !DEFERRED.includes(m.path.join(' '))), ...DEFERRED.map((n) => byName.get(n))];
    for (const meta of ordered) {
      assert.ok(meta, 'every deferred command is in the catalog');
      const name = meta.path.join(' ');
      const help = await run([...meta.path, '--help']);
      assert.equal(help.code, 0, `bb ${name} --help: ${help.stderr}`);
      if (HELP_ONLY.has(name)) continue;
      const argv = invocation(meta);
      const stdin =
        name === 'auth login' || name === 'auth git-credential'
          ? name === 'auth login'
            ? `${canary}\n`
            : `protocol=http\nhost=${new URL(h.url).host}\n\n`
          : undefined;
      await run(argv, {}, stdin);
    }
    assert.ok(runs.length >= 2 * names.length - HELP_ONLY.size * 2);
    const ran = runs.filter((x) => !x.argv.includes('--help'));
    const failed = ran
      .filter((x) => x.r.code !== 0)
      .map((x) => `bb ${x.argv.join(' ')}: ${x.r.stderr.split('\n').find((l) => l.startsWith('error')) ?? x.r.code}`);
    if (process.env.BB_TEST_VERBOSE) console.log(failed.join('\n'));
    assert.ok(failed.length <= ran.length / 4, `most plausible calls succeed (the suite exercises real paths); failed:\n${failed.join('\n')}`);
  });

  test('a stored login: hosts file 0600 in a 0700 dir; commands work from it', async () => {
    const login = await run(['auth', 'login', '--with-token', '--email', h.email], { BB_TOKEN: undefined, BB_EMAIL: undefined }, `${canary}\n`);
    assert.equal(login.code, 0, login.stderr);
    const store = files(CONFIG).filter((f) => f.text.includes(canary));
    assert.ok(store.length <= 1, `the token is stored in one file at most: ${store.map((f) => f.path).join(', ')}`);
    for (const f of files(CONFIG)) {
      if (/hosts|cred|token/i.test(f.path)) assert.equal(statSync(f.path).mode & 0o777, 0o600, `${f.path} is 0600`);
    }
    assert.equal(statSync(CONFIG).mode & 0o777, 0o700, 'the config dir is 0700');
    for (const argv of [
      ['repo', 'view', 'acme/web'],
      ['auth', 'status'],
      ['pr', 'list', '-R', 'acme/web'],
      ['auth', 'setup-git'],
    ]) {
      const r = await run(argv, { BB_TOKEN: undefined, BB_EMAIL: undefined });
      assert.equal(r.code, 0, `bb ${argv.join(' ')}: ${r.stderr}`);
    }
  });

  test('plain http:// is refused off loopback, before anything is sent', async () => {
    const before = sent.length;
    for (const url of ['http://api.bitbucket.org/2.0', 'http://10.0.0.1:8080/2.0', 'http://localhost.evil.example/2.0']) {
      const r = await run(['repo', 'view', 'acme/web'], { BB_API_URL: url });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error 7003 INSECURE_URL: /);
    }
    assert.equal(sent.length, before, 'no request was made');
  });

  test('the step-log redirect to another origin carries no Authorization', async () => {
    await fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ logRedirect: true }) });
    try {
      const r = await run(['pipeline', 'logs', '1', '-R', 'acme/web']);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await fetch(`${h.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ logRedirect: false }) });
    }
    const log = (await (await fetch(`${h.admin}/requests`)).json()) as Array<{ origin?: string; authorization?: boolean; status: number }>;
    const logs = log.filter((e) => e.origin === 'logs');
    assert.ok(logs.length > 0, 'the log was fetched from the second origin');
    assert.ok(
      logs.every((e) => e.authorization === false && e.status < 400),
      JSON.stringify(logs),
    );
  });

  test('secrets in URLs are redacted: userinfo in BB_API_URL, credential-named query parameters (errors, BB_DEBUG)', async () => {
    const u = new URL(h.url);
    const withUser = `${u.protocol}//someone:pw-Q7x9-secret@${u.host}${u.pathname}`;
    const r1 = await run(['repo', 'view', 'acme/web'], { BB_API_URL: withUser });
    assert.equal(r1.code, 1, r1.stderr);
    assert.match(r1.stderr, /^error 4001 CONFIG_INVALID: BB_API_URL must not carry a user name or password: http:\/\/\*\*\*@127\.0\.0\.1/);
    const r2 = await run(['repo', 'view', 'acme/web'], { BB_API_URL: `${h.url}?access_token=qs-Q7x9-secret` });
    assert.equal(r2.code, 1, r2.stderr);
    assert.match(r2.stderr, /^error 4001 CONFIG_INVALID: .*access_token=\*\*\*/);
    // BB_DEBUG logs the request with its query: the credential-named parameters are redacted
    const queries = ['access_token', 'token', 'password', 'client_secret', 'secret', 'key', 'code'].map((k, i) => `${k}=q${i}-Q7x9-secret`);
    const r3 = await run(['api', `/user?${queries.join('&')}&page=2`]);
    assert.match(
      r3.stderr,
      /\[bb debug\] GET .*\/user\?access_token=\*\*\*&token=\*\*\*&password=\*\*\*&client_secret=\*\*\*&secret=\*\*\*&key=\*\*\*&code=\*\*\*&page=2/,
    );
    const r4 = await run(['api', `/repositories/acme/no-such-repo?access_token=q-Q7x9-secret`]);
    assert.equal(r4.code, 1, r4.stderr);
    for (const r of [r1, r2, r3, r4]) {
      assert.doesNotMatch(r.stdout, /Q7x9/);
      assert.doesNotMatch(r.stderr, /Q7x9/);
    }
  });

  test('no canary in any output, any file but the credential store, or any git call', () => {
    for (const { argv, r } of runs) {
      const what = `bb ${argv.join(' ')}`;
      if (PRINTS_TOKEN.has(argv.slice(0, 2).join(' ')) && !argv.includes('--help')) continue;
      for (const s of secrets) {
        assert.ok(!r.stdout.includes(s), `the token is in the stdout of ${what}`);
        assert.ok(!r.stderr.includes(s), `the token is in the stderr of ${what}`);
      }
    }
    assert.ok(
      runs.some(({ r }) => r.stderr.includes('[bb debug]')),
      'BB_DEBUG=api logged requests',
    );
    for (const f of [...files(HOME), ...files(CWD)]) {
      if (f.path.startsWith(CONFIG) && /hosts/.test(f.path)) continue;
      for (const s of secrets) assert.ok(!f.text.includes(s), `the token is in ${f.path}`);
    }
    const calls = readFileSync(GIT_LOG, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; env: Record<string, string> });
    assert.ok(calls.length > 0, 'git was run');
    assert.ok(
      calls.some((c) => c.argv[0] === 'clone'),
      'repo clone ran git clone',
    );
    for (const c of calls) {
      for (const s of secrets) {
        assert.ok(!c.argv.join(' ').includes(s), `the token is in git's argv: ${c.argv.join(' ')}`);
        assert.ok(!JSON.stringify(c.env).includes(s), `the token is in git's environment (GIT_*): ${c.argv.join(' ')}`);
      }
      for (const a of c.argv) assert.doesNotMatch(a, /^[a-z+]+:\/\/[^/\s]*@/i, `a URL with credentials in git's argv: ${a}`);
    }
  });

  test('the credential never went to another origin', () => {
    const api = new URL(h.url).origin;
    const elsewhere = sent.filter((s) => s.authorization && s.origin !== api);
    assert.deepEqual(elsewhere, []);
  });
});
