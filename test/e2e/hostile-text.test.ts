/**
 * The hostile-server suite (issue 14, the client half): what a server — or a user's own input — can put in
 * front of bb, and how bb stays safe and honest about it.
 *
 * - Terminal escapes: every escape class (CSI `ESC [2J`, OSC with BEL, bare BEL, C1 controls incl. U+009B,
 *   bidi overrides and isolates U+202A–U+202E / U+2066–U+2069) fed through an API error message, a hint,
 *   an echoed -R value, a `--dry-run` plan and a table, on a pseudo-terminal (runBb with `tty: true`):
 *   the raw bytes never reach either stream; `--json` (data and JSON errors) stays byte-exact.
 * - Error taxonomy: answers bb cannot read (truncated JSON, text/plain, an empty 200) are API_BAD_RESPONSE
 *   (2009, naming status and content type), never 9001; a 2xx without the created object's id is an error;
 *   BB_API_URL that is no URL is a config error (4001); `bb api -X TRACE` a usage error (exit 2).
 * - 410 Gone: API_GONE (2012) with a hint; the Cloud issue tracker's removal named; the cross-workspace
 *   listings' 410 said plainly.
 * - Redaction: userinfo in BB_API_URL and credential-named query parameters never printed (errors,
 *   BB_DEBUG, dry run).
 * - Browser opens: only http(s) pages on the host's own web origin; never an argument the launcher could
 *   read as an option.
 * - Crashes on schema-valid answers: huge int64 timestamps on Data Center; `pr activity` on Data Center
 *   with an inline comment (against the DC sandbox, end to end).
 *
 * bb runs in-process (runBb) against FetchRegistry stubs, except the Data Center activity case, which runs
 * ./bin/bb against a DC sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DcSandboxHandle } from '../../src/sandbox/dc/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { FetchRegistry } from '../support/fake-fetch.js';
import { runBb } from '../support/run.js';

const ENV = { BB_TOKEN: 'secret-token-123', BB_REPO: 'acme/web' };
const PRS = '/repositories/acme/web/pullrequests';

/** One of each escape class. */
const ESCAPES = {
  csi: '\u001b[2J',
  osc: '\u001b]0;pwned\u0007',
  bel: '\u0007',
  c1csi: '\u009b31m',
  c1: '\u0085',
  rlo: '\u202e',
  lre: '\u202a',
  isolate: '\u2066',
  pdi: '\u2069',
};
const HOSTILE = `evil${Object.values(ESCAPES).join('x')}end`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the raw bytes are what must not appear
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertClean(text: string, where: string): void {
  const m = RAW.exec(text);
  assert.equal(m, null, `${where} carries a raw control character U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(text)}`);
}

function pr(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    title: 'Add login',
    description: 'Adds the login page.',
    state: 'OPEN',
    draft: false,
    author: { nickname: 'ada', display_name: 'Ada', uuid: '{a}' },
    source: { branch: { name: 'feature/login' }, commit: { hash: 'abc1234' }, repository: { full_name: 'acme/web' } },
    destination: { branch: { name: 'main' }, repository: { full_name: 'acme/web' } },
    reviewers: [],
    participants: [],
    created_on: '2026-11-01T10:00:00Z',
    updated_on: '2026-11-27T10:00:00Z',
    links: { html: { href: 'https://bitbucket.org/acme/web/pull-requests/7' } },
    ...over,
  };
}

