import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDcPermission } from '../../scripts/lib/dc-permissions.mjs';
import { apiErrorFromResponse } from '../api/errors.js';
import { COMMANDS } from '../cmd/registry.js';
import { runBb } from '../../test/support/run.js';
import { capped, DC_RANK, dcNeeds, dcScopeFor, dcTokenPermissionFor } from './dc-permissions.js';
import { DC_COVERAGE, DC_OPERATIONS } from './generated/dc-operations.js';

test('parser: the common phrasings', () => {
  const p = (d: string) => parseDcPermission(d);
  assert.deepEqual(
    [
      p('The authenticated user must have <strong>REPO_READ</strong> permission for the specified repository to call this resource.').permission,
      p('x').permission,
    ],
    ['REPO_READ', null],
  );
  assert.equal(p('The authenticated user must have **REPO_ADMIN** permission or higher to call this resource.').permission, 'REPO_ADMIN');
  assert.equal(p('The authenticated user must have the <strong>SYS_ADMIN</strong> permission to call this resource.').on, 'global');
  assert.equal(p('Find rules.\n\nRepository **Admin** is required').permission, 'REPO_ADMIN');
  assert.equal(p('Retrieve version information. No authentication is required to call this resource.').permission, 'public');
  assert.equal(p('Only authenticated users may call this resource.').permission, 'authenticated');
  assert.equal(p('The default permission required is <strong>REPO_ADMIN</strong> permission.').permission, 'REPO_ADMIN');
  const filter = p(
    'Retrieve a page of projects. Only projects for which the authenticated user has the <strong>PROJECT_VIEW</strong> permission will be returned.',
  );
  assert.deepEqual([filter.permission, filter.filter], ['PROJECT_VIEW', true]);
  // several permissions, all needed (the highest is kept, flagged when they are on different resources)
  const fork = p(
    'The authenticated user must have <strong>REPO_READ</strong> permission for the specified repository and <strong>PROJECT_ADMIN</strong> on the target project to call this resource.',
  );
  assert.deepEqual([fork.permission, fork.all], ['PROJECT_ADMIN', ['REPO_READ', 'PROJECT_ADMIN']]);
  assert.match(fork.ambiguous ?? '', /all needed/);
  // bulleted alternatives: the lowest, flagged
  const either = p(
    'The authenticated user must either:\n\n- be the author and have the <strong>REPO_READ</strong> permission; or\n- have the <strong>REPO_WRITE</strong> permission\n\nto call this resource.',
  );
  assert.deepEqual([either.permission, either.any], ['REPO_READ', ['REPO_READ', 'REPO_WRITE']]);
  // a list of grantable permissions is not a requirement; the bulleted requirement is
  const grant = p(
    'Available global permissions are:\n\n- LICENSED_USER\n- ADMIN\n\nThe authenticated user must have:\n\n- <strong>ADMIN</strong> permission or higher; and\n- the permission they grant\n',
  );
  assert.equal(grant.permission, 'ADMIN');
  // a requirement sentence with a restriction clause still counts
  assert.equal(
    p(
      'The authenticated user must have the <strong>ADMIN</strong> permission to call this resource, and may not update the password of a user with greater permissions than themselves.',
    ).permission,
    'ADMIN',
  );
});

test('table: coverage and the operations bb relies on', () => {
  assert.equal(DC_COVERAGE.total, Object.keys(DC_OPERATIONS).length);
  assert.ok(DC_COVERAGE.withPermission / DC_COVERAGE.total > 0.7);
  assert.equal(DC_OPERATIONS['POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge']?.p, 'REPO_WRITE');
  assert.equal(DC_OPERATIONS['DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}']?.p, 'REPO_ADMIN');
  assert.equal(DC_OPERATIONS['GET /api/latest/application-properties']?.p, 'public');
  assert.equal(DC_OPERATIONS['PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}']?.src, 'supplement');
});

test('every declared dcOperation is in the DC table', () => {
  const bad = COMMANDS.flatMap((c) => (c.dcOperations ?? []).filter((op) => !DC_OPERATIONS[op]).map((op) => `${c.path.join(' ')}: ${op}`));
  assert.deepEqual(bad, []);
  assert.ok(COMMANDS.filter((c) => c.dcOperations?.length).length >= 30);
});

