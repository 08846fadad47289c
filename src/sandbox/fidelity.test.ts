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
  test('204 (delete), 302 (pull request diff) and 202 (async merge) have a Content-Type and Content-Length 0', async () => {
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
