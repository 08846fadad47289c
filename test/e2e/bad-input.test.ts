/**
 * The bad-input suite: table-driven malformed input — repository names, unknown flags, file
 * arguments that traverse or cannot be read, shell metacharacters in branch names, terminal escapes
 * in titles, huge and negative numbers, unknown scopes, invalid JSON, corrupt config and hosts
 * files. Each case checks its stable error code, the documented exit status, that no stack trace
 * shows, and (where it applies) that nothing was sent, run or lost.
 *
 * bb runs in-process (`main()` via runBb) against an in-process sandbox with the real fetch: a
 * child process per case would take most of a minute on 2 cores.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { STACK_TRACE } from '../support/e2e.js';
import { type RunResult, runBb, tempDir } from '../support/run.js';

interface Case {
  name: string;
  argv: string[];
  /** Expected error code (first stderr line), or 0 for success. */
  code: number;
  /** Expected exit status (defaults from the code's group: 5xxx → 2, 1xxx → 4, else 1). */
  exit?: number;
  stdin?: string;
  env?: Record<string, string>;
  tty?: boolean;
  /** Extra checks on the result. */
  check?: (r: RunResult) => void | Promise<void>;
  /** The case must not send any API request (it fails before one). */
  noRequest?: boolean;
}

const CANARY_DIR = tempDir('bb-canary-');
const canary = (n: string) => join(CANARY_DIR, n);
const WORK = tempDir('bb-bad-input-');
/** Raw terminal controls that must not reach a terminal: ESC, BEL, CSI (C1), RTL override. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const RAW_CONTROLS = /[\u001b\u0007\u009b\u202e]/;
const EVIL_TITLE = 'Fix \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \u202Eevil\u202C \x9b31m end';

function exitFor(code: number): number {
  if (code === 0) return 0;
  if (code === 5006) return 130;
  if (code >= 1000 && code < 2000) return 4;
  if (code === 2003) return 4;
  if (code >= 5000 && code < 6000) return 2;
  return 1;
}

const BAD_REPOS = [
  'noslash',
  '/',
  'a/',
  '/b',
  'a/b/c',
  'a b/c',
  '../x',
  'ws/..',
  '..%2f..%2fetc/passwd',
  'ws/repo?x=1',
  'ws/repo#frag',
  'ws/re po',
  'ws/$(touch x)',
  'ws/\u202Eoper',
  'ws\x1b[31m/repo',
];

const HUGE = '99999999999999999999999';
const BAD_IDS = ['-1', '0', HUGE, '#0', '#-1', '00'];
/** Not numbers: looked up as source branch names (a clean 2002 when none matches). */
const BRANCHY_IDS = ['1e3', '0x10', 'abc', '1.5', ' 7', '../1'];
const BAD_LIMITS = ['-1', '0', 'abc', '1e999', HUGE, '1.5', ''];

const CASES: Case[] = [];

// ---- malformed -R ---------------------------------------------------------------------------------
for (const r of BAD_REPOS) {
  CASES.push({ name: `-R ${JSON.stringify(r)} (repo view)`, argv: ['repo', 'view', '-R', r], code: 5003, noRequest: true });
}
CASES.push({ name: '-R with a 300-character workspace', argv: ['repo', 'view', '-R', `${'a'.repeat(300)}/x`], code: 2002 });
for (const r of ['x', 'a/b/c', '../..', 'ws/$(id)']) {
  CASES.push({ name: `-R ${JSON.stringify(r)} (pr list)`, argv: ['pr', 'list', '-R', r], code: 5003, noRequest: true });
  CASES.push({ name: `BB_REPO=${JSON.stringify(r)} (pr list)`, argv: ['pr', 'list'], env: { BB_REPO: r }, code: 5003, noRequest: true });
}

