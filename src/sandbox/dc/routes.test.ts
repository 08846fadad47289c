import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DC_OPERATIONS } from '../../scopes/generated/dc-operations.js';
import type { DcRoutes } from './handlers/context.js';
import { DC_AREAS, DC_ROUTES, joinRoutes } from './handlers/index.js';

const ok: DcRoutes[string] = () => ({ status: 204 });

test('two areas claiming one operation is refused, naming both', () => {
  assert.throws(
    () => joinRoutes({ 'pull-requests': { 'POST /x/merge': ok }, merging: { 'GET /x': ok, 'POST /x/merge': ok } }),
    /POST \/x\/merge is defined twice: in pull-requests and in merging/,
  );
  assert.deepEqual(Object.keys(joinRoutes({ a: { 'GET /a': ok }, b: { 'GET /b': ok } })), ['GET /a', 'GET /b']);
});

test('every operation has one handler, in one area, and is an operation of the DC spec', () => {
  const owners = new Map<string, string[]>();
  for (const [area, routes] of Object.entries(DC_AREAS)) for (const op of Object.keys(routes)) owners.set(op, [...(owners.get(op) ?? []), area]);
  assert.deepEqual(
    [...owners].filter(([, areas]) => areas.length > 1),
    [],
  );
  assert.deepEqual(
    Object.keys(DC_ROUTES).filter((op) => !(op in DC_OPERATIONS)),
    [],
  );
  assert.equal(Object.keys(DC_ROUTES).length, owners.size);
  // the merge-check merge, the anchored comments and activity are the only ones (they once overrode another definition)
  assert.equal(owners.get('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge')?.join(), 'pull-requests');
});
