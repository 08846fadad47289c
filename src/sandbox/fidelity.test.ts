/**
 * The Cloud sandbox behaves like Bitbucket Cloud as it is today (issue 16): where Bitbucket fails, the
 * sandbox fails the same way; where it succeeds, so does the sandbox. In process, with startSandbox().
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type SandboxHandle, startSandbox } from './index.js';

let h: SandboxHandle;
const auth = () => ({ Authorization: `Bearer ${h.token}` });
async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${h.url}${path}`, { method, body: init.body, headers: { ...auth(), ...init.headers } });
}
const JSON_CT = { 'Content-Type': 'application/json' };

before(async () => {
  h = await startSandbox();
});
after(() => h.close());

describe('#1 empty JSON bodies are a 400, as on Bitbucket Cloud', () => {
  test('approve: Content-Type application/json with no body → 400 envelope; no Content-Type → 200', async () => {
    const r = await call('POST', '/repositories/acme/web/pullrequests/1/approve', { headers: JSON_CT });
    assert.equal(r.status, 400);
    const e = (await r.json()) as { type: string; error: { message: string } };
    assert.equal(e.type, 'error');
    assert.equal(e.error.message, 'Bad request');
    const ok = await call('POST', '/repositories/acme/web/pullrequests/1/approve');
    assert.equal(ok.status, 200, await ok.text());
  });

  test('default-reviewer PUT, decline, pipeline stop and comment resolve refuse an empty JSON body', async () => {
    const put = await call('PUT', '/repositories/acme/web/default-reviewers/alex', { headers: JSON_CT });
    assert.equal(put.status, 400);
    const stop = await call('POST', '/repositories/acme/web/pipelines/%7B00000000-0000-0000-0000-000000000000%7D/stopPipeline', { headers: JSON_CT });
    assert.equal(stop.status, 400);
    const resolve = await call('POST', '/repositories/acme/web/pullrequests/1/comments/1/resolve', {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    assert.equal(resolve.status, 400);
    const decline = await call('POST', '/repositories/acme/web/pullrequests/1/decline', { headers: JSON_CT });
    assert.equal(decline.status, 400);
    // the same PUT with no Content-Type succeeds, as bb (openapi-fetch) sends it
    const ok = await call('PUT', '/repositories/acme/web/default-reviewers/alex');
    assert.equal(ok.status, 200, await ok.text());
    // a JSON value is a body: `{}` is accepted where the body is optional
    const withBody = await call('POST', '/repositories/acme/web/pullrequests/1/approve', { headers: JSON_CT, body: '{}' });
    assert.equal(withBody.status, 200);
  });
});

describe('#6 bodyless answers carry the headers Bitbucket sends', () => {
  test('204 (delete) and 302 (pull request diff) have a Content-Type and Content-Length 0', async () => {
    const ok = await call('PUT', '/repositories/acme/web/default-reviewers/alex');
    assert.equal(ok.status, 200);
    const del = await call('DELETE', '/repositories/acme/web/default-reviewers/alex');
    assert.equal(del.status, 204);
    assert.equal(del.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(del.headers.get('content-length'), '0');
    const diff = await fetch(`${h.url}/repositories/acme/web/pullrequests/1/diff`, { headers: auth(), redirect: 'manual' });
    assert.equal(diff.status, 302);
    assert.ok(diff.headers.get('location'));
    assert.equal(diff.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(diff.headers.get('content-length'), '0');
  });
});

describe("#5 Bitbucket's own diff link form", () => {
  type Pr = {
    id: number;
    source: { commit: { hash: string }; repository: { full_name: string } };
    destination: { commit: { hash: string } };
    links: Record<string, { href: string }>;
  };
  const linkForm = (kind: string, pr: Pr) =>
    `${h.url}/repositories/acme/web/${kind}/${pr.source.repository.full_name}:${pr.source.commit.hash}%0D${pr.destination.commit.hash}?from_pullrequest_id=${pr.id}&topic=true`;

  test("a pull request's links.diff / links.diffstat are diff/{ws}/{repo}:{src}%0D{dst}?from_pullrequest_id=…&topic=true, and serve its diff", async () => {
    const prs = ((await (await call('GET', '/repositories/acme/web/pullrequests?state=OPEN&pagelen=50')).json()) as { values: Pr[] }).values;
    const fork = prs.find((p) => p.source.repository.full_name === 'dev/web-fork');
    assert.ok(fork, 'the demo seed has a pull request from dev/web-fork');
    for (const pr of [prs.find((p) => p.id === 1) as Pr, fork]) {
      assert.equal(pr.links.diff?.href, linkForm('diff', pr));
      assert.equal(pr.links.diffstat?.href, linkForm('diffstat', pr));
      const viaLink = await fetch(pr.links.diff?.href as string, { headers: auth() });
      assert.equal(viaLink.status, 200);
      const body = await viaLink.text();
      const viaPr = await call('GET', `/repositories/acme/web/pullrequests/${pr.id}/diff`);
      assert.equal(body, await viaPr.text());
      assert.match(body, /^diff --git /);
      const stat = await fetch(pr.links.diffstat?.href as string, { headers: auth() });
      assert.equal(stat.status, 200);
      assert.ok(((await stat.json()) as { values: unknown[] }).values.length > 0);
    }
    assert.match(await (await fetch(linkForm('diff', fork), { headers: auth() })).text(), /CONTRIBUTING\.md/);
  });

  test('pullrequests/{id}/diff redirects to that form; without a repository prefix it works too; an unrelated repository is a 404', async () => {
    const pr = (await (await call('GET', '/repositories/acme/web/pullrequests/1')).json()) as Pr;
    const r = await fetch(`${h.url}/repositories/acme/web/pullrequests/1/diff`, { headers: auth(), redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), linkForm('diff', pr));
    const bare = await call('GET', `/repositories/acme/web/diff/${pr.source.commit.hash}%0D${pr.destination.commit.hash}`);
    assert.equal(bare.status, 200);
    assert.match(await bare.text(), /^diff --git /);
    const other = await call('GET', `/repositories/acme/web/diff/acme/api:${pr.source.commit.hash}%0D${pr.destination.commit.hash}`);
    assert.equal(other.status, 404);
  });
});

describe("#9 today's Bitbucket Cloud", () => {
  test('the issue tracker and the cross-workspace listings answer 410 Gone with the envelope; legacy keeps them', async () => {
    for (const path of ['/repositories/acme/web/issues', '/repositories/acme/web/milestones', '/repositories', '/workspaces', '/user/permissions/workspaces']) {
      const r = await call('GET', path);
      assert.equal(r.status, 410, path);
      const e = (await r.json()) as { type: string; error: { message: string } };
      assert.equal(e.type, 'error');
      assert.ok(e.error.message.length > 0);
    }
    const created = await call('POST', '/repositories/acme/web/issues', { headers: JSON_CT, body: JSON.stringify({ title: 'x' }) });
    assert.equal(created.status, 410);
    // what replaced them still works
    assert.equal((await call('GET', '/user/workspaces')).status, 200);
    assert.equal((await call('GET', '/repositories/acme')).status, 200);
    const legacy = await startSandbox({ legacy: true });
    try {
      const r = await fetch(`${legacy.url}/repositories/acme/web/issues`, { headers: { Authorization: `Bearer ${legacy.token}` } });
      assert.equal(r.status, 200);
    } finally {
      await legacy.close();
    }
    // and the admin setting switches it at run time
    const set = await fetch(`${h.admin}/settings`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ legacy: true }) });
    assert.equal(set.status, 200);
    assert.equal((await call('GET', '/workspaces')).status, 200);
    await fetch(`${h.admin}/settings`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ legacy: false }) });
  });

  test('app passwords (Basic with a username) answer 401 with their own message; Basic with the email works', async () => {
    const basic = (login: string) => `Basic ${Buffer.from(`${login}:${h.token}`).toString('base64')}`;
    const r = await fetch(`${h.url}/user`, { headers: { Authorization: basic('dev') } });
    assert.equal(r.status, 401);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /App passwords/);
    const ok = await fetch(`${h.url}/user`, { headers: { Authorization: basic(h.email) } });
    assert.equal(ok.status, 200);
  });

  test('/2.0/repositories/* carries X-RateLimit-* headers; past the hourly budget, 429 with Retry-After', async () => {
    const r = await call('GET', '/repositories/acme/web');
    assert.equal(r.headers.get('x-ratelimit-limit'), '1000000');
    assert.equal(r.headers.get('x-ratelimit-nearlimit'), 'false');
    assert.ok(r.headers.get('x-ratelimit-resource'));
    assert.equal((await call('GET', '/user')).headers.get('x-ratelimit-limit'), null);
    const small = await startSandbox({ rateLimitPerHour: 3 });
    try {
      const get = () => fetch(`${small.url}/repositories/acme/web`, { headers: { Authorization: `Bearer ${small.token}` } });
      const statuses: number[] = [];
      const near: Array<string | null> = [];
      for (let i = 0; i < 4; i++) {
        const x = await get();
        statuses.push(x.status);
        near.push(x.headers.get('x-ratelimit-nearlimit'));
        if (x.status === 429) {
          assert.ok(Number(x.headers.get('retry-after')) > 0);
          assert.equal(x.headers.get('x-ratelimit-limit'), '3');
          assert.equal(((await x.json()) as { type: string }).type, 'error');
        } else await x.arrayBuffer();
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      // near the limit: less than 20 % of the budget left
      assert.deepEqual(near, ['false', 'false', 'true', 'true']);
    } finally {
      await small.close();
    }
  });
});

describe('#10 robustness of a server people leave running', () => {
  const raw = (opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: h.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(opts.body);
    });

  test('admin endpoints: a foreign Host (DNS rebinding) or Origin is a 403, a non-JSON POST a 415', async () => {
    const mint = JSON.stringify({ all: true });
    const rebinding = await raw({
      path: '/_sandbox/tokens',
      method: 'POST',
      headers: { Host: 'evil.example:80', 'Content-Type': 'application/json' },
      body: mint,
    });
    assert.equal(rebinding.status, 403);
    assert.doesNotMatch(rebinding.body, /"token"/);
    const otherPort = await raw({ path: '/_sandbox/state', headers: { Host: `127.0.0.1:${h.port + 1}` } });
    assert.equal(otherPort.status, 403);
    const origin = await raw({
      path: '/_sandbox/tokens',
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: mint,
    });
    assert.equal(origin.status, 403);
    const form = await raw({ path: '/_sandbox/tokens', method: 'POST', headers: { Host: `localhost:${h.port}`, 'Content-Type': 'text/plain' }, body: mint });
    assert.equal(form.status, 415);
    const ok = await raw({
      path: '/_sandbox/tokens',
      method: 'POST',
      headers: { Host: `localhost:${h.port}`, 'Content-Type': 'application/json' },
      body: mint,
    });
    assert.equal(ok.status, 201);
  });

  test('bodies past the limit answer 413 on the API, admin and OAuth token endpoints; the server lives on', async () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const api = await call('POST', '/repositories/acme/web/pullrequests', { headers: JSON_CT, body: big });
    assert.equal(api.status, 413);
    assert.equal(((await api.json()) as { type: string }).type, 'error');
    const token = await fetch(`${h.url.replace('/2.0', '')}/site/oauth2/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&x=${'y'.repeat(1024 * 1024)}`,
    });
    assert.equal(token.status, 413);
    const admin = await fetch(`${h.admin}/faults`, { method: 'POST', headers: JSON_CT, body: big });
    assert.equal(admin.status, 413);
    assert.equal((await call('GET', '/user')).status, 200);
  });

  test('a path outside the tree is no 500 and never shows the state path; a 100 KB branch name is a 400', async () => {
    for (const path of ['/repositories/acme/web/commits?path=../../etc/passwd', '/repositories/acme/web/diffstat/main?path=../../x']) {
      const r = await call('GET', path);
      const text = await r.text();
      assert.ok(r.status < 500, `${path}: ${r.status}`);
      assert.doesNotMatch(text, new RegExp(h.stateDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    const r = await call('POST', '/repositories/acme/web/refs/branches', {
      headers: JSON_CT,
      body: JSON.stringify({ name: 'b'.repeat(100_000), target: { hash: 'main' } }),
    });
    assert.equal(r.status, 400);
  });

  test('15 concurrent merges of one pull request make one merge commit', async () => {
    const s = await startSandbox();
    try {
      const A = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
      const before = ((await (await fetch(`${s.url}/repositories/acme/web/commits/main?pagelen=50`, { headers: A })).json()) as { values: unknown[] }).values
        .length;
      const answers = await Promise.all(
        Array.from({ length: 15 }, () =>
          fetch(`${s.url}/repositories/acme/web/pullrequests/1/merge`, {
            method: 'POST',
            headers: A,
            body: JSON.stringify({ merge_strategy: 'merge_commit' }),
          }).then((r) => r.status),
        ),
      );
      assert.equal(answers.filter((x) => x === 200).length, 1, String(answers));
      assert.ok(
        answers.every((x) => x === 200 || x === 400),
        String(answers),
      );
      const log = (await (await fetch(`${s.url}/repositories/acme/web/commits/main?pagelen=50`, { headers: A })).json()) as {
        values: Array<{ parents: unknown[] }>;
      };
      assert.equal(log.values.filter((c) => c.parents.length === 2).length, 1);
      assert.ok(log.values.length > before);
    } finally {
      await s.close();
    }
  });

  test('--state: orphan temporary files from a killed sandbox are removed on start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bb-fidelity-state-'));
    try {
      const first = await startSandbox({ stateDir: dir });
      await first.close();
      await writeFile(join(dir, '.0123456789ab.tmp'), '{"half":');
      const second = await startSandbox({ stateDir: dir });
      await second.close();
      assert.deepEqual(
        (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
        [],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('#3 an async merge progresses in the background', () => {
  test('202, then the pull request is merged without any poll; a later merge is a 400, not a 409', async () => {
    const s = await startSandbox();
    try {
      const A = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
      const r = await fetch(`${s.url}/repositories/acme/web/pullrequests/1/merge?async=true`, { method: 'POST', headers: A, body: '{}' });
      assert.equal(r.status, 202);
      assert.equal(r.headers.get('content-length'), '0');
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      let state = '';
      for (let i = 0; i < 50 && state !== 'MERGED'; i++) {
        await new Promise((res) => setTimeout(res, 20));
        state = ((await (await fetch(`${s.url}/repositories/acme/web/pullrequests/1`, { headers: A })).json()) as { state: string }).state;
      }
      assert.equal(state, 'MERGED');
      const again = await fetch(`${s.url}/repositories/acme/web/pullrequests/1/merge`, { method: 'POST', headers: A, body: '{}' });
      assert.equal(again.status, 400);
      // the task still answers PENDING once (mergePolls, default 1), then SUCCESS
      const poll = async () => ((await (await fetch(r.headers.get('location') as string, { headers: A })).json()) as { task_status: string }).task_status;
      assert.equal(await poll(), 'PENDING');
      assert.equal(await poll(), 'SUCCESS');
    } finally {
      await s.close();
    }
  });
});

describe('#11 answers inside the spec', () => {
  test('repository create and deploy-key add answer 200 (spec), hook events carry only the schema properties', async () => {
    const repo = await call('POST', '/repositories/acme/fidelity', { headers: JSON_CT, body: JSON.stringify({ scm: 'git', is_private: true }) });
    assert.equal(repo.status, 200, await repo.clone().text());
    const key = await call('POST', '/repositories/acme/fidelity/deploy-keys', {
      headers: JSON_CT,
      body: JSON.stringify({ key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfSVxOL4HzNcK8W6yrTlvPEr0e1vj1ZmR0JjXo3Cx3C deploy', label: 'ci' }),
    });
    assert.equal(key.status, 200, await key.clone().text());
    const events = (await (await call('GET', '/hook_events/repository')).json()) as { values: Array<Record<string, unknown>> };
    assert.ok(events.values.length > 0);
    for (const e of events.values) assert.deepEqual(Object.keys(e).sort(), ['category', 'description', 'event', 'label']);
  });
});

describe('#4 Cloud files: src, POST src, filehistory', () => {
  test('the root listing (with or without a path), a file, meta; a commit of a file through POST src; its history', async () => {
    const root = await call('GET', '/repositories/acme/web/src/main/');
    assert.equal(root.status, 200);
    const listing = (await root.json()) as { values: Array<{ type: string; path: string }> };
    assert.ok(
      listing.values.some((v) => v.type === 'commit_file' && v.path === 'README.md'),
      JSON.stringify(listing.values.map((v) => v.path)),
    );
    assert.deepEqual(((await (await call('GET', '/repositories/acme/web/src')).json()) as typeof listing).values, listing.values);
    const file = await call('GET', '/repositories/acme/web/src/main/README.md');
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/plain/);
    const readme = await file.text();
    const meta = (await (await call('GET', '/repositories/acme/web/src/main/README.md?format=meta')).json()) as { type: string; size: number };
    assert.equal(meta.type, 'commit_file');
    assert.equal(meta.size, Buffer.byteLength(readme));
    assert.equal((await call('GET', '/repositories/acme/web/src/main/nope.md')).status, 404);

    const form = new FormData();
    form.set('message', 'Add notes');
    form.set('branch', 'main');
    form.set('docs/notes.md', new Blob(['# Notes\n']), 'notes.md'); // a file part, as curl -F path=@file sends it
    const post = await fetch(`${h.url}/repositories/acme/web/src`, { method: 'POST', headers: auth(), body: form });
    assert.equal(post.status, 201, await post.clone().text());
    assert.match(post.headers.get('location') ?? '', /\/commit\/[0-9a-f]{40}$/);
    assert.equal(await (await call('GET', '/repositories/acme/web/src/main/docs/notes.md')).text(), '# Notes\n');
    const history = (await (await call('GET', '/repositories/acme/web/filehistory/main/docs/notes.md')).json()) as {
      values: Array<{ path: string; commit: { message: string } }>;
    };
    assert.deepEqual(
      history.values.map((v) => [v.path, v.commit.message.trim()]),
      [['docs/notes.md', 'Add notes']],
    );
    assert.equal((await call('GET', '/repositories/acme/web/src/main/..%2F..%2Fetc')).status, 404);
  });
});
