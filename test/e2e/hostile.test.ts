/**
 * The hostile-server suite: ./bin/bb (a child process, with a 128 MB heap so a runaway allocation fails
 * fast) against a scripted node:http server on 127.0.0.1 that lies in every way a server can. Covers:
 *
 * - pagination (Cloud, `bb api --paginate`, Data Center): a `next` that points back at a page already
 *   read, leaves the list's path, or goes backwards; a Data Center `nextPageStart` that does not move
 *   (both DC pagers: `pr list` and `branch list`); a page claiming `size: 10^12` under `--all`; a page
 *   larger than the answer limit (32 MiB) under `--limit 5`; `bb api --paginate` over 200,000 values
 *   (streamed, byte-identical to the whole array pretty-printed);
 * - waits: an answer trickled a byte at a time (BB_HTTP_TIMEOUT=2 fails in about 2.5 s: the timeout and a quarter), a Retry-After
 *   of 99999999 s (an error at once, naming the wait), a 500 on a GET (retried), a 429 on a POST
 *   (sent again: nothing ran), a 500 on a POST (never sent again);
 * - rate limits: X-RateLimit-* low → one warning per run; a `--all` walk longer than the budget left →
 *   a warning before it starts;
 * - inputs: `--body-file /dev/zero` and an endless stdin stop at the input limit.
 *
 * Every case is bounded: each bb run is killed after RUN_LIMIT_MS, and the cases take a few seconds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { STACK_TRACE } from '../support/e2e.js';
import { BB, ROOT, tempDir } from '../support/sandbox.js';

const RUN_LIMIT_MS = 15_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  killed: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

describe('hostile servers: bb stays bounded and honest', () => {
  let server: Server;
  let origin = '';
  let handler: Handler = (_req, res) => res.writeHead(500).end();
  let seen: Array<{ method: string; url: string }> = [];
  const config = tempDir('bb-hostile-');

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      seen.push({ method: req.method ?? 'GET', url: url.pathname + url.search });
      req.resume();
      req.on('end', () => handler(req, res, url));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const serve = (h: Handler) => {
    handler = h;
    seen = [];
  };
  const json = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  /** ./bin/bb with a small heap; killed after RUN_LIMIT_MS (then `killed`). stdin: a string, or an endless stream of zeros. */
  function bb(args: string[], opts: { env?: Record<string, string>; dc?: boolean; stdin?: string | 'zeros' } = {}): Promise<Run> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BB_') && v !== undefined) env[k] = v;
    Object.assign(
      env,
      { NO_COLOR: '1', BB_NO_INPUT: '1', BB_CONFIG_DIR: config, NODE_OPTIONS: '--max-old-space-size=128' },
      opts.dc
        ? { BB_HOST: origin, BB_USERNAME: 'admin', BB_TOKEN: 'hostile-token', BB_REPO: 'ACME/api' }
        : { BB_API_URL: `${origin}/2.0`, BB_TOKEN: 'hostile-token', BB_REPO: 'acme/web' },
      opts.env,
    );
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BB, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, RUN_LIMIT_MS);
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started, killed });
      });
      child.stdin.on('error', () => {}); // bb stops reading an endless stdin: EPIPE is expected
      if (opts.stdin === 'zeros') {
        const block = Buffer.alloc(1024 * 1024);
        const pump = () => {
          while (child.stdin.writable && child.stdin.write(block));
          if (child.stdin.writable) child.stdin.once('drain', pump);
        };
        pump();
      } else child.stdin.end(opts.stdin ?? '');
    });
  }

  const clean = (r: Run, what: string) => {
    assert.equal(r.killed, false, `${what}: still running after ${RUN_LIMIT_MS} ms (killed)`);
    assert.doesNotMatch(r.stderr, STACK_TRACE, `${what}: a stack trace\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /error 9001|heap out of memory|Maximum call stack/, `${what}: a crash\n${r.stderr}`);
  };

  const repoPage = (n: number) => ({ slug: `r${n}`, full_name: `acme/r${n}`, name: `r${n}`, is_private: false, updated_on: '2024-01-01T00:00:00Z' });

  test('a next link that points back at the page already read ends with 2009, without --all and with bb api --paginate', async () => {
    serve((req, res) => json(res, { values: [repoPage(1)], next: `${origin}${req.url}` }));
    const r = await bb(['repo', 'list', 'acme']);
    clean(r, 'repo list');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*already read/);
    assert.equal(seen.length, 1, 'the repeated page is never asked for');

    seen = [];
    const a = await bb(['api', '--paginate', '/repositories/acme']);
    clean(a, 'api --paginate');
    assert.equal(a.code, 1);
    assert.match(a.stderr, /^error 2009 API_BAD_RESPONSE: .*already read/);
    assert.equal(seen.length, 1);
  });

  test('a next link that leaves the list, or goes back a page, is refused', async () => {
    serve((_req, res) => json(res, { values: [repoPage(1)], next: `${origin}/2.0/user?page=2` }));
    const r = await bb(['repo', 'list', 'acme', '--all']);
    clean(r, 'leaves');
    assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*leaves the list \(\/2\.0\/user\)/);
    assert.equal(seen.length, 1);

    serve((_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      json(res, { values: [repoPage(page)], next: `${origin}/2.0/repositories/acme?page=${page === 1 ? 2 : 1}` });
    });
    const b = await bb(['api', '--paginate', '/repositories/acme']);
    clean(b, 'backwards');
    assert.match(b.stderr, /^error 2009 API_BAD_RESPONSE: .*from page 2 back to page 1/);
    assert.equal(seen.length, 2);
  });

  test('a page claiming size 10^12 under --all builds no page list: bb follows next, in bounded memory', async () => {
    serve((_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page === 1)
        json(res, {
          size: 1e12,
          page: 1,
          pagelen: 100,
          values: Array.from({ length: 100 }, (_, i) => repoPage(i)),
          next: `${origin}/2.0/repositories/acme?pagelen=100&page=2`,
        });
      else json(res, { size: 1e12, page: 2, pagelen: 100, values: [repoPage(100)] });
    });
    const r = await bb(['repo', 'list', 'acme', '--all', '--json', 'name']);
    clean(r, 'size 10^12');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 101);
    assert.equal(seen.length, 2);
  });

  test('a page larger than 32 MiB is refused with a clear error, even for --limit 5', async () => {
    serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const item = JSON.stringify(repoPage(1));
      const chunk = Buffer.from(`${Array.from({ length: 1000 }, () => item).join(',')},`);
      res.write('{"values":[');
      let sent = 0;
      const more = () => {
        while (sent < 40 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end(`${item}]}`);
      };
      more();
    });
    const r = await bb(['repo', 'list', 'acme', '--limit', '5']);
    clean(r, 'huge page');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*larger than 32 MiB/);
  });

  test('bb api --paginate over a page of 200,000 values streams them, byte-identical to the whole array', async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `v\n${i}` }));
    serve((_req, res, url) => {
      if (url.searchParams.get('page') === '2') json(res, { values: [{ last: true }] });
      else json(res, { values, next: `${origin}/2.0/repositories/acme?page=2` });
    });
    const r = await bb(['api', '--paginate', '/repositories/acme']);
    clean(r, 'api --paginate 200k');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify([...values, { last: true }], null, 2)}\n`);

    serve((_req, res) => json(res, { values: [] }));
    const empty = await bb(['api', '--paginate', '/repositories/acme']);
    assert.equal(empty.stdout, '[]\n');
  });

  test('Data Center: a nextPageStart that does not move ends with 2009 in both pagers (pr list, branch list)', async () => {
    serve((_req, res, url) => {
      if (/\/pull-requests$|\/branches$/.test(url.pathname)) json(res, { values: [], size: 0, isLastPage: false, start: 0, limit: 25, nextPageStart: 0 });
      else json(res, { errors: [{ message: 'not here' }] }, 404);
    });
    for (const args of [
      ['pr', 'list'],
      ['branch', 'list'],
    ]) {
      const r = await bb(args, { dc: true });
      clean(r, args.join(' '));
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^error 2009 API_BAD_RESPONSE: .*nextPageStart 0\) does not move past this one/);
      assert.ok(seen.filter((s) => /pull-requests\?|branches\?/.test(s.url)).length <= 1, `${args.join(' ')}: ${seen.length} requests`);
      seen = [];
    }
  });

  test('an answer trickled a byte at a time fails within BB_HTTP_TIMEOUT, not never', async () => {
    serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 200);
      res.on('close', () => clearInterval(t));
    });
    const r = await bb(['repo', 'view'], { env: { BB_HTTP_TIMEOUT: '2' } });
    clean(r, 'trickle');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error 7002 TIMEOUT: .*(sent only \d+ bytes in 2 s|whole answer within 2.5 s)/);
    assert.ok(r.ms < 8000, `${r.ms} ms`);
  });

  test('Retry-After past the cap fails at once, naming the wait; a 500 on a GET is retried', async () => {
    serve((_req, res) => json(res, { type: 'error', error: { message: 'slow down' } }, 429, { 'retry-after': '99999999' }));
    const r = await bb(['repo', 'view']);
    clean(r, 'retry-after');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error 2005 API_RATE_LIMITED: .*slow down \(the server asks bb to wait 99999999 s; bb waits at most 60 s\)/);
    assert.match(r.stderr, /\nhint: try again after /);
    assert.equal(seen.length, 1);
    assert.ok(r.ms < 5000, `${r.ms} ms`);

    let n = 0;
    serve((_req, res) => (n++ === 0 ? json(res, { type: 'error', error: { message: 'oops' } }, 500) : json(res, { values: [repoPage(1)] })));
    const g = await bb(['repo', 'list', 'acme']);
    clean(g, '500 then 200');
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /acme\/r1/);
    assert.equal(seen.length, 2);
  });

  test('a POST is sent again after a 429 (nothing ran), never after a 500', async () => {
    let n = 0;
    serve((_req, res) => (n++ === 0 ? json(res, {}, 429, { 'retry-after': '0' }) : json(res, { id: 5 }, 201)));
    const r = await bb(['api', '/repositories/acme/web/refs/branches', '-f', 'name=x']);
    clean(r, '429 POST');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      seen.map((s) => s.method),
      ['POST', 'POST'],
    );
    serve((_req, res) => json(res, { type: 'error', error: { message: 'boom' } }, 500));
    const f = await bb(['api', '/repositories/acme/web/refs/branches', '-f', 'name=x']);
    assert.equal(f.code, 1);
    assert.equal(seen.length, 1, 'a write that may have run is never sent twice');
  });

  test('X-RateLimit-*: one warning per run when the budget runs low; a walk longer than the budget is announced', async () => {
    const limits = { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '3' };
    serve((_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      json(
        res,
        {
          size: 1000,
          page,
          pagelen: 100,
          values: [repoPage(page)],
          ...(page < 10 ? { next: `${origin}/2.0/repositories/acme?pagelen=100&page=${page + 1}` } : {}),
        },
        200,
        limits,
      );
    });
    const r = await bb(['repo', 'list', 'acme', '--all', '--json', 'name']);
    clean(r, 'rate limit');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(seen.length, 10);
    const low = r.stderr.split('\n').filter((l) => /API requests left in this rate-limit window/.test(l));
    assert.deepEqual(low, ['! 3 of 1000 API requests left in this rate-limit window'], r.stderr);
    assert.match(r.stderr, /! this listing \(9 more pages\) needs about 9 more requests, and only 3 of 1000 are left/);
  });

  test('--body-file /dev/zero and an endless standard input stop at the input limit with 5007', async () => {
    serve((_req, res) => json(res, {}, 500));
    const r = await bb(['pr', 'comments', 'add', '1', '--body-file', '/dev/zero']);
    clean(r, '/dev/zero');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error 5007 INPUT_READ_FAILED: \/dev\/zero is larger than 32 MiB/);
    assert.equal(seen.length, 0);

    const s = await bb(['api', '-X', 'POST', '/repositories/acme/web/refs/branches', '--input', '-'], { stdin: 'zeros' });
    clean(s, 'stdin');
    assert.equal(s.code, 2);
    assert.match(s.stderr, /^error 5007 INPUT_READ_FAILED: standard input is larger than 32 MiB/);
    assert.equal(seen.length, 0);
  });
});
