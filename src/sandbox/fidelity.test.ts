/**
 * The Cloud sandbox behaves like Bitbucket Cloud as it is today (issue 16): where Bitbucket fails, the
 * sandbox fails the same way; where it succeeds, so does the sandbox. In process, with startSandbox().
 */
import assert from 'node:assert/strict';
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
    const resolve = await call('POST', '/repositories/acme/web/pullrequests/1/comments/1/resolve', { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
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
