/**
 * `bb pr review` and the review side of `bb pr comments` (issue 20, item 1), ./bin/bb against both sandboxes:
 * pending inline comments on a range with a suggestion, seen by their author only, published with
 * `pr review --submit`; approve / request changes / comment with a body; threads in `pr comments list`; Data
 * Center's needs work, anchored and blocker comments and its review endpoint; the sandboxes' validation of what is
 * sent; hostile comment text on a terminal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox as startInProcess } from '../../src/sandbox/index.js';
import { type DcSandbox, startDcSandbox } from '../support/dc.js';
import { runBb } from '../support/run.js';
import { bb, type SandboxProcess, startSandbox } from '../support/sandbox.js';

interface JsonComment {
  id: number;
  parentId: number | null;
  body: string;
  path: string | null;
  line: number | null;
  oldLine: number | null;
  startLine: number | null;
  pending: boolean;
  resolved: boolean;
}

describe('pr review on Bitbucket Cloud', () => {
  let sb: SandboxProcess;
  let alex: Record<string, string | undefined>;
  let dev: Record<string, string | undefined>;

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    const r = await fetch(`${sb.admin}/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ all: true, user: 'alex' }),
    });
    assert.equal(r.status, 201);
    const t = (await r.json()) as { token: string; email: string };
    alex = sb.env({ BB_TOKEN: t.token, BB_EMAIL: t.email, BB_REPO: 'acme/web' });
    dev = sb.env({ BB_REPO: 'acme/web' });
  });
  after(() => sb?.stop());

  test('a pending range comment with a suggestion: only its author sees it until the review is submitted', async () => {
    let r = await bb(
      [
        'pr',
        'comments',
        'add',
        '1',
        '--file',
        'src/login.js',
        '--start-line',
        '1',
        '--line',
        '2',
        '--suggest',
        'const x = escape(user);',
        '--body',
        'Escape it here',
        '--pending',
      ],
      { env: alex },
    );
    assert.equal(r.code, 0, r.stderr);
    const m = /✓ Added pending comment #(\d+) to pull request #1 on src\/login\.js:1-2\n/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.match(r.stderr, /only you see it until you publish your review: bb pr review 1 --submit/);
    r = await bb(['pr', 'comments', 'list', '1', '--json', 'id,path,line,startLine,pending,body'], { env: alex });
    const added = (JSON.parse(r.stdout) as JsonComment[]).find((c) => c.id === Number(m[1])) as JsonComment;
    assert.deepEqual(
      { path: added.path, line: added.line, startLine: added.startLine, pending: added.pending },
      { path: 'src/login.js', line: 2, startLine: 1, pending: true },
    );
    assert.equal(added.body, 'Escape it here\n\n```suggestion\nconst x = escape(user);\n```');

    // the author sees it, marked pending, on its range; the pull request's author does not
    r = await bb(['pr', 'comments', 'list', '1'], { env: alex });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`#${added.id}\\s+alex\\s+\\S+\\s+src/login\\.js:1-2\\s+\\(pending\\)`));
    r = await bb(['pr', 'comments', 'list', '1', '--json', 'id'], { env: dev });
    assert.ok(!(JSON.parse(r.stdout) as JsonComment[]).some((c) => c.id === added.id), 'hidden from others while pending');

    // submit: publishes the pending comment, requests changes, posts the body
    r = await bb(['pr', 'review', '1', '--request-changes', '--submit', '--body', 'Two things to fix'], { env: alex });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Requested changes on pull request #1 in acme\/web\n {2}published 1 pending comment\n {2}comment #\d+/);
    r = await bb(['pr', 'comments', 'list', '1', '--json', 'id,pending,body'], { env: dev });
    const seen = JSON.parse(r.stdout) as JsonComment[];
    assert.deepEqual(seen.find((c) => c.id === added.id)?.pending, false);
    assert.ok(seen.some((c) => c.body === 'Two things to fix'));
    r = await bb(['pr', 'view', '1', '--json', 'reviewers'], { env: dev });
    const reviewers = (JSON.parse(r.stdout) as { reviewers: Array<{ nickname: string; state: string }> }).reviewers;
    assert.equal(reviewers.find((x) => x.nickname === 'alex')?.state, 'changes requested');

    // nothing left to publish: --submit alone publishes none
    r = await bb(['pr', 'review', '1', '--submit'], { env: alex });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 0 pending comments/);
  });

  test('approve with a body posts the comment; --comment needs one; one verdict only', async () => {
    let r = await bb(['pr', 'review', '1', '--approve', '-b', 'Looks good now'], { env: alex });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Approved pull request #1 in acme\/web/);
    r = await bb(['pr', 'view', '1', '--json', 'reviewers'], { env: dev });
    assert.equal(
      (JSON.parse(r.stdout) as { reviewers: Array<{ nickname: string; state: string }> }).reviewers.find((x) => x.nickname === 'alex')?.state,
      'approved',
    );
    r = await bb(['pr', 'review', '1', '--comment', '--body-file', '-'], { env: alex, input: 'From stdin\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Commented on pull request #1/);

    for (const [args, message] of [
      [['--comment'], /--comment needs a body/],
      [[], /give --approve, --request-changes or --comment/],
      [['--approve', '--request-changes'], /choose one of --approve, --request-changes/],
      [['--approve', '--body', '  '], /the review's text is empty/],
    ] as const) {
      r = await bb(['pr', 'review', '1', ...args], { env: alex });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, message);
    }
  });

  test('inline comment arguments are checked; --blocker is Data Center only', async () => {
    for (const [args, message] of [
      [['--file', 'a.js', '--start-line', '5', '--line', '2', '-b', 'x'], /--start-line 5 must be a line from 1 to --line \(2\)/],
      [['--file', 'a.js', '--start-line', '1', '-b', 'x'], /--start-line needs --line/],
      [['--line', '2', '-b', 'x'], /--line needs --file/],
      [['--side', 'old', '-b', 'x'], /--side needs --line/],
      [['--suggest', 'y'], /a suggestion replaces lines: it needs --file and --line/],
      [['--file', 'a.js', '--line', '2', '--side', 'old', '--suggest', 'y'], /a suggestion replaces lines of the new version/],
    ] as const) {
      const r = await bb(['pr', 'comments', 'add', '1', ...args], { env: alex });
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, message);
    }
    const r = await bb(['pr', 'comments', 'add', '1', '--blocker', '-b', 'stop'], { env: alex });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /blocker comments are a Bitbucket Data Center feature/);
    assert.match(r.stderr, /6004|Data Center/);

    // an old-side comment: inline.from
    const o = await bb(
      ['pr', 'comments', 'add', '1', '--file', 'src/login.js', '--line', '1', '--side', 'old', '-b', 'was this needed?', '--json', 'line,oldLine'],
      { env: alex },
    );
    assert.equal(o.code, 0, o.stderr);
    assert.deepEqual(JSON.parse(o.stdout), { line: null, oldLine: 1 });
  });

  test('comments list: replies indented under their parent; --json flat with parent ids', async () => {
    let r = await bb(['pr', 'comments', 'list', '1', '--json', 'id,parentId,path,line'], { env: dev });
    const flat = JSON.parse(r.stdout) as JsonComment[];
    const reply = flat.find((c) => c.parentId !== null);
    assert.ok(reply, 'the seed has a reply');
    const parent = flat.find((c) => c.id === reply.parentId);
    assert.equal(parent?.path, 'src/login.js');
    r = await bb(['pr', 'comments', 'list', '1'], { env: dev });
    assert.match(
      r.stdout,
      new RegExp(`^#${parent?.id}\\s+alex\\s+\\S+\\s+src/login\\.js:2\\n.*\\n\\n {4}#${reply.id}\\s+dev\\s+.*\\(reply to #${parent?.id}\\)`, 'm'),
    );
  });

  test('the sandbox checks comment bodies as Bitbucket does', async () => {
    const post = (body: unknown) =>
      sb.api('/repositories/acme/web/pullrequests/1/comments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    let r = await post({ content: { raw: 'x' }, inline: { to: 3 } });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /inline\.path/);
    r = await post({ content: { raw: 'x' }, inline: { path: 'a.js', start_to: 3 } });
    assert.equal(r.status, 400);
    r = await post({ content: { raw: 'x' }, inline: { path: 'a.js', start_to: 4, to: 3 } });
    assert.equal(r.status, 400);
    r = await post({ content: { raw: 'x' }, pending: 'yes' });
    assert.equal(r.status, 400);
    // a pending comment is not counted (nor announced) until it is published
    const count = async () => ((await (await sb.api('/repositories/acme/web/pullrequests/1')).json()) as { comment_count: number }).comment_count;
    const before = await count();
    r = await post({ content: { raw: 'draft' }, pending: true });
    assert.equal(r.status, 201);
    assert.equal(await count(), before);
    r = await post({ content: { raw: 'published' } });
    assert.equal(r.status, 201);
    const id = ((await r.json()) as { id: number }).id;
    r = await sb.api(`/repositories/acme/web/pullrequests/1/comments/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: { raw: 'published' }, pending: true }),
    });
    assert.equal(r.status, 400, 'a published comment cannot go back to pending');
    assert.equal(await count(), before + 1);
  });
});

describe('pr review on Bitbucket Data Center', () => {
  let sb: DcSandbox;
  let env: Record<string, string>;
  before(async () => {
    sb = await startDcSandbox('bb-e2e-dc-review-');
    await sb.loginAsAdmin();
    env = { BB_REPO: `${new URL(sb.ready.url).host}/ACME/api` };
  });
  after(() => sb?.stop());

  test('needs work with a body: the participant status and a comment', async () => {
    let r = await sb.bb(['pr', 'review', '1', '--request-changes', '--body', 'Needs tests'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Requested changes on pull request #1 in ACME\/api\n {2}comment #\d+/);
    r = await sb.bb(['pr', 'view', '1', '--json', 'reviewers'], { env });
    assert.equal(
      (JSON.parse(r.stdout) as { reviewers: Array<{ nickname: string; state: string }> }).reviewers.find((x) => x.nickname === 'admin')?.state,
      'changes requested',
    );
    r = await sb.bb(['pr', 'comments', 'list', '1', '--json', 'body'], { env });
    assert.ok((JSON.parse(r.stdout) as JsonComment[]).some((c) => c.body === 'Needs tests'));
  });

  test('anchored pending range comment, blocker comment, review submitted with PUT …/review', async () => {
    let r = await sb.bb(
      [
        'pr',
        'comments',
        'add',
        '1',
        '--file',
        'login.go',
        '--start-line',
        '1',
        '--line',
        '3',
        '--suggest',
        'func login() {}',
        '--pending',
        '--json',
        'id,path,line,startLine,pending',
      ],
      { env },
    );
    assert.equal(r.code, 0, r.stderr);
    const pending = JSON.parse(r.stdout) as JsonComment;
    assert.deepEqual(
      { path: pending.path, line: pending.line, startLine: pending.startLine, pending: pending.pending },
      { path: 'login.go', line: 3, startLine: 1, pending: true },
    );
    // pending comments have no activity yet: the list shows them from your review (GET …/review), to you only
    r = await sb.bb(['pr', 'comments', 'list', '1', '--json', 'id,pending,path,line,startLine'], { env });
    assert.deepEqual(
      (JSON.parse(r.stdout) as JsonComment[]).filter((c) => c.id === pending.id),
      [{ id: pending.id, pending: true, path: 'login.go', line: 3, startLine: 1 }],
    );
    r = await sb.bb(['pr', 'comments', 'list', '1'], { env });
    assert.match(r.stdout, new RegExp(`#${pending.id}\\s+admin\\s+\\S+\\s+login\\.go:1-3\\s+\\(pending\\)`));
    const devToken = await sb.mintToken({ user: 'dev', permissions: ['REPO_READ'] });
    r = await sb.bb(['pr', 'comments', 'list', '1', '--json', 'id'], { env: { ...env, BB_TOKEN: devToken } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(JSON.parse(r.stdout) as JsonComment[]).some((c) => c.id === pending.id), 'hidden from others');

    r = await sb.bb(['pr', 'comments', 'add', '1', '--blocker', '--body', 'Must fix before merge'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Added task #\d+ to pull request #1/);

    r = await sb.bb(['pr', 'review', '1', '--approve', '--submit', '--body', 'Approved with notes', '--dry-run'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /PUT .*\/pull-requests\/1\/review/);

    r = await sb.bb(['pr', 'review', '1', '--approve', '--submit', '--body', 'Approved with notes'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Approved pull request #1 in ACME\/api\n {2}published 1 pending comment\n/);
    r = await sb.bb(['pr', 'comments', 'list', '1', '--json', 'id,pending,startLine,body'], { env });
    const after = JSON.parse(r.stdout) as JsonComment[];
    assert.deepEqual(
      after.filter((c) => c.id === pending.id).map((c) => ({ pending: c.pending, startLine: c.startLine })),
      [{ pending: false, startLine: 1 }],
    );
    assert.ok(after.some((c) => c.body === 'Approved with notes'));
    r = await sb.bb(['pr', 'comments', 'list', '1'], { env });
    assert.match(r.stdout, /login\.go:1-3/);
    assert.match(r.stdout, /\(task\)/);
    r = await sb.bb(['pr', 'view', '1', '--json', 'reviewers'], { env });
    assert.equal(
      (JSON.parse(r.stdout) as { reviewers: Array<{ nickname: string; state: string }> }).reviewers.find((x) => x.nickname === 'admin')?.state,
      'approved',
    );

    // no review in progress: --submit with a verdict sets the status the usual way
    r = await sb.bb(['pr', 'review', '1', '--request-changes', '--submit'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 0 pending comments/);
  });

  test('the DC sandbox checks anchors and review requests', async () => {
    const base = '/rest/api/latest/projects/ACME/repos/api/pull-requests/1';
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sb.ready.url}${base}${path}`, {
        method,
        headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.status;
    };
    assert.equal(await call('POST', '/comments', { text: 'x', anchor: { line: 2, lineType: 'ADDED' } }), 400, 'anchor without a path');
    assert.equal(await call('POST', '/comments', { text: 'x', anchor: { path: 'a.go', line: 2 } }), 400, 'line without lineType');
    assert.equal(
      await call('POST', '/comments', {
        text: 'x',
        anchor: { path: 'a.go', line: 2, lineType: 'ADDED', multilineMarker: { startLine: 5, startLineType: 'ADDED' } },
      }),
      400,
    );
    assert.equal(await call('POST', '/comments', { text: 'x', severity: 'URGENT' }), 400);
    assert.equal(await call('PUT', '/review', {}), 404, 'no review in progress');
    assert.equal(await call('PUT', '/review'), 400, 'no body');
    assert.equal(await call('POST', '/comments', { text: 'p', state: 'PENDING' }), 201);
    assert.equal(await call('PUT', '/review', { participantStatus: 'MAYBE' }), 400);
  });
});

test('hostile comment text is sanitised on a terminal, byte-exact in --json', async () => {
  const h = await startInProcess({ seed: 'demo' });
  try {
    const hostile = 'evil\u001b[2J\u001b]8;;http://x.test\u0007link\u001b]8;;\u0007\u009b31m\u202eend';
    const res = await fetch(`${h.url}/repositories/acme/web/pullrequests/1/comments`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${h.email}:${h.token}`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: { raw: hostile }, inline: { path: `src/${hostile}.js`, to: 1 } }),
    });
    assert.equal(res.status, 201);
    const env = { BB_API_URL: h.url, BB_TOKEN: h.token, BB_EMAIL: h.email, BB_REPO: 'acme/web' };
    const r = await runBb(['pr', 'comments', 'list', '1'], { env, fetch: globalThis.fetch, tty: true });
    assert.equal(r.code, 0, r.stderr);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the raw bytes are what must not appear
    assert.doesNotMatch(r.stdout, /[\u0007\u001b\u009b\u202e]/);
    assert.match(r.stdout, /evil/);
    const j = await runBb(['pr', 'comments', 'list', '1', '--json', 'body,path'], { env, fetch: globalThis.fetch });
    const list = JSON.parse(j.stdout) as Array<{ body: string; path: string | null }>;
    assert.ok(list.some((c) => c.body === hostile && c.path === `src/${hostile}.js`));
    const s = await runBb(['pr', 'comments', 'add', '1', '--file', `a${hostile}.js`, '--line', '1', '--body', 'x'], {
      env,
      fetch: globalThis.fetch,
      tty: true,
    });
    assert.equal(s.code, 0, s.stderr);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the raw bytes are what must not appear
    assert.doesNotMatch(s.stderr + s.stdout, /[\u0007\u001b\u009b\u202e]/);
  } finally {
    await h.close();
  }
});
