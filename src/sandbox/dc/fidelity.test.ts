/**
 * The Data Center sandbox behaves like Bitbucket Data Center (issue 16). In process, with startSandbox({ kind: 'dc' }).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '../index.js';
import type { DcSandboxHandle } from './index.js';

let h: DcSandboxHandle;
const admin = () => `Basic ${Buffer.from(`${h.username}:${h.password}`).toString('base64')}`;
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}/rest${path}`, {
    method,
    headers: { Authorization: admin(), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

before(async () => {
  h = await startSandbox({ kind: 'dc' });
});
after(() => h.close());

describe('#2 version segments: 1.0 and latest alike', () => {
  test('/rest/api/1.0/ serves what /rest/api/latest/ serves', async () => {
    const latest = await call('GET', '/api/latest/projects/ACME/repos/api');
    const v1 = await call('GET', '/api/1.0/projects/ACME/repos/api');
    assert.equal(v1.status, 200);
    assert.deepEqual(await v1.json(), await latest.json());
    const list = await call('GET', '/api/1.0/projects/ACME/repos?limit=1');
    assert.equal(list.status, 200);
  });

  test('other families: build-status, branch-utils, access-tokens, ssh under 1.0', async () => {
    const commit = ((await (await call('GET', '/api/1.0/projects/ACME/repos/api/commits?limit=1')).json()) as { values: Array<{ id: string }> }).values[0]?.id;
    assert.ok(commit);
    const builds = await call('GET', `/build-status/1.0/commits/stats/${commit}`);
    assert.notEqual(builds.status, 404);
    const tokens = await call('GET', '/access-tokens/1.0/users/admin');
    assert.equal(tokens.status, 200);
    const keys = await call('GET', '/ssh/1.0/keys');
    assert.equal(keys.status, 200);
    // a version DC does not serve is still a 404
    assert.equal((await call('GET', '/api/2.0/projects/ACME/repos/api')).status, 404);
  });
});

describe('#6/#7/#11 repository delete', () => {
  test('202 is JSON (application/json;charset=UTF-8, a JSON body); a missing repository is a 204 with Content-Length 0', async () => {
    const create = await call('POST', '/api/latest/projects/ACME/repos', { name: 'doomed' });
    assert.equal(create.status, 201);
    const del = await call('DELETE', '/api/1.0/projects/ACME/repos/doomed');
    assert.equal(del.status, 202);
    assert.equal(del.headers.get('content-type'), 'application/json;charset=UTF-8');
    assert.deepEqual(await del.json(), {});
    const again = await call('DELETE', '/api/latest/projects/ACME/repos/doomed');
    assert.equal(again.status, 204);
    assert.equal(again.headers.get('content-length'), '0');
    // anonymous: still a 401, never a 204
    const anon = await fetch(`${h.url}/rest/api/latest/projects/ACME/repos/doomed`, { method: 'DELETE' });
    assert.equal(anon.status, 401);
  });
});
