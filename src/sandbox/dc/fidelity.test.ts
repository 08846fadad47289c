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

describe('#7 / #4 Data Center operations that answered 501', () => {
  const PR = '/api/1.0/projects/ACME/repos/api/pull-requests/1';
  test('pull request commits, the diff with and without a path', async () => {
    const commits = await call('GET', `${PR}/commits`);
    assert.equal(commits.status, 200);
    const c = (await commits.json()) as { values: Array<{ message: string }> };
    assert.deepEqual(
      c.values.map((x) => x.message),
      ['Add login endpoint'],
    );
    const whole = await call('GET', `${PR}/diff`);
    assert.equal(whole.status, 200);
    const d = (await whole.json()) as {
      diffs: Array<{ destination: { toString: string }; hunks: Array<{ segments: Array<{ type: string; lines: Array<{ line: string }> }> }> }>;
    };
    assert.equal(d.diffs.length, 1);
    assert.equal(d.diffs[0]?.destination.toString, 'src/login.js');
    assert.deepEqual(d.diffs[0]?.hunks[0]?.segments[0], {
      type: 'ADDED',
      lines: [{ source: 0, destination: 1, line: 'export const login = () => "ok";', truncated: false }],
      truncated: false,
    });
    const one = await call('GET', `${PR}/diff/src/login.js`);
    assert.equal(one.status, 200);
    const none = (await (await call('GET', `${PR}/diff/README.md`)).json()) as { diffs: unknown[] };
    assert.equal(none.diffs.length, 0);
  });

  test('comments by file (path required, as DC), un-approve, delete', async () => {
    const made = await call('POST', `${PR}/comments`, { text: 'on the file', anchor: { path: 'src/login.js', line: 1, lineType: 'ADDED' } });
    assert.equal(made.status, 201);
    assert.equal((await call('GET', `${PR}/comments`)).status, 400);
    const list = await call('GET', `${PR}/comments?path=src/login.js`);
    assert.equal(list.status, 200);
    const l = (await list.json()) as { values: Array<{ text: string }> };
    assert.deepEqual(
      l.values.map((x) => x.text),
      ['on the file'],
    );
    assert.equal((await call('POST', `${PR}/approve`)).status, 200);
    const un = await call('DELETE', `${PR}/approve`);
    assert.equal(un.status, 200);
    assert.equal(((await un.json()) as { status: string }).status, 'UNAPPROVED');
    const pr = (await (await call('GET', PR)).json()) as { version: number };
    assert.equal((await call('DELETE', PR, { version: pr.version + 7 })).status, 409);
    const del = await call('DELETE', PR, { version: pr.version });
    assert.equal(del.status, 204);
    assert.equal((await call('GET', PR)).status, 404);
  });

  test('raw and browse (file and directory); a path outside the tree is a 400', async () => {
    const raw = await call('GET', '/api/1.0/projects/ACME/repos/api/raw/src/server.js');
    assert.equal(raw.status, 200);
    assert.equal(await raw.text(), 'export const port = 8080;\n');
    const file = (await (await call('GET', '/api/latest/projects/ACME/repos/api/browse/README.md')).json()) as { lines: Array<{ text: string }> };
    assert.deepEqual(file.lines, [{ text: '# api' }]);
    const dir = await call('GET', '/api/latest/projects/ACME/repos/api/browse');
    assert.equal(dir.status, 200);
    const d = (await dir.json()) as { children: { values: Array<{ path: { toString: string }; type: string }> } };
    assert.deepEqual(
      d.children.values.map((v) => `${v.type} ${v.path.toString}`),
      ['FILE README.md', 'DIRECTORY docs', 'DIRECTORY src'],
    );
    assert.equal((await call('GET', '/api/latest/projects/ACME/repos/api/raw/..%2F..%2Fstate.json')).status, 400);
    assert.equal((await call('GET', '/api/latest/projects/ACME/repos/api/raw/nope.txt')).status, 404);
  });

  test('legacy POST /build-status/1.0/commits/{id} → 204, listed by the GET', async () => {
    const commit = ((await (await call('GET', '/api/1.0/projects/ACME/repos/web/commits?limit=1')).json()) as { values: Array<{ id: string }> }).values[0]?.id;
    const post = await call('POST', `/build-status/1.0/commits/${commit}`, { key: 'ci', state: 'SUCCESSFUL', url: 'https://ci.example/1' });
    assert.equal(post.status, 204);
    const got = (await (await call('GET', `/build-status/latest/commits/${commit}`)).json()) as { values: Array<{ key: string; state: string }> };
    assert.deepEqual(
      got.values.map((v) => `${v.key} ${v.state}`),
      ['ci SUCCESSFUL'],
    );
    assert.equal((await call('POST', `/build-status/1.0/commits/${commit}`, {})).status, 400);
  });
});

describe('#11 answers inside the spec', () => {
  test('webhook create answers 200 with the webhook as JSON (spec: 200 "A created webhook.", application/json;charset=UTF-8)', async () => {
    const r = await call('POST', '/api/latest/projects/ACME/repos/api/webhooks', { name: 'spec', url: 'http://127.0.0.1:9/spec', events: ['pr:opened'] });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json;charset=UTF-8');
    const hook = (await r.json()) as { id: number; name: string; events: string[] };
    assert.equal(hook.name, 'spec');
    assert.deepEqual(hook.events, ['pr:opened']);
    assert.equal((await call('GET', `/api/latest/projects/ACME/repos/api/webhooks/${hook.id}`)).status, 200);
  });
});