// ---- unknown commands and flags --------------------------------------------------------------------
for (const argv of [
  ['bogus'],
  ['pr', 'bogus'],
  ['pr', 'list', '--nope'],
  ['pr', 'list', '-Z'],
  ['repo', 'view', '--json=name', '--nope'],
  ['pr', 'view'].concat(['--limit', '3']),
  ['pr', 'list', '--limit'],
  ['pr', 'list', '--state', 'bogus'],
  ['pr', 'merge', '1', '--strategy', 'yolo'],
  ['issue', 'list', '--json', 'nope'],
  ['pr', 'list', '--json', 'id,title,nope'],
  ['pr', 'list', '--jq', '.[]'],
  ['scopes', 'nope command'],
  ['api'],
  ['api', '/user', '-X', 'G E T'],
  ['api', '/user', '-H', 'no-colon'],
  ['auth', 'login', '--token', 'secret'],
  ['config', 'get', 'no_such_key'],
  ['config', 'set', 'git_protocol', 'carrier-pigeon'],
]) {
  const expected =
    argv.includes('--state') || argv.includes('--strategy') || argv[argv.length - 1] === '--limit'
      ? 5002
      : argv.includes('--json')
        ? 5004
        : argv.includes('--jq') || argv.includes('-X') || argv.includes('-H')
          ? 5002
          : argv[0] === 'config' && argv[1] === 'get'
            ? 4002
            : argv[0] === 'config'
              ? 4003
              : argv[0] === 'scopes'
                ? 5002
                : 5001;
  CASES.push({ name: `bb ${argv.join(' ')}`, argv, code: expected, noRequest: true });
}

// ---- a branch of another repository, a clone's default repository --------------------------------------
for (const head of ['acme/web:', ':feature', 'a/b/c:feature', 'not a repo:x', '../..:x']) {
  CASES.push({
    name: `pr create --head ${JSON.stringify(head)}`,
    argv: ['pr', 'create', '-R', 'acme/web', '--head', head, '--title', 't'],
    code: 5002,
    noRequest: true,
    check: (r) => assert.match(r.stderr, /expected BRANCH or WORKSPACE\/REPO:BRANCH/),
  });
}
for (const argv of [
  ['repo', 'set-default'],
  ['repo', 'set-default', '--view', '--unset'],
  ['repo', 'set-default', 'acme/web', '--view'],
]) {
  CASES.push({ name: `bb ${argv.join(' ')}`, argv, code: 5001, noRequest: true });
}
// outside a git clone (these runs have none): refused before the repository is even read
CASES.push({ name: 'bb repo set-default acme/web (no clone)', argv: ['repo', 'set-default', 'acme/web'], code: 3002, noRequest: true });

// ---- file arguments: traversal, unreadable, directories -----------------------------------------------
for (const [what, argv] of [
  ['pr create --body-file (missing)', ['pr', 'create', '--head', 'feature/login', '--title', 't', '--body-file', '../../no/such/file']],
  ['pr create --body-file (a directory)', ['pr', 'create', '--head', 'feature/login', '--title', 't', '--body-file', '/']],
  ['issue create --body-file (missing)', ['issue', 'create', '--title', 't', '--body-file', '../../../nope.md']],
  ['api --input (missing)', ['api', '-X', 'POST', '/user', '--input', '../../nope.json']],
  ['api --input (a directory)', ['api', '-X', 'POST', '/user', '--input', '/tmp']],
  ['api -F @file (missing)', ['api', '-X', 'POST', '/user', '-F', 'a=@../../nope']],
  ['snippet create (missing)', ['snippet', 'create', '../../no/such/file', '-w', 'acme']],
  ['snippet create (a directory)', ['snippet', 'create', '/etc', '-w', 'acme']],
  ['download upload (missing)', ['download', 'upload', '../../no/such/file']],
  ['download upload (a directory)', ['download', 'upload', '/etc']],
  ['pr comments add --body-file (missing)', ['pr', 'comments', 'add', '1', '--body-file', '/nonexistent/x']],
] as Array<[string, string[]]>) {
  CASES.push({
    name: what,
    argv,
    code: 5007,
    noRequest: !argv.includes('create') || argv[0] === 'snippet' || argv[0] === 'issue',
    check: (r) => assert.match(r.stderr, /cannot read/),
  });
}

