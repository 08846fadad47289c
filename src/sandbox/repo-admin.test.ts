/**
 * The Cloud sandbox's repository override settings and project default reviewers (issue 21, item 5) follow the
 * spec's shapes and Bitbucket's validation: an empty JSON body is a 400, an unknown setting or user is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type SandboxHandle, startSandbox } from './index.js';

let h: SandboxHandle;
async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  });
}

before(async () => {
  h = await startSandbox();
});
after(() => h.close());

describe('override settings', () => {
  const S = '/repositories/acme/web/override-settings';
  test('GET: a repository_inheritance_state, every setting inherited at first', async () => {
    const r = await call('GET', S);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { type: 'repository_inheritance_state', override_settings: { default_merge_strategy: false, branching_model: false } });
  });
  test('PUT: 204, only the named settings change; {} and unknown or non-boolean settings are 400; a missing repository 404', async () => {
    let r = await call('PUT', S, { type: 'repository_inheritance_state', override_settings: { branching_model: true } });
    assert.equal(r.status, 204, await r.text());
    assert.deepEqual(((await (await call('GET', S)).json()) as { override_settings: unknown }).override_settings, {
      default_merge_strategy: false,
      branching_model: true,
    });
    for (const body of [{}, { override_settings: {} }, { override_settings: { nope: true } }, { override_settings: { branching_model: 'yes' } }]) {
      r = await call('PUT', S, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    r = await call('PUT', '/repositories/acme/nope/override-settings', { override_settings: { branching_model: true } });
    assert.equal(r.status, 404);
  });
});

describe('project default reviewers', () => {
  const D = '/workspaces/acme/projects/PLAT/default-reviewers';
  test('PUT/GET/DELETE: unknown user 404, an empty JSON body 400, one who is not a default reviewer 400', async () => {
    let r = await call('PUT', `${D}/nobody-here`);
    assert.equal(r.status, 404);
    r = await fetch(`${h.url}${D}/alex`, { method: 'PUT', headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400, 'an empty JSON body');
    r = await call('GET', `${D}/alex`);
    assert.equal(r.status, 400, 'not a default reviewer yet');
    r = await call('PUT', `${D}/alex`);
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { nickname: string }).nickname, 'alex');
    r = await call('GET', D);
    const list = (await r.json()) as { values: Array<{ type: string; reviewer_type: string; user: { nickname: string } }> };
    assert.deepEqual(
      list.values.map((v) => [v.type, v.reviewer_type, v.user.nickname]),
      [['default_reviewer', 'project', 'alex']],
    );
    r = await call('DELETE', `${D}/alex`);
    assert.equal(r.status, 204);
    r = await call('DELETE', `${D}/alex`);
    assert.equal(r.status, 400);
    r = await call('GET', '/workspaces/acme/projects/NOPE/default-reviewers');
    assert.equal(r.status, 404);
  });
});
