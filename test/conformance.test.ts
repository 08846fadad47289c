/** The response-conformance check (test/support/conformance.ts) finds answers outside the spec, and only those. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertConformingResponses, responseViolations } from './support/conformance.js';

function check(lines: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'bb-conformance-'));
  try {
    const file = join(dir, 'responses.ndjson');
    writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    return responseViolations(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REPO = 'GET /repositories/{workspace}/{repo_slug}';

test('an answer the schema refuses is reported with its operation, status and the path of the error', () => {
  const v = check([{ operation: REPO, status: 200, body: { type: 'repository', is_private: 'yes' } }]);
  assert.equal(v.length, 1);
  assert.equal(v[0]?.operation, REPO);
  assert.equal(v[0]?.status, 200);
  assert.match(v[0]?.errors.join('\n') ?? '', /\/is_private must be boolean/);
});

test('valid answers, nulls Bitbucket sends, and partial fields= answers pass', () => {
  assert.deepEqual(
    check([
      { operation: REPO, status: 200, body: { type: 'repository', full_name: 'acme/web', is_private: true, parent: null } },
      { operation: 'GET /repositories/{workspace}/{repo_slug}/pullrequests', status: 200, fields: 'values.id', body: { values: [{ id: 1 }] } },
    ]),
    [],
  );
});

test('an error without a documented body must still be the error envelope; the reviewed differences pass', () => {
  const bad = check([{ operation: REPO, status: 409, body: { message: 'no envelope' } }]);
  assert.equal(bad.length, 1);
  assert.deepEqual(
    check([
      { operation: REPO, status: 403, body: { type: 'error', error: { message: 'scopes', detail: { required: ['x'], granted: [] } } } },
      { operation: 'POST /users/{selected_user}/ssh-keys', status: 400, body: { type: 'error', error: { message: 'bad', fields: { key: ['bad'] } } } },
      { operation: 'GET /snippets/{workspace}/{encoded_id}', status: 200, body: { type: 'snippet', id: 'kypj' } },
    ]),
    [],
  );
  // the reviewed list is narrow: an integer-vs-string id outside snippets is still reported
  assert.equal(
    check([{ operation: 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', status: 200, body: { type: 'pullrequest', id: 'x' } }])
      .length,
    1,
  );
});

test('Data Center answers are checked against the Data Center spec, errors against its envelope', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-conformance-'));
  try {
    const file = join(dir, 'responses.ndjson');
    const op = 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}';
    const lines = [
      { operation: op, status: 200, body: { slug: 'api', name: 'api', id: 1, project: { key: 'ACME', name: 'Acme', type: 'NORMAL' } } },
      { operation: op, status: 200, body: { slug: 5 } },
      { operation: op, status: 409, body: { message: 'not the envelope' } },
      { operation: op, status: 404, body: { errors: [{ context: null, message: 'gone', exceptionName: null }] } },
    ];
    writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const v = responseViolations(file, 'dc');
    assert.deepEqual(
      v.map((x) => x.status),
      [200, 409],
    );
    assert.match(v[0]?.errors.join('\n') ?? '', /\/slug must be string/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a required property Bitbucket sends as null counts as there; a missing one does not', () => {
  const op = 'GET /workspaces/{workspace}/projects/{project_key}/branching-model';
  assert.deepEqual(check([{ operation: op, status: 200, body: { type: 'project_branching_model', development: { name: null, use_mainbranch: true } } }]), []);
  assert.equal(check([{ operation: op, status: 200, body: { type: 'project_branching_model', development: { use_mainbranch: true } } }]).length, 1);
});

test('allOf branches do not refuse each other’s properties; a closed schema used alone still refuses extras', () => {
  const task = {
    type: 'pullrequest_comment_task',
    id: 1,
    state: 'UNRESOLVED',
    created_on: '2026-12-03T10:00:00+00:00',
    updated_on: '2026-12-03T10:00:00+00:00',
    content: { raw: 'x' },
    creator: { type: 'user', uuid: '{u}' },
  };
  const op = 'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks/{task_id}';
  assert.deepEqual(check([{ operation: op, status: 200, body: task }]), []);
  assert.equal(check([{ operation: op, status: 200, body: { ...task, content: { raw: 'x', extra: 1 } } }]).length, 1);
});

test('a sandbox stop fails on an answer outside the spec, naming it once; a missing log is no answer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-conformance-'));
  try {
    const file = join(dir, 'responses.ndjson');
    const bad = { operation: REPO, status: 200, body: { type: 'repository', is_private: 'yes' } };
    writeFileSync(file, `${JSON.stringify(bad)}\n${JSON.stringify(bad)}\n`);
    assert.throws(
      () => assertConformingResponses(file),
      (e: Error) => e.message.split(REPO).length === 2 && /is_private must be boolean/.test(e.message),
    );
    assert.doesNotThrow(() => assertConformingResponses(join(dir, 'none.ndjson')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