// ---- shell metacharacters in branch names (nothing may run) -------------------------------------------
const META = [
  (n: string) => `$(touch ${canary(n)})`,
  (n: string) => `\`touch ${canary(n)}\``,
  (n: string) => `x;touch ${canary(n)}`,
  (n: string) => `x|touch ${canary(n)}`,
  (n: string) => `x&&touch ${canary(n)}`,
];
META.forEach((m, i) => {
  CASES.push({ name: `pr create --head ${m(`h${i}`)}`, argv: ['pr', 'create', '--head', m(`h${i}`), '--title', 't'], code: -1 });
  CASES.push({ name: `pr create --base ${m(`b${i}`)}`, argv: ['pr', 'create', '--head', 'feature/login', '--base', m(`b${i}`), '--title', 't'], code: -1 });
  CASES.push({ name: `branch create ${m(`c${i}`)}`, argv: ['branch', 'create', m(`c${i}`)], code: -1 });
  CASES.push({ name: `pr list --head ${m(`l${i}`)}`, argv: ['pr', 'list', '--head', m(`l${i}`)], code: 0 });
  CASES.push({ name: `pr view ${m(`v${i}`)}`, argv: ['pr', 'view', m(`v${i}`)], code: -1 });
  CASES.push({ name: `commit list --branch ${m(`k${i}`)}`, argv: ['commit', 'list', m(`k${i}`)], code: -1 });
});

// ---- huge, negative and malformed ids and limits ----------------------------------------------------------
for (const id of BAD_IDS) {
  CASES.push({ name: `pr view ${JSON.stringify(id)}`, argv: ['pr', 'view', id], code: 5002, noRequest: true });
}
for (const id of BRANCHY_IDS) {
  CASES.push({ name: `pr view ${JSON.stringify(id)} (a branch name)`, argv: ['pr', 'view', id], code: 2002 });
}
for (const id of ['-1', HUGE]) {
  CASES.push({ name: `issue view ${id}`, argv: ['issue', 'view', id], code: 5002, noRequest: true });
  CASES.push({ name: `pr merge ${id}`, argv: ['pr', 'merge', id], code: 5002, noRequest: true });
  CASES.push({ name: `pr comments list ${id}`, argv: ['pr', 'comments', 'list', id], code: 5002, noRequest: true });
  // a build number or a UUID: a clean error either way
  CASES.push({ name: `pipeline view ${id}`, argv: ['pipeline', 'view', id], code: -1 });
}
CASES.push({ name: 'issue view 1.5', argv: ['issue', 'view', '1.5'], code: 5002, noRequest: true });
for (const l of BAD_LIMITS) {
  CASES.push({ name: `pr list --limit ${JSON.stringify(l)}`, argv: ['pr', 'list', '--limit', l], code: 5002, noRequest: true });
}
for (const l of ['-5', HUGE]) {
  CASES.push({ name: `repo list --limit ${l}`, argv: ['repo', 'list', 'acme', '--limit', l], code: 5002, noRequest: true });
  CASES.push({ name: `commit list --limit ${l}`, argv: ['commit', 'list', '--limit', l], code: 5002, noRequest: true });
}

// ---- scopes ---------------------------------------------------------------------------------------------
for (const argv of [
  ['scopes', 'explain', 'nope'],
  ['scopes', 'explain', 'read:nope:bitbucket'],
  ['scopes', 'explain', ''],
  ['scopes', 'explain', '\x1b[31mread'],
  ['scopes', 'profile', 'nope'],
]) {
  CASES.push({ name: `bb ${JSON.stringify(argv.join(' '))}`, argv, code: 5002, noRequest: true });
}