describe('terminal escapes never reach the terminal', () => {
  test('an API error message and its detail, on a terminal', async () => {
    const reg = new FetchRegistry().stub({
      method: 'GET',
      path: `${PRS}/7`,
      status: 400,
      body: { type: 'error', error: { message: HOSTILE, detail: HOSTILE, fields: { title: [HOSTILE] } } },
    });
    const r = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error 2007 API_BAD_REQUEST: .*evil\^\[\[2J/);
    assert.match(r.stderr, /\\u\{9b\}31m/);
    assert.match(r.stderr, /\\u\{202e\}/);
    assertClean(r.stderr, 'stderr');
    assertClean(r.stdout, 'stdout');
  });

  test('an API error piped to a file or another program is sanitised too (error lines are for people)', async () => {
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, status: 400, body: { type: 'error', error: { message: HOSTILE } } });
    const r = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error 2007 API_BAD_REQUEST/);
    assertClean(r.stderr, 'stderr');
  });

  test('a plain-text error body, with the hint of its status', async () => {
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, status: 501, body: HOSTILE, headers: { 'content-type': 'text/plain' } });
    const r = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /API_NOT_IMPLEMENTED/);
    assertClean(r.stderr, 'stderr');
  });

  test('with --json the error object is exact: the escapes are kept, JSON-encoded', async () => {
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, status: 400, body: { type: 'error', error: { message: HOSTILE } } });
    const r = await runBb(['pr', 'view', '7', '--json', 'id'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(r.code, 1);
    const parsed = JSON.parse(r.stderr) as { error: { code: number; message: string } };
    assert.equal(parsed.error.code, 2007);
    assert.equal(parsed.error.message, `GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}: ${HOSTILE}`);
  });

  test('echoed user input: a -R value, a branch, an unknown flag', async () => {
    // the branch is looked up (and not found): the error names it
    const reg = new FetchRegistry().stub({ method: 'GET', path: PRS, body: { values: [], pagelen: 1 } });
    for (const argv of [
      ['repo', 'view', '-R', `acme/${HOSTILE}/x`],
      ['pr', 'list', '-R', HOSTILE],
      ['pr', 'view', HOSTILE, '-R', 'acme/web'],
      ['pr', 'list', `--${HOSTILE}`],
      [HOSTILE],
    ]) {
      const r = await runBb(argv, { fetch: reg.fetch, env: { BB_TOKEN: 't' }, tty: true });
      assert.notEqual(r.code, 0, argv.join(' '));
      assert.match(r.stderr, /^error \d{4} /, argv.join(' '));
      assert.match(r.stderr, /evil/, `${argv.join(' ')} echoes the input (made visible)`);
      assertClean(r.stderr, `${JSON.stringify(argv)}: stderr`);
    }
    reg.verify();
  });

  test('auth status: a display name and a failed check message from the server, on a terminal', async () => {
    for (const stub of [
      { method: 'GET', path: '/user', body: { display_name: HOSTILE, nickname: 'n', uuid: '{u}', account_id: '1' } },
      { method: 'GET', path: '/user', status: 401, body: { type: 'error', error: { message: HOSTILE } } },
    ]) {
      const reg = new FetchRegistry().stub(stub);
      const r = await runBb(['auth', 'status'], { fetch: reg.fetch, env: { BB_TOKEN: 't', BB_EMAIL: 'a@b.test' }, tty: true });
      assert.match(r.stderr, /evil/);
      assertClean(r.stderr, 'stderr');
    }
  });

  test('pr edit --dry-run: the planned body on a terminal; --json keeps it exact', async () => {
    const title = `Fix ${ESCAPES.rlo}gnp.exe${ESCAPES.c1csi}2J`;
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr() }).stub({ method: 'GET', path: `${PRS}/7`, body: pr() });
    const r = await runBb(['pr', 'edit', '7', '--title', title, '--dry-run'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would send: PUT/);
    assert.match(r.stdout, /\\u\{202e\}gnp\.exe/);
    assertClean(r.stdout, 'stdout');
    assertClean(r.stderr, 'stderr');
    const j = await runBb(['pr', 'edit', '7', '--title', title, '--dry-run', '--json', 'id'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(j.code, 0, j.stderr);
    assert.equal((JSON.parse(j.stdout) as { requests: Array<{ body: { title: string } }> }).requests[0]?.body.title, title);
  });

  test('a table of server text on a terminal, and --json of the same list byte-exact', async () => {
    const reg = new FetchRegistry()
      .stub({ method: 'GET', path: PRS, body: { values: [pr({ title: HOSTILE })], pagelen: 1 } })
      .stub({ method: 'GET', path: PRS, body: { values: [pr({ title: HOSTILE })], pagelen: 1 } });
    const r = await runBb(['pr', 'list'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /evil/);
    assertClean(r.stdout, 'stdout');
    assertClean(r.stderr, 'stderr');
    const j = await runBb(['pr', 'list', '--json', 'title'], { fetch: reg.fetch, env: ENV, tty: true });
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual(JSON.parse(j.stdout), [{ title: HOSTILE }]);
    reg.verify();
  });
});

