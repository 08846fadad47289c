import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchRegistry } from '../../../test/support/fake-fetch.js';
import { runBb } from '../../../test/support/run.js';
import { OPERATIONS } from '../../scopes/generated/operations.js';
import { PROFILES } from '../../scopes/profiles.js';

const forbidden = (required: string[], granted: string[]) => ({
  type: 'error',
  error: { message: 'Your credentials lack one or more required privilege scopes.', detail: { required, granted } },
});

test('bb scopes "<command>" prints the minimum scopes, one per line when piped', async () => {
  const r = await runBb(['scopes', 'auth status']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'read:user:bitbucket\n');
  const l = await runBb(['scopes', '--legacy', 'auth status']);
  assert.equal(l.stdout, 'account\n');
});

test('bb scopes with several commands: the union, minimal; --json shape', async () => {
  const r = await runBb(['scopes', 'repo view', 'repo delete', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['scopes', 'legacyScopes', 'permissions', 'commands']);
  assert.deepEqual(j.scopes, ['delete:repository:bitbucket', 'read:repository:bitbucket']);
  assert.deepEqual(j.legacyScopes, ['repository', 'repository:delete']);
  assert.deepEqual(j.permissions, ['Repositories: Read', 'Repositories: Delete']);
  assert.deepEqual(j.commands[1], {
    command: 'repo delete',
    scopes: ['delete:repository:bitbucket'],
    legacyScopes: ['repository:delete'],
    operations: ['DELETE /repositories/{workspace}/{repo_slug}'],
  });
});

test('bb scopes on a terminal: heading, list, checkboxes for --legacy', async () => {
  const r = await runBb(['scopes', '--legacy', 'repo delete', 'auth status'], { tty: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Legacy scopes \(access tokens, OAuth consumers\) for repo delete, auth status:\n {2}account\n {2}repository:delete\n/);
  assert.match(r.stdout, /permissions to tick:\n {2}Account: Read\n {2}Repositories: Delete\n/);
});

test('unknown command: INVALID_ARGUMENT, exit 2, with a suggestion', async () => {
  const r = await runBb(['scopes', 'auth stauts']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error 5002 INVALID_ARGUMENT: unknown command "auth stauts"\nhint: did you mean "auth status"/);
  const none = await runBb(['scopes']);
  assert.equal(none.code, 2);
});

test('bb scopes --all --json: exact shape, sorted, every API command, real operations', async () => {
  const r = await runBb(['scopes', '--all', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { scopes: string[]; commands: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(j), ['scopes', 'commands']);
  assert.deepEqual(j.scopes, [...j.scopes].sort());
  const union = new Set<string>();
  for (const c of j.commands) {
    assert.deepEqual(
      Object.keys(c).filter((k) => k !== 'conditional'),
      ['command', 'scopes', 'legacyScopes', 'operations'],
    );
    for (const list of [c.scopes, c.legacyScopes, c.operations] as string[][]) assert.deepEqual(list, [...list].sort());
    for (const op of c.operations as string[]) assert.ok(OPERATIONS[op], `${c.command}: ${op} is not in the spec`);
    for (const s of c.scopes as string[]) union.add(s);
  }
  assert.deepEqual(j.scopes, [...union].sort());
  const names = j.commands.map((c) => c.command);
  assert.ok(names.includes('auth status'));
  for (const local of ['auth token', 'scopes', 'scopes explain', 'help exit-codes']) assert.ok(!names.includes(local), `${local} calls no API`);
  assert.deepEqual(
    j.commands.find((c) => c.command === 'auth status'),
    {
      command: 'auth status',
      scopes: ['read:user:bitbucket'],
      legacyScopes: ['account'],
      operations: ['GET /user'],
    },
  );
});

test('bb scopes --all on a terminal: a table with both vocabularies', async () => {
  const r = await runBb(['scopes', '--all'], { tty: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^COMMAND +SCOPES +LEGACY\n/);
  assert.match(r.stdout, /auth status +read:user:bitbucket +account\n/);
  assert.match(r.stdout, /No API call, no scope: .*auth token/);
});

test('bb scopes explain: granular, legacy (implications), Data Center; unknown scope', async () => {
  const gr = await runBb(['scopes', 'explain', 'read:user', '--json']);
  assert.equal(gr.code, 0, gr.stderr);
  const g = JSON.parse(gr.stdout);
  assert.equal(g.scope, 'read:user:bitbucket');
  assert.equal(g.kind, 'granular');
  assert.match(g.description, /current user/);
  assert.ok(g.operations.includes('GET /user'));
  assert.ok(g.commands.includes('auth status'));

  const lg = await runBb(['scopes', 'explain', 'pullrequest:write', '--json']);
  const l = JSON.parse(lg.stdout);
  assert.deepEqual(l.implies, ['pullrequest', 'repository', 'repository:write']);
  assert.equal(l.permission, 'Pull requests: Write');
  const repo = JSON.parse((await runBb(['scopes', 'explain', 'repository', '--json'])).stdout);
  assert.deepEqual(repo.impliedBy, ['project', 'pullrequest', 'pullrequest:write', 'repository:write']);
  assert.ok(!repo.impliedBy.includes('repository:admin'));

  const dc = await runBb(['scopes', 'explain', 'REPO_WRITE']);
  assert.equal(dc.code, 0);
  assert.match(dc.stdout, /Implies: REPO_READ, PUBLIC_REPOS/);
  assert.match(dc.stdout, /capped|never gets more than/);

  const bad = await runBb(['scopes', 'explain', 'read:everything']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5002 INVALID_ARGUMENT: unknown scope "read:everything"/);
});

test('bb scopes profile: lists profiles; computes a profile from its commands, skipping missing ones', async () => {
  const list = await runBb(['scopes', 'profile', '--json']);
  const all = JSON.parse(list.stdout).profiles as Array<{ profile: string }>;
  assert.deepEqual(
    all.map((p) => p.profile),
    ['read-only', 'reviewer', 'contributor', 'maintainer', 'ci-status', 'pipeline-operator', 'release', 'repo-admin', 'project-admin', 'workspace-admin'],
  );
  const r = await runBb(['scopes', 'profile', 'read-only', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(p), ['profile', 'summary', 'scopes', 'legacyScopes', 'permissions', 'commands', 'missingCommands']);
  assert.ok(p.scopes.includes('read:user:bitbucket'), 'auth status is in read-only');
  assert.ok(
    p.scopes.every((s: string) => s.startsWith('read:')),
    `read-only must only read: ${p.scopes}`,
  );
  const text = await runBb(['scopes', 'profile', 'read-only']);
  if (p.missingCommands.length) assert.match(text.stderr, /^note: skipped, not in this bb: /m);
  const bad = await runBb(['scopes', 'profile', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /hint: profiles: read-only, reviewer/);
});

test('every profile lists only existing commands (a token minted from it works for each; the proof covers every command)', async () => {
  const r = await runBb(['scopes', 'profile', '--json']);
  const profiles = JSON.parse(r.stdout).profiles as Array<{ profile: string; missingCommands: string[]; commands: string[] }>;
  for (const p of profiles) assert.deepEqual(p.missingCommands, [], `profile ${p.profile} names commands bb does not have`);
  const pipeline = profiles.find((p) => p.profile === 'pipeline-operator');
  for (const c of ['variable list', 'variable set', 'variable delete']) assert.ok(pipeline?.commands.includes(c), `pipeline-operator lacks ${c}`);
  assert.equal(PROFILES.length, 10);
});

test('bb scopes record: runs the program, reads the trace, exits with its status', async () => {
  const script = 'printf "GET /user\\nDELETE /repositories/{workspace}/{repo_slug}\\nGET /user\\n" >> "$BB_SCOPES_TRACE"; exit 0';
  const r = await runBb(['scopes', 'record', '--json', '--', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    scopes: ['delete:repository:bitbucket', 'read:user:bitbucket'],
    legacyScopes: ['account', 'repository:delete'],
    permissions: ['Account: Read', 'Repositories: Delete'],
    operations: ['DELETE /repositories/{workspace}/{repo_slug}', 'GET /user'],
    exitCode: 0,
  });
  const failed = await runBb(['scopes', 'record', '--', 'sh', '-c', 'echo "GET /user" >> "$BB_SCOPES_TRACE"; exit 5']);
  assert.equal(failed.code, 5);
  assert.equal(failed.stdout, 'read:user:bitbucket\n');
  assert.match(failed.stderr, /note: sh exited with status 5; the scopes cover only the operations it reached/);
  const missing = await runBb(['scopes', 'record', '--', 'no-such-program-bb']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot run no-such-program-bb: no such program/);
});

test('--help shows "Required scopes": granular, then legacy', async () => {
  const r = await runBb(['repo', 'delete', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Required scopes:\n {2}API token: delete:repository:bitbucket\n {2}access token \/ OAuth consumer \(legacy\): repository:delete/);
  const local = await runBb(['auth', 'token', '--help']);
  assert.doesNotMatch(local.stdout, /Required scopes/);
});

test("403: names every missing scope and the operation; the hint lists the command's complete set", async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/acme/web',
    status: 403,
    body: forbidden(['read:repository:bitbucket'], ['read:user:bitbucket']),
  });
  const r = await runBb(['repo', 'view', 'acme/web'], { fetch: reg.fetch, env: { BB_TOKEN: 'tok', BB_EMAIL: 'ada@example.com' } });
  assert.equal(r.code, 4);
  assert.match(
    r.stderr,
    /^error 2003 API_FORBIDDEN: GET \/repositories\/\{workspace\}\/\{repo_slug\} needs scope read:repository:bitbucket, which the credential lacks\n/,
  );
  assert.match(r.stderr, /hint: `bb repo view` needs: read:repository:bitbucket\n/);
  assert.match(r.stderr, /hint: scopes can't be added to an existing token: mint a new one with read:repository:bitbucket, then run `bb auth login`/);
  reg.verify();

  // --json: the error object carries missingScopes and operation
  const reg2 = new FetchRegistry().stub({ method: 'GET', path: '/repositories/acme/web', status: 403, body: forbidden(['read:repository:bitbucket'], []) });
  const j = await runBb(['repo', 'view', 'acme/web', '--json', 'name'], { fetch: reg2.fetch, env: { BB_TOKEN: 'tok', BB_EMAIL: 'ada@example.com' } });
  assert.equal(j.code, 4);
  const e = JSON.parse(j.stderr).error;
  assert.equal(e.code, 2003);
  assert.equal(e.name, 'API_FORBIDDEN');
  assert.deepEqual(e.missingScopes, ['read:repository:bitbucket']);
  assert.equal(e.operation, 'GET /repositories/{workspace}/{repo_slug}');
  assert.match(e.hint, /mint a new one with read:repository:bitbucket/);
});

test('403 with the scope message but no detail: missing scopes come from the table; a Bearer access token hears legacy names', async () => {
  const reg = new FetchRegistry().stub({
    method: 'DELETE',
    path: '/repositories/acme/web',
    status: 403,
    body: { type: 'error', error: { message: 'Your credentials lack one or more required privilege scopes.' } },
  });
  const r = await runBb(['repo', 'delete', 'acme/web', '--yes'], { fetch: reg.fetch, env: { BB_TOKEN: 'tok' } });
  assert.equal(r.code, 4);
  assert.match(
    r.stderr,
    /^error 2003 API_FORBIDDEN: DELETE \/repositories\/\{workspace\}\/\{repo_slug\} needs scope repository:delete, which the access token lacks/,
  );
  assert.match(r.stderr, /hint: `bb repo delete` needs: repository:delete \(permissions: Repositories: Delete\)/);
  assert.match(r.stderr, /create a new one with repository:delete/);
});

test('a 403 that does not say it is about scopes names none, and says both what the command needs and that it may be permission', async () => {
  const reg = new FetchRegistry().stub({
    method: 'DELETE',
    path: '/repositories/acme/web',
    status: 403,
    body: { type: 'error', error: { message: 'Forbidden' } },
  });
  const r = await runBb(['repo', 'delete', 'acme/web', '--yes'], { fetch: reg.fetch, env: { BB_TOKEN: 'tok' } });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 2003 API_FORBIDDEN: DELETE \/repositories\/\{workspace\}\/\{repo_slug\}: Forbidden$/m);
  assert.doesNotMatch(r.stderr, /which the (access )?token lacks/);
  assert.match(r.stderr, /^hint: .*may lack permission/m);
  assert.match(r.stderr, /^hint: .*needs repository:delete \(legacy scopes\)/m);
});

test('401 "not supported for this endpoint": hints at the token kind and email vs username', async () => {
  const reg = new FetchRegistry().stub({
    method: 'GET',
    path: '/repositories/acme/web',
    status: 401,
    body: { type: 'error', error: { message: 'Token is invalid, expired, or not supported for this endpoint.' } },
  });
  const r = await runBb(['repo', 'view', 'acme/web'], { fetch: reg.fetch, env: { BB_TOKEN: 'tok', BB_USERNAME: 'ada' } });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error 1002 AUTH_INVALID/);
  assert.match(r.stderr, /hint: API tokens are sent with your Atlassian account email \(not your Bitbucket username\)/);
  assert.match(r.stderr, /unscoped API token/);
});

test('auth status shows granted scopes (X-OAuth-Scopes) and what they allow, or says unknown', async () => {
  const user = { display_name: 'Ada', nickname: 'ada' };
  const reg = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user, headers: { 'x-oauth-scopes': 'account, repository:write' } });
  const r = await runBb(['auth', 'status', '--json', 'kind,scopes,allows'], { fetch: reg.fetch, env: { BB_TOKEN: 'tok' } });
  assert.equal(r.code, 0, r.stderr);
  const [e] = JSON.parse(r.stdout);
  assert.deepEqual(e.scopes, ['account', 'repository:write']);
  assert.ok(
    e.allows.some((a: string) => /^auth: all \d+ commands$/.test(a)),
    e.allows.join('; '),
  );
  assert.ok(
    e.allows.some((a: string) => /^repo: \d+ of \d+ \(.*view/.test(a)),
    e.allows.join('; '),
  );

  const reg2 = new FetchRegistry().stub({ method: 'GET', path: '/user', body: user });
  const u = await runBb(['auth', 'status'], { fetch: reg2.fetch, env: { BB_TOKEN: 'tok', BB_EMAIL: 'ada@example.com' } });
  assert.match(u.stderr, /Token scopes: unknown/);

  // a refusal that lists the granted scopes (the sandbox's detail.granted)
  const reg3 = new FetchRegistry().stub({ method: 'GET', path: '/user', status: 403, body: forbidden(['read:user:bitbucket'], ['read:repository:bitbucket']) });
  const f = await runBb(['auth', 'status', '--json', 'valid,scopes'], { fetch: reg3.fetch, env: { BB_TOKEN: 'tok', BB_EMAIL: 'ada@example.com' } });
  assert.equal(f.code, 4);
  assert.deepEqual(JSON.parse(f.stdout), [{ valid: false, scopes: ['read:repository:bitbucket'] }]);
});

test('bb scopes profile: the admin profiles ask for the permission scopes only where permissions change', async () => {
  const scopesOf = async (name: string) => {
    const r = await runBb(['scopes', 'profile', name, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { scopes: string[]; missingCommands: string[] };
  };
  const repo = await scopesOf('repo-admin');
  assert.deepEqual(repo.missingCommands, []);
  assert.ok(repo.scopes.includes('admin:repository:bitbucket') && repo.scopes.includes('write:permission:bitbucket'), repo.scopes.join(' '));
  const project = await scopesOf('project-admin');
  assert.ok(project.scopes.includes('admin:project:bitbucket'), project.scopes.join(' '));
  const workspace = await scopesOf('workspace-admin');
  assert.ok(!workspace.scopes.includes('write:permission:bitbucket'), 'listing permissions changes none');
});

/**
 * Which commands only an API token can run (issue 21): derived from the generated table's `apiTokenOnly` (an operation
 * whose `security` has no `oauth2` alternative), never a hand-kept list. The current spec offers every operation to
 * OAuth 2.0 too (the permission changes with repository:admin / project:admin), so the real table flags none: the
 * rendering is checked with one operation marked as the generator would mark it.
 */
test('bb scopes and bb scopes profile: say which commands only an API token can run, from the generated table', async () => {
  const grantUser = 'PUT /repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}';
  const grantGroup = 'PUT /repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}';
  // the real table: no operation lacks an OAuth 2.0 alternative, so no note and no field
  assert.deepEqual(
    Object.entries(OPERATIONS)
      .filter(([, o]) => o.apiTokenOnly)
      .map(([op]) => op),
    [],
  );
  const plain = await runBb(['scopes', 'repo permissions grant', '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal('apiTokenOnly' in JSON.parse(plain.stdout).commands[0], false);
  const plainTty = await runBb(['scopes', 'repo permissions grant'], { tty: true });
  assert.doesNotMatch(plainTty.stderr, /only an API token/);

  const saved = OPERATIONS[grantUser];
  assert.ok(saved);
  OPERATIONS[grantUser] = { ...saved, apiTokenOnly: true };
  try {
    const j = await runBb(['scopes', 'repo permissions grant', 'repo view', '--json']);
    assert.equal(j.code, 0, j.stderr);
    const report = JSON.parse(j.stdout);
    assert.deepEqual(report.commands[0].apiTokenOnly, [grantUser]);
    assert.equal('apiTokenOnly' in report.commands[1], false, 'repo view: every operation has an OAuth 2.0 alternative');
    assert.ok(report.commands[0].operations.includes(grantGroup));

    const note = `note: only an API token can do bb repo permissions grant: access tokens and OAuth consumers have no scope for ${grantUser}\n`;
    for (const legacy of [[], ['--legacy']]) {
      const human = await runBb(['scopes', 'repo permissions grant', ...legacy], { tty: true });
      assert.equal(human.code, 0, human.stderr);
      assert.ok(human.stderr.includes(note), human.stderr);
    }

    const all = JSON.parse((await runBb(['scopes', '--all', '--json'])).stdout) as { commands: Array<{ command: string; apiTokenOnly?: string[] }> };
    assert.deepEqual(
      all.commands.filter((c) => c.apiTokenOnly).map((c) => [c.command, c.apiTokenOnly]),
      [['repo permissions grant', [grantUser]]],
    );

    const profile = await runBb(['scopes', 'profile', 'repo-admin', '--json']);
    assert.equal(profile.code, 0, profile.stderr);
    assert.deepEqual(JSON.parse(profile.stdout).apiTokenOnly, [{ command: 'repo permissions grant', operations: [grantUser] }]);
    const profileHuman = await runBb(['scopes', 'profile', 'repo-admin'], { tty: true });
    assert.ok(profileHuman.stderr.includes(note), profileHuman.stderr);
    const other = await runBb(['scopes', 'profile', 'reviewer', '--json']);
    assert.equal('apiTokenOnly' in JSON.parse(other.stdout), false);
  } finally {
    OPERATIONS[grantUser] = saved;
  }
});