// ---- bb api --input with invalid JSON -----------------------------------------------------------------------
for (const [what, body] of [
  ['truncated', '{"title": "x"'],
  ['not JSON', 'title=x'],
  ['trailing comma', '{"a":1,}'],
]) {
  CASES.push({
    name: `api --input - (${what})`,
    argv: ['api', '-X', 'POST', '/repositories/acme/web/issues', '--input', '-'],
    stdin: body,
    code: 5002,
    noRequest: true,
  });
}

// ---- Unicode / RTL / ANSI in titles: neutralised on a TTY, intact in --json ----------------------------------
CASES.push({
  name: 'an escape-laden title is neutralised on a terminal',
  argv: ['issue', 'view', 'EVIL'],
  tty: true,
  code: 0,
  check: (r) => {
    assert.doesNotMatch(r.stdout, RAW_CONTROLS, `raw control characters reached the terminal: ${JSON.stringify(r.stdout)}`);
    assert.match(r.stdout, /red/);
  },
});
CASES.push({
  name: 'an escape-laden title is neutralised in a terminal list',
  argv: ['issue', 'list'],
  tty: true,
  code: 0,
  check: (r) => assert.doesNotMatch(r.stdout, RAW_CONTROLS),
});
CASES.push({
  name: 'an escape-laden title is intact in --json',
  argv: ['issue', 'view', 'EVIL', '--json', 'title'],
  code: 0,
  check: (r) => assert.equal(JSON.parse(r.stdout).title, EVIL_TITLE),
});
CASES.push({
  name: 'an escape-laden title is intact in --json on a terminal too',
  argv: ['issue', 'list', '--json', 'title'],
  tty: true,
  code: 0,
  check: (r) => assert.ok((JSON.parse(r.stdout) as Array<{ title: string }>).some((i) => i.title === EVIL_TITLE)),
});