describe('answers bb cannot read are API errors, not bugs', () => {
  const cases: Array<{ what: string; argv: string[]; path: string; body: string; type: string; expect: RegExp }> = [
    { what: 'text/plain', argv: ['pr', 'view', '7'], path: `${PRS}/7`, body: 'hello, I am a proxy', type: 'text/plain', expect: /HTTP 200, text\/plain/ },
    {
      what: 'truncated JSON',
      argv: ['pr', 'view', '7'],
      path: `${PRS}/7`,
      body: '{"id": 7, "ti',
      type: 'application/json',
      expect: /not readable JSON \(HTTP 200, application\/json\)/,
    },
    { what: 'an empty 200 (typed client)', argv: ['pr', 'view', '7'], path: `${PRS}/7`, body: '', type: 'application/json', expect: /empty .*HTTP 200/ },
    {
      what: 'an empty 200 (paginator: pr activity)',
      argv: ['pr', 'activity', '7'],
      path: `${PRS}/7/activity`,
      body: '',
      type: 'application/json',
      expect: /empty .*HTTP 200/,
    },
    {
      what: 'an empty 200 (paginator: download list)',
      argv: ['download', 'list'],
      path: '/repositories/acme/web/downloads',
      body: '',
      type: 'application/json',
      expect: /empty .*HTTP 200/,
    },
    {
      what: 'an HTML page (paginator)',
      argv: ['download', 'list'],
      path: '/repositories/acme/web/downloads',
      body: '<html>login</html>',
      type: 'text/html',
      expect: /HTTP 200, text\/html/,
    },
  ];
  for (const c of cases) {
    test(`${c.what}: ${c.argv.join(' ')} → 2009 API_BAD_RESPONSE naming status and content type`, async () => {
      const reg = new FetchRegistry().stub({ method: 'GET', path: c.path, body: c.body, headers: { 'content-type': c.type } });
      const r = await runBb(c.argv, { fetch: reg.fetch, env: ENV });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: /);
      assert.match(r.stderr, c.expect);
      assert.doesNotMatch(r.stderr, /9001|INTERNAL|bug in bb/);
      reg.verify();
    });
  }

  test('a created object without its id is an error, not "Created issue #undefined"', async () => {
    const reg = new FetchRegistry().stub({ method: 'POST', path: '/repositories/acme/web/issues', status: 201, body: { title: 'x', type: 'issue' } });
    const r = await runBb(['issue', 'create', '--title', 'x'], { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*the API answered the issue without id/);
    assert.doesNotMatch(r.stderr, /undefined/);
    assert.equal(r.stdout, '');
  });

  test('pr comments add checks the created id too', async () => {
    const c = new FetchRegistry().stub({ method: 'POST', path: `${PRS}/7/comments`, status: 201, body: { content: { raw: 'x' } } });
    const r = await runBb(['pr', 'comments', 'add', '7', '--body', 'x'], { fetch: c.fetch, env: ENV });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*the comment without id/);
    assert.doesNotMatch(r.stderr, /undefined/);
  });

  test('BB_API_URL that is no URL is a config error (4001), with or without a password in it', async () => {
    for (const url of ['notaurl', 'ftp://127.0.0.1/2.0']) {
      const r = await runBb(['repo', 'list', 'acme'], { env: { BB_TOKEN: 't', BB_API_URL: url } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 4001 CONFIG_INVALID: BB_API_URL is not an? (http\(s\) )?URL/);
    }
    const r = await runBb(['repo', 'list', 'acme', '--json', 'name'], { env: { BB_TOKEN: 't', BB_API_URL: 'http://user:hunter2@127.0.0.1:1/2.0' } });
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stderr) as { error: { code: number } }).error.code, 4001);
    assert.doesNotMatch(r.stderr, /hunter2/);
  });

  test('bb api -X TRACE is a usage error (exit 2), not a crash', async () => {
    for (const m of ['TRACE', 'connect', 'TRACK']) {
      const r = await runBb(['api', '-X', m, '/user'], { env: { BB_TOKEN: 't' } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: bb api cannot send/);
    }
  });
});

