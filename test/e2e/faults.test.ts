/**
 * The fault suite: bb against a sandbox that injects failures (`POST {admin}/faults`: 429 with
 * Retry-After, 502/503/504, connection resets, answers cut halfway or gone silent, latency; seeded,
 * so a run repeats).
 *
 * bb runs in-process (`main()` through runBb, with the real fetch against a real sandbox on
 * 127.0.0.1): 200 child processes would take most of a minute on 2 cores. runBb makes the transport's
 * backoff sleeps instant; everything else — retries, Retry-After parsing, timeouts, sockets — is real.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type SandboxHandle, startSandbox } from '../../src/sandbox/index.js';
import { SeedBuilder } from '../../src/sandbox/seed.js';
import type { RepositoryRecord } from '../../src/sandbox/state.js';
import { STACK_TRACE } from '../support/e2e.js';
import { runBb } from '../support/run.js';

interface Logged {
  method: string;
  path: string;
  operation: string | null;
  status: number;
  resetAfter?: boolean;
  cut?: 'truncate' | 'stall';
}

/** The read commands of the workflow, cycled to 200 runs. */
const READS: string[][] = [
  ['pr', 'list'],
  ['pr', 'list', '--state', 'all', '--json', 'id,title,state'],
  ['pr', 'view', '1'],
  ['pr', 'diff', '1'],
  ['pr', 'checks', '1'],
  ['pr', 'activity', '1'],
  ['pr', 'comments', 'list', '1'],
  ['pr', 'status'],
  ['pr', 'reviewers', 'list', '1'],
  ['repo', 'view'],
  ['repo', 'list', 'acme', '--all'],
  ['repo', 'default-reviewers', 'list'],
  ['branch', 'list', '--all'],
  ['commit', 'list'],
  ['commit', 'view', 'main'],
  ['tag', 'list'],
  ['status', 'list', 'main'],
  ['workspace', 'list'],
  ['workspace', 'view', 'acme'],
  ['project', 'list', 'acme'],
  ['issue', 'list'],
  ['issue', 'view', '1'],
  ['pipeline', 'list'],
  ['pipeline', 'view', '1'],
  ['deployment', 'list'],
  ['environment', 'list'],
  ['variable', 'list'],
  ['webhook', 'list'],
  ['api', '/user'],
];