describe('bad input: stable codes, documented exits, no stack traces, nothing run or lost', () => {
  let h: SandboxHandle;
  let env: Record<string, string>;
  let evilIssue = 0;
  const requests: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return globalThis.fetch(input, init);
  };

  before(async () => {
    h = await startSandbox({ seed: 'demo', legacy: true });
    env = { BB_API_URL: h.url, BB_TOKEN: h.token, BB_EMAIL: h.email, BB_REPO: 'acme/web' };
    const r = await runBb(['issue', 'create', '--title', EVIL_TITLE, '--body', 'x', '--json', 'id'], { env, fetch: globalThis.fetch });
    assert.equal(r.code, 0, r.stderr);
    evilIssue = JSON.parse(r.stdout).id;
  });
  after(async () => {
    await h.close();
    rmSync(WORK, { recursive: true, force: true });
  });

  test(`${CASES.length} table cases`, async (t) => {
    assert.ok(CASES.length >= 100, `${CASES.length} cases`);
    for (const c of CASES) {
      await t.test(c.name, async () => {
        requests.length = 0;
        const argv = c.argv.map((a) => (a === 'EVIL' ? String(evilIssue) : a));
        const r = await runBb(argv, { env: { ...env, ...c.env }, fetch: recordingFetch, stdin: c.stdin, tty: c.tty, cwd: WORK });
        assert.doesNotMatch(r.stderr, STACK_TRACE, 'no stack trace');
        if (c.code === 0) {
          assert.equal(r.code, 0, r.stderr);
        } else if (c.code === -1) {
          // any clean outcome: success, or one error line with a code and its documented exit status
          if (r.code !== 0) {
            const m = /^error (\d{4}) [A-Z_]+: /.exec(r.stderr);
            assert.ok(m, `not an error line: ${r.stderr}`);
            assert.equal(r.code, exitFor(Number(m[1])), r.stderr);
          }
        } else {
          if (argv.some((a) => a === '--json' || a.startsWith('--json='))) assert.equal(JSON.parse(r.stderr).error.code, c.code, r.stderr);
          else assert.match(r.stderr, new RegExp(`^error ${c.code} [A-Z_]+: `), `expected error ${c.code}, got:\n${r.stderr}`);
          assert.equal(r.code, c.exit ?? exitFor(c.code), r.stderr);
        }
        if (c.noRequest) assert.deepEqual(requests, [], 'nothing was sent');
        await c.check?.(r);
      });
    }
  });

  test('no shell metacharacter ran anything (canaries)', () => {
    const ran = META.flatMap((_, i) => ['h', 'b', 'c', 'l', 'v', 'k'].map((p) => `${p}${i}`)).filter((n) => existsSync(canary(n)));
    assert.deepEqual(ran, []);
  });

  test('--json errors are one JSON object with the same code', async () => {
    const r = await runBb(['repo', 'view', '-R', 'nope', '--json', 'name'], { env, fetch: recordingFetch });
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stderr).error.code, 5003);
  });

  describe('corrupt config and hosts files are reported, never overwritten', () => {
    const corrupt = '{"default_workspace": "acme", oops';
    const setup = (file: string) => {
      const dir = tempDir('bb-corrupt-');
      writeFileSync(join(dir, file), corrupt, { mode: 0o600 });
      return dir;
    };
    for (const [file, argv] of [
      ['config.json', ['config', 'get', 'editor']],
      ['config.json', ['config', 'list']],
      ['config.json', ['config', 'set', 'editor', 'vim']],
      ['config.json', ['config', 'unset', 'editor']],
      ['config.json', ['repo', 'list']],
      ['hosts.json', ['auth', 'status']],
      ['hosts.json', ['auth', 'login', '--with-token']],
      ['hosts.json', ['auth', 'logout']],
      ['hosts.json', ['repo', 'view', '-R', 'acme/web']],
    ] as Array<[string, string[]]>) {
      test(`${file}: bb ${argv.join(' ')}`, async () => {
        const dir = setup(file);
        const withEnv = file === 'hosts.json' ? { BB_API_URL: h.url, BB_REPO: 'acme/web' } : env;
        const r = await runBb(argv, {
          env: withEnv,
          configDir: dir,
          fetch: globalThis.fetch,
          stdin: argv.includes('--with-token') ? `${h.token}\n` : undefined,
        });
        assert.doesNotMatch(r.stderr, STACK_TRACE);
        assert.match(r.stderr, /^error 4001 CONFIG_INVALID: /, r.stderr);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(file.replace('.', '\\.')), 'names the file');
        assert.equal(readFileSync(join(dir, file), 'utf8'), corrupt, 'the corrupt file is left as it was');
        rmSync(dir, { recursive: true, force: true });
      });
    }
    test('an unreadable config dir entry (config.json is a directory)', async () => {
      const dir = tempDir('bb-corrupt-');
      mkdirSync(join(dir, 'config.json'));
      const r = await runBb(['config', 'get', 'editor'], { env, configDir: dir, fetch: globalThis.fetch });
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      assert.match(r.stderr, /^error 4001 CONFIG_INVALID: /, r.stderr);
      assert.ok(statSync(join(dir, 'config.json')).isDirectory());
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  test('traversal in upload names: only the base name travels', async () => {
    const dir = join(WORK, 'a', 'b');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(WORK, 'secret.txt'), 'not a secret\n');
    const names: string[] = [];
    const spy: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      if (req.method === 'POST') {
        const form = await req
          .clone()
          .formData()
          .catch(() => undefined);
        for (const [, v] of form?.entries() ?? []) if (typeof v !== 'string') names.push(v.name);
      }
      return globalThis.fetch(req);
    };
    const traversing = join(dir, '..', '..', 'secret.txt');
    const d = await runBb(['download', 'upload', traversing], { env, fetch: spy });
    const s = await runBb(['snippet', 'create', traversing, '-w', 'acme', '--title', 'x'], { env, fetch: spy });
    assert.doesNotMatch(d.stderr + s.stderr, STACK_TRACE);
    assert.deepEqual(names, ['secret.txt', 'secret.txt']);
  });
});