describe('410 Gone', () => {
  const gone = { type: 'error', error: { message: 'Gone' } };

  test('the Cloud issue tracker: API_GONE (2012) naming its removal and Jira, for reads and writes', async () => {
    for (const [argv, method, path] of [
      [['issue', 'list'], 'GET', '/repositories/acme/web/issues'],
      [['issue', 'view', '12'], 'GET', '/repositories/acme/web/issues/12'],
      [['issue', 'create', '--title', 'x'], 'POST', '/repositories/acme/web/issues'],
    ] as const) {
      const reg = new FetchRegistry().stub({ method, path, status: 410, body: gone });
      const r = await runBb([...argv], { fetch: reg.fetch, env: ENV });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 2012 API_GONE: .*Bitbucket Cloud removed the issue tracker on 2026-08-20/, argv.join(' '));
      assert.match(r.stderr, /hint: use Jira/);
      reg.verify();
    }
    const j = await runBb(['issue', 'list', '--json', 'id'], {
      fetch: new FetchRegistry().stub({ method: 'GET', path: '/repositories/acme/web/issues', status: 410, body: gone }).fetch,
      env: ENV,
    });
    const err = (JSON.parse(j.stderr) as { error: { code: number; name: string; status: number } }).error;
    assert.deepEqual([err.code, err.name, err.status], [2012, 'API_GONE', 410]);
  });

  test("the issue commands' help says the Cloud tracker is gone", async () => {
    for (const argv of [
      ['issue', '--help'],
      ['issue', 'list', '--help'],
      ['issue', 'create', '--help'],
    ]) {
      const r = await runBb(argv);
      assert.equal(r.code, 0);
      assert.match(r.stdout.replace(/\s+/g, ' '), /removed (the issue tracker )?(from Bitbucket Cloud )?on 2026-08-20/, argv.join(' '));
      assert.match(r.stdout, /Jira/, argv.join(' '));
    }
  });

  test('the cross-workspace listings (GET /repositories, /workspaces, /user/permissions/*): said plainly', async () => {
    for (const path of ['/repositories', '/workspaces', '/user/permissions/repositories', '/user/permissions/workspaces']) {
      const reg = new FetchRegistry().stub({ method: 'GET', path, status: 410, body: gone });
      const r = await runBb(['api', path], { fetch: reg.fetch, env: { BB_TOKEN: 't' } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 2012 API_GONE: .*Bitbucket Cloud no longer serves this cross-workspace listing \(HTTP 410 Gone\)/m, path);
      assert.match(r.stderr, /hint: list one workspace at a time: `bb workspace list`, then `bb repo list WORKSPACE`/);
      reg.verify();
    }
  });

  test('any other 410: API_GONE with the server message and a hint that retrying will not help', async () => {
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, status: 410, body: { type: 'error', error: { message: 'this API was retired' } } });
    const r = await runBb(['pr', 'view', '7'], { fetch: reg.fetch, env: ENV });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error 2012 API_GONE: .*this API was retired \(HTTP 410 Gone\)/);
    assert.match(r.stderr, /hint: .*will not help/);
  });
});