describe('faults: retries, timeouts and writes sent once', () => {
  let h: SandboxHandle;
  let env: Record<string, string>;
  let web: RepositoryRecord;
  const bb = (argv: string[], extra: Record<string, string> = {}, fetchImpl: typeof fetch = globalThis.fetch) =>
    runBb(argv, { env: { ...env, ...extra }, fetch: fetchImpl });
  const admin = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${h.admin}${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });
    assert.ok(r.ok, `${path}: ${r.status}`);
    return r.status === 204 ? undefined : r.json();
  };
  const setFaults = (body: Record<string, unknown>) => admin('/faults', { method: 'POST', body: JSON.stringify(body) });
  const requests = async () => (await admin('/requests')) as Logged[];
  const clearRequests = () => admin('/requests', { method: 'DELETE' });

  before(async () => {
    h = await startSandbox({ seed: 'demo', legacy: true });
    env = { BB_API_URL: h.url, BB_TOKEN: h.token, BB_EMAIL: h.email, BB_REPO: 'acme/web' };
    web = h.sandbox.store.repository('acme', 'web') as RepositoryRecord;
    const dev = h.sandbox.store.user('dev');
    assert.ok(web && dev);
    const b = new SeedBuilder(h.sandbox);
    for (const name of ['faults/a', 'faults/b', 'faults/c']) {
      await b.commit(web, { branch: name, from: 'main', message: `${name}\n`, author: dev, files: { [`${name.replace('/', '-')}.txt`]: `${name}\n` } });
    }
  });
  after(() => h.close());

  test('a 200-command read workflow completes through 429s (Retry-After), 502/503/504s, resets and answers cut halfway', async () => {
    await setFaults({ faults: '429=0.04,502=0.02,503=0.02,504=0.01,reset=0.02,truncate=0.04', seed: 7, latency: 0 });
    await clearRequests();
    try {
      const failures: string[] = [];
      for (let i = 0; i < 200; i++) {
        const argv = READS[i % READS.length] as string[];
        const r = await bb(argv);
        if (r.code !== 0) failures.push(`#${i} bb ${argv.join(' ')} → ${r.code}: ${r.stderr.split('\n')[0]}`);
        assert.doesNotMatch(r.stderr, STACK_TRACE);
      }
      assert.deepEqual(failures, [], 'every command of the workflow succeeds despite the faults');
    } finally {
      await setFaults({ faults: '' });
    }
    const log = await requests();
    const injected = log.filter((e) => e.status === 0 || [429, 502, 503, 504].includes(e.status));
    assert.ok(log.length >= 250, `the workflow made ${log.length} requests`);
    assert.ok(injected.length >= 10, `faults were injected (${injected.length}) and survived`);
    const cut = log.filter((e) => e.cut === 'truncate').length;
    assert.ok(cut >= 2, `some JSON answers were cut halfway, and read again (${cut})`);
    assert.ok(
      log.every((e) => e.method === 'GET'),
      'a read workflow sends only GETs',
    );
  });

  test('a timeout is 7002 TIMEOUT with a hint (BB_HTTP_TIMEOUT), a dead host 7001 NETWORK_ERROR', async () => {
    await setFaults({ latency: 1500 });
    try {
      const started = Date.now();
      const r = await bb(['repo', 'view'], { BB_HTTP_TIMEOUT: '0.2' });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 7002 TIMEOUT: no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2 s\nhint: .*BB_HTTP_TIMEOUT/);
      assert.ok(Date.now() - started < 1400, 'BB_HTTP_TIMEOUT shortened the wait');
      const j = await bb(['repo', 'view', '--json', 'name'], { BB_HTTP_TIMEOUT: '0.2' });
      assert.equal(JSON.parse(j.stderr).error.code, 7002);
    } finally {
      await setFaults({ latency: 0 });
    }
    // the answer starts, then the server goes silent: the wait for the rest is bounded the same way
    await setFaults({ faults: 'stall=1' });
    try {
      const started = Date.now();
      const r = await bb(['repo', 'view'], { BB_HTTP_TIMEOUT: '0.3' });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 7002 TIMEOUT: http:\/\/127\.0\.0\.1:\d+ sent nothing for 0\.3 s while bb was reading its answer\nhint: .*BB_HTTP_TIMEOUT/);
      assert.ok(Date.now() - started < 5000);
      assert.equal((await requests()).filter((e) => e.cut === 'stall').length, 1, 'a silent answer is not asked again');
    } finally {
      await setFaults({ faults: '' });
    }
    // cut halfway every time: retried, then a network error that says so
    await clearRequests();
    await setFaults({ faults: 'truncate=1' });
    try {
      const r = await bb(['repo', 'view']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error 7001 NETWORK_ERROR: the connection to http:\/\/127\.0\.0\.1:\d+ dropped while bb was reading its answer\nhint: /);
      assert.equal((await requests()).length, 4, 'the first try and three retries');
    } finally {
      await setFaults({ faults: '' });
    }

    const bad = await bb(['repo', 'view'], { BB_HTTP_TIMEOUT: 'soon' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error 4003 CONFIG_BAD_VALUE: BB_HTTP_TIMEOUT="soon"/);

    const dead = await bb(['repo', 'view'], { BB_API_URL: 'http://127.0.0.1:9/2.0' });
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /^error 7001 NETWORK_ERROR: cannot reach http:\/\/127\.0\.0\.1:9\b.*\nhint: /);
    assert.doesNotMatch(dead.stderr, STACK_TRACE);
  });

  test('no write runs twice, whatever the fault: only a 429 (nothing ran) is sent again', async () => {
    await setFaults({ faults: '429=0.2,503=0.2,reset=0.15,reset-after=0.15,truncate=0.1', seed: 11 });
    const outcomes: number[] = [];
    let resetAfter = 0;
    try {
      for (let i = 0; i < 12; i++) {
        const writes = [
          ['issue', 'create', '--title', `Fault ${i}`, '--body', 'x'],
          ['pr', 'comments', 'add', '1', '--body', `comment ${i}`],
          ['branch', 'create', `faults/new-${i}`, '--from', 'main'],
        ];
        for (const w of writes) {
          await clearRequests();
          const r = await bb(w);
          outcomes.push(r.code ?? -1);
          assert.doesNotMatch(r.stderr, STACK_TRACE);
          if (r.code !== 0) assert.match(r.stderr, /^error (2005|2006|7001) [A-Z_]+: /m, `bb ${w.join(' ')}: ${r.stderr}`);
          // a lost answer is read back: never a blind "run the command again"
          if (/answer to .* was lost/.test(r.stderr))
            assert.match(r.stderr, /was applied: |was not applied .*: safe to run again|whether it was applied is unknown/, r.stderr);
          // one log entry per request received (a reset-after write is one entry, flagged resetAfter). A 429
          // fault is answered before the request runs: only after one is a write sent again; every other
          // answer may mean it ran, and the write is never sent again after it.
          const sent = (await requests()).filter((e) => e.method !== 'GET');
          const ran = sent.filter((e) => e.status !== 429 || e.resetAfter || e.cut);
          assert.ok(ran.length <= 1, `bb ${w.join(' ')} sent its write ${ran.length} times past a 429`);
          assert.ok(
            sent.slice(0, -1).every((e) => e.status === 429 && !e.resetAfter && !e.cut),
            `bb ${w.join(' ')}: a write sent again after an answer other than 429`,
          );
          if (r.code === 0) assert.equal(ran.length, 1, `bb ${w.join(' ')} succeeded with one write`);
          if (ran[0]?.resetAfter || ran[0]?.cut) resetAfter++;
        }
      }
    } finally {
      await setFaults({ faults: '' });
    }
    assert.ok(resetAfter > 0, 'some writes ran and lost their answer');
    assert.ok(outcomes.some((c) => c !== 0) && outcomes.some((c) => c === 0), 'the faults hit some writes (never retried) and spared others');
  });

  describe('a merge whose answer is lost', () => {
    /** A fetch that turns on `fault` for the merge POST only (the sandbox runs in this process). */
    const faultOnMerge =
      (fault: string): typeof fetch =>
      async (input, init) => {
        const isMerge = (init?.method ?? 'GET') === 'POST' && /\/merge$/.test(new URL(String(input)).pathname);
        h.server.faults.configure({ faults: isMerge ? fault : '' });
        try {
          return await globalThis.fetch(input, init);
        } finally {
          h.server.faults.configure({ faults: '' });
        }
      };
    const create = async (branch: string) => {
      const c = await bb(['pr', 'create', '--head', branch, '--title', `Merge ${branch}`, '--no-default-reviewers', '--json', 'id']);
      assert.equal(c.code, 0, c.stderr);
      return JSON.parse(c.stdout).id as number;
    };

    test('merged on the server, reset on the way back: bb reads the state and reports success, POST sent once', async () => {
      const id = await create('faults/a');
      await clearRequests();
      const r = await bb(['pr', 'merge', String(id), '--json', 'id,state'], {}, faultOnMerge('reset-after=1'));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { id, state: 'MERGED' });
      assert.match(r.stderr, /answer to the merge of pull request #\d+ was lost/);
      const log = await requests();
      const merges = log.filter((e) => e.operation?.startsWith('POST ') && e.path.endsWith('/merge'));
      assert.deepEqual(
        merges.map((e) => [e.status, e.resetAfter]),
        [[200, true]],
        'one merge POST, processed (200) and then reset',
      );
      const i = log.indexOf(merges[0] as Logged);
      assert.ok(
        log.slice(i + 1).some((e) => e.method === 'GET' && e.operation === 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}'),
        'the pull request was read after the lost answer',
      );
    });

    test('merged on the server, its answer cut halfway: the same, POST sent once', async () => {
      const id = await create('faults/c');
      await clearRequests();
      const r = await bb(['pr', 'merge', String(id), '--json', 'id,state'], {}, faultOnMerge('truncate=1'));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { id, state: 'MERGED' });
      const merges = (await requests()).filter((e) => e.method === 'POST' && e.path.endsWith('/merge'));
      assert.deepEqual(
        merges.map((e) => [e.status, e.cut]),
        [[200, 'truncate']],
      );
    });

    test('reset before the server ran it: still open, a network error with a hint, never re-sent', async () => {
      const id = await create('faults/b');
      await clearRequests();
      const r = await bb(['pr', 'merge', String(id)], {}, faultOnMerge('reset=1'));
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`^error 7001 NETWORK_ERROR: .*the merge of pull request #${id} was sent, and the pull request is still open`, 'm'));
      assert.match(r.stderr, new RegExp(`hint: .*bb pr view ${id}`));
      const merges = (await requests()).filter((e) => e.method === 'POST' && e.path.endsWith('/merge'));
      assert.equal(merges.length, 1, 'the merge was sent once');
      const state = JSON.parse((await bb(['pr', 'view', String(id), '--json', 'state'])).stdout).state;
      assert.equal(state, 'OPEN');
    });
  });

  describe('a write whose answer is lost reads back before speaking (comments, issues, statuses, pull requests)', () => {
    /** A fetch that turns on `fault` for POSTs whose path matches `which` only (the sandbox runs in this process). */
    const faultOn =
      (which: RegExp, fault: string): typeof fetch =>
      async (input, init) => {
        const hit = (init?.method ?? 'GET') === 'POST' && which.test(new URL(String(input)).pathname);
        h.server.faults.configure({ faults: hit ? fault : '' });
        try {
          return await globalThis.fetch(input, init);
        } finally {
          h.server.faults.configure({ faults: '' });
        }
      };
    const posts = async (which: RegExp) => (await requests()).filter((e) => e.method === 'POST' && which.test(e.path));
    /** How many comments on pull request #1 carry this run's text. */
    const prCommentCount = async (n: string) =>
      (JSON.parse((await bb(['pr', 'comments', 'list', '1', '--json', 'body'])).stdout) as Array<{ body: string }>).filter((c) => c.body === `lost answer ${n}`)
        .length;
    const WRITES: Array<{ name: string; argv: (n: string) => string[]; path: RegExp; count: (n: string) => Promise<number>; applied: RegExp }> = [
      {
        name: 'pr comments add',
        argv: (n) => ['pr', 'comments', 'add', '1', '--body', `lost answer ${n}`],
        path: /\/pullrequests\/1\/comments$/,
        count: prCommentCount,
        applied: /was applied: comment #\d+/,
      },
      {
        name: 'pr comment',
        argv: (n) => ['pr', 'comment', '1', '--body', `lost answer ${n}`],
        path: /\/pullrequests\/1\/comments$/,
        count: prCommentCount,
        applied: /was applied: comment #\d+/,
      },
      {
        name: 'issue create',
        argv: (n) => ['issue', 'create', '--title', `Lost answer ${n}`, '--body', 'x'],
        path: /\/issues$/,
        count: async (n) =>
          (JSON.parse((await bb(['issue', 'list', '--state', 'all', '--limit', '100', '--json', 'title'])).stdout) as Array<{ title: string }>).filter(
            (i) => i.title === `Lost answer ${n}`,
          ).length,
        applied: /was applied: issue #\d+/,
      },
      {
        name: 'issue comment',
        argv: (n) => ['issue', 'comment', '1', '--body', `lost answer ${n}`],
        path: /\/issues\/1\/comments$/,
        count: async (n) =>
          (
            (await (
              await fetch(`${h.url}/repositories/acme/web/issues/1/comments?pagelen=100`, {
                headers: { Authorization: `Basic ${Buffer.from(`${h.email}:${h.token}`).toString('base64')}` },
              })
            ).json()) as { values: Array<{ content: { raw: string } }> }
          ).values.filter((c) => c.content.raw === `lost answer ${n}`).length,
        applied: /was applied: comment #\d+/,
      },
      {
        name: 'pr create',
        argv: (n) => ['pr', 'create', '--head', 'feature/login', '--base', 'main', '--title', `Lost answer ${n}`, '--body', 'x', '--no-default-reviewers'],
        path: /\/acme\/web\/pullrequests$/,
        count: async (n) =>
          (JSON.parse((await bb(['pr', 'list', '--state', 'all', '--limit', '100', '--json', 'title'])).stdout) as Array<{ title: string }>).filter(
            (p) => p.title === `Lost answer ${n}`,
          ).length,
        applied: /was applied: pull request #\d+/,
      },
      {
        name: 'status set',
        argv: (n) => ['status', 'set', 'main', '--state', 'SUCCESSFUL', '--key', `lost-${n}`, '--url', 'https://ci.example.test/1'],
        path: /\/statuses\/build$/,
        count: async (n) =>
          (JSON.parse((await bb(['status', 'list', 'main', '--json', 'key'])).stdout) as Array<{ key: string }>).filter((s) => s.key === `lost-${n}`).length,
        applied: /was applied: lost-\S+ is SUCCESSFUL/,
      },
    ];
    for (const w of WRITES) {
      for (const fault of ['reset-after', 'truncate'] as const) {
        test(`${w.name}: applied, its answer lost (${fault}): "it was applied", success, sent once`, async () => {
          const n = `${fault}-${w.name.replace(/ /g, '-')}`;
          await clearRequests();
          const r = await bb(w.argv(n), {}, faultOn(w.path, `${fault}=1`));
          assert.equal(r.code, 0, r.stderr);
          assert.match(r.stderr, /The answer to .* was lost/);
          assert.match(r.stderr, w.applied);
          assert.doesNotMatch(r.stderr, /run the command again/);
          assert.equal((await posts(w.path)).length, 1, 'sent once');
          assert.equal(await w.count(n), 1, 'applied once');
        });
      }
      test(`${w.name}: reset before it ran: "it was not applied: safe to run again"`, async () => {
        const n = `reset-${w.name.replace(/ /g, '-')}`;
        await clearRequests();
        const r = await bb(w.argv(n), {}, faultOn(w.path, 'reset=1'));
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /^error 7001 NETWORK_ERROR: .* was not applied \(bb read it back and found nothing\): safe to run again$/m);
        assert.equal((await posts(w.path)).length, 1, 'sent once');
        assert.equal(await w.count(n), 0, 'not applied');
      });
    }
  });
});