test('mapping: permission → OAuth 2.0 scope and access-token permission', () => {
  const op = (k: string) => [k, DC_OPERATIONS[k]] as const;
  const merge = op('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge');
  assert.equal(dcScopeFor(...merge), 'REPO_WRITE');
  assert.deepEqual(dcTokenPermissionFor(...merge), { permission: 'REPO_WRITE' });
  const createRepo = op('POST /api/latest/projects/{projectKey}/repos');
  assert.equal(dcScopeFor(...createRepo), 'PROJECT_ADMIN');
  assert.deepEqual(dcTokenPermissionFor(...createRepo), { permission: 'PROJECT_ADMIN' });
  const sshAdd = op('POST /ssh/latest/keys');
  assert.equal(dcScopeFor(...sshAdd), 'ACCOUNT_WRITE');
  assert.ok(dcTokenPermissionFor(...sshAdd).refused);
  assert.equal(dcScopeFor(...op('GET /api/latest/application-properties')), 'PUBLIC_REPOS');
  const needs = dcNeeds(['GET /api/latest/projects/{projectKey}/repos', 'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}'], DC_OPERATIONS);
  assert.deepEqual([needs.scope, needs.projectPermission, needs.repoPermission], ['REPO_ADMIN', 'PROJECT_READ', 'REPO_ADMIN']);
});

test('the cap: the lower of the credential and the user', () => {
  assert.equal(capped(DC_RANK.REPO_ADMIN as number, DC_RANK.REPO_WRITE as number), DC_RANK.REPO_WRITE);
  assert.equal(capped(Number.POSITIVE_INFINITY, DC_RANK.REPO_READ as number), DC_RANK.REPO_READ);
  assert.equal(capped(DC_RANK.REPO_READ as number, DC_RANK.SYS_ADMIN as number), DC_RANK.REPO_READ);
});

test('bb scopes --dc: scope, token permission and the cap', async () => {
  const piped = await runBb(['scopes', '--dc', 'pr create', 'pr merge']);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, 'oauth2\tREPO_WRITE\naccess-token\tREPO_WRITE\n');
  const tty = await runBb(['scopes', '--dc', 'repo delete'], { tty: true });
  assert.match(tty.stdout, /OAuth 2\.0 scope \(incoming link\): +REPO_ADMIN/);
  assert.match(tty.stdout, /The cap/);
  const json = await runBb(['scopes', '--dc', '--json', 'project create', 'ssh-key add']);
  const data = JSON.parse(json.stdout) as { oauthScopes: string[]; accessToken: { usable: boolean } };
  assert.deepEqual(data.oauthScopes, ['PROJECT_ADMIN', 'ACCOUNT_WRITE']);
  assert.equal(data.accessToken.usable, false);
  const explain = await runBb(['scopes', 'explain', 'REPO_WRITE', '--json']);
  const x = JSON.parse(explain.stdout) as { kind: string; commands: string[]; operations: string[] };
  assert.equal(x.kind, 'data-center');
  assert.ok(x.commands.includes('pr merge'));
  assert.ok(x.operations.includes('POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/pull-requests/{pullRequestId}/merge'));
  // Cloud output unchanged
  const cloud = await runBb(['scopes', 'pr merge']);
  assert.match(cloud.stdout, /:bitbucket/);
});

test('a DC 403 names the permission and explains the cap', async () => {
  const body = JSON.stringify({
    errors: [{ context: null, message: 'You are not permitted to access this resource', exceptionName: 'com.atlassian.bitbucket.AuthorisationException' }],
  });
  const res = new Response(body, { status: 403, headers: { 'Content-Type': 'application/json' } });
  Object.defineProperty(res, 'url', { value: 'https://bb.example.test/rest/api/latest/projects/ACME/repos/api' });
  const err = await apiErrorFromResponse(res, undefined, 'DELETE');
  assert.equal(err.code, 2003);
  assert.equal(err.operation, 'DELETE /api/latest/projects/{projectKey}/repos/{repositorySlug}');
  assert.deepEqual(err.missingScopes, ['REPO_ADMIN']);
  assert.match(err.message, /needs REPO_ADMIN permission on this repository/);
  assert.match(err.hints.join('\n'), /never exceeds your own permission/);
});