describe('--web opens only the host’s own pages', () => {
  const recorder = () => {
    const opened: string[] = [];
    return { opened, browser: { open: async (u: string) => void opened.push(u) } as never };
  };

  test('a server link to file:, javascript:, another origin or an option-like string is refused; nothing opens', async () => {
    for (const href of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://evil.example/acme/web',
      '--help',
      '-a',
      `https://evil.example/${ESCAPES.rlo}${ESCAPES.csi}`,
      'https://user:pw@bitbucket.org/x',
    ]) {
      const { opened, browser } = recorder();
      const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr({ links: { html: { href } } }) });
      const r = await runBb(['pr', 'view', '7', '--web'], { fetch: reg.fetch, env: ENV, browser, tty: true });
      assert.equal(r.code, 1, `${href}: ${r.stderr}`);
      assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: refusing to open .* in a browser: it is not a page of https:\/\/bitbucket\.test/, href);
      assert.deepEqual(opened, [], href);
      assertClean(r.stderr, `${href}: stderr`);
      assert.doesNotMatch(r.stderr, /user:pw/);
    }
  });

  test('a page on bitbucket.org (Cloud) or on the sandbox’s own origin opens; another port of the same host does not', async () => {
    const ok = recorder();
    const reg = new FetchRegistry().stub({ method: 'GET', path: `${PRS}/7`, body: pr() });
    const r = await runBb(['pr', 'view', '7', '--web'], { fetch: reg.fetch, env: ENV, browser: ok.browser });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ok.opened, ['https://bitbucket.org/acme/web/pull-requests/7']);

    const api = 'http://127.0.0.1:8123/2.0';
    for (const [href, opens] of [
      ['http://127.0.0.1:8123/acme/web', true],
      ['http://127.0.0.1:8124/acme/web', false],
    ] as const) {
      const rec = recorder();
      const fetchStub: typeof fetch = async () =>
        new Response(JSON.stringify({ full_name: 'acme/web', name: 'web', slug: 'web', links: { html: { href } } }), {
          headers: { 'content-type': 'application/json' },
        });
      const v = await runBb(['repo', 'view', 'acme/web', '--web'], { fetch: fetchStub, env: { BB_TOKEN: 't', BB_API_URL: api }, browser: rec.browser });
      assert.equal(v.code, opens ? 0 : 1, v.stderr);
      assert.deepEqual(rec.opened, opens ? [href] : [], href);
    }
  });

  test('the system launcher gets the normalised URL as one argument (never an option, never a shell)', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'bb-browser-'));
    const log = join(dir, 'argv.json');
    const script = join(dir, 'browser.mjs');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)));\n`);
    const reg = new FetchRegistry().stub({
      method: 'GET',
      path: `${PRS}/7`,
      body: pr({ links: { html: { href: 'HTTPS://BITBUCKET.ORG/acme/web/pull-requests/7?a=$(id)&b=`x`' } } }),
    });
    const r = await runBb(['pr', 'view', '7', '--web'], { fetch: reg.fetch, env: { ...ENV, BROWSER: `${process.execPath} ${script}` } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(readFileSync(log, 'utf8')), ['https://bitbucket.org/acme/web/pull-requests/7?a=$(id)&b=`x`']);
  });

  test('the system launcher itself refuses anything but an http(s) URL (the OAuth login opens through it too)', async () => {
    const { systemBrowser } = await import('../../src/context/prompt.js');
    const browser = systemBrowser({ BROWSER: '/bin/false' });
    for (const u of ['--help', '-a', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      await assert.rejects(browser.open(u), /refusing to open .* not an http\(s\) URL/, u);
    }
  });
});

describe('Data Center answers that are valid but unusual', () => {
  let h: DcSandboxHandle;
  before(async () => {
    h = (await startSandbox({ kind: 'dc' })) as DcSandboxHandle;
  });
  after(() => h?.close());

  test('a large but valid int64 timestamp: pr comments, pr activity, pr view --comments and pr list print it, never "Invalid time value"', async () => {
    const MAX = '9223372036854775807';
    const env = { BB_HOST: h.url, BB_USERNAME: 'admin', BB_TOKEN: 'admin', BB_REPO: 'ACME/api' };
    const add = await runBb(['pr', 'comments', 'add', '1', '--body', 'far in the future'], { env, fetch: globalThis.fetch });
    assert.equal(add.code, 0, add.stderr);
    // every epoch-millisecond date the sandbox sends becomes int64's largest value
    const hugeDates: typeof fetch = async (input, init) => {
      const r = await globalThis.fetch(input, init);
      if (!/json/.test(r.headers.get('content-type') ?? '')) return r;
      const text = (await r.text()).replace(/"(createdDate|updatedDate|authorTimestamp|committerTimestamp|dateAdded)":\d+/g, `"$1":${MAX}`);
      return new Response(text, { status: r.status, headers: r.headers });
    };
    for (const argv of [
      ['pr', 'comments', 'list', '1'],
      ['pr', 'activity', '1'],
      ['pr', 'view', '1', '--comments'],
      ['pr', 'list'],
    ]) {
      for (const tty of [false, true]) {
        const r = await runBb(argv, { env, fetch: hugeDates, tty });
        assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /9001|Invalid time value/);
      }
    }
    const j = await runBb(['pr', 'comments', 'list', '1', '--json', 'createdAt'], { env, fetch: hugeDates });
    assert.equal(j.code, 0, j.stderr);
    assert.ok(
      (JSON.parse(j.stdout) as Array<{ createdAt: string }>).some((c) => c.createdAt === '9223372036854776000'),
      j.stdout,
    );
  });
});

describe('bb pr activity on Data Center with an inline comment (./bin/bb against bb sandbox --kind dc)', () => {
  let sb: DcSandbox;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-hostile-');
    await sb.loginAsAdmin();
  });
  after(() => sb?.stop());

  test('pr comments add --file --line, then pr activity: the comment is listed with its file and line (was 9001 "Cannot convert object to primitive value")', async () => {
    const repo = `${new URL(sb.ready.url).host}/ACME/api`;
    const add = await sb.bb(['pr', 'comments', 'add', '1', '--file', 'src/login.js', '--line', '1', '--body', 'x', '-R', repo]);
    assert.equal(add.code, 0, add.stderr);
    const r = await sb.bb(['pr', 'activity', '1', '-R', repo]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\tadmin\tcommented\tsrc\/login\.js:1: x$/m);
    const j = await sb.bb(['pr', 'comments', 'list', '1', '-R', repo, '--json', 'path,line,body']);
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual(JSON.parse(j.stdout), [{ path: 'src/login.js', line: 1, body: 'x' }]);
  });
});
