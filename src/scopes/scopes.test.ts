import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CommandDef, defineCommand } from '../cmd/define.js';
import { baseScopes, commandScopes, describeConditional, ruleApplies, scopesForInvocation } from './command-scopes.js';
import { dcIncludedBy, expandDc } from './dc.js';
import {
  apiTokenOnlyOperations,
  granularForOperation,
  granularToLegacy,
  legacyToGranular,
  minimalGranular,
  operationsAllowedByLegacy,
  scopesForOperations,
} from './engine.js';
import { GRANULAR_SCOPE_DESCRIPTIONS, LEGACY_SCOPE_NOTES } from './generated/descriptions.js';
import { OPERATIONS } from './generated/operations.js';
import { expandLegacy, impliedBy, LEGACY_IMPLIES, legacySatisfies, minimizeLegacy, permissionCheckboxes, webhookEventScopes } from './legacy.js';

const R = '/repositories/{workspace}/{repo_slug}';
const PR = `${R}/pullrequests/{pull_request_id}`;
const g = (...names: string[]) => names.map((n) => `${n}:bitbucket`).sort();

test('SCOPES.md surprises, straight from the spec table', () => {
  assert.deepEqual(granularForOperation(`POST ${PR}/comments`), g('read:pullrequest'), 'PR comment create needs only read:pullrequest');
  assert.deepEqual(granularForOperation(`POST ${R}/commit/{commit}/statuses/build`), g('read:repository'), 'commit status create: read:repository');
  assert.deepEqual(granularForOperation(`POST ${R}/pipelines/{pipeline_uuid}/stopPipeline`), g('write:pipeline'), 'pipeline stop: write:pipeline');
  assert.deepEqual(granularForOperation(`PUT ${R}/default-reviewers/{target_username}`), g('admin:repository'), 'default reviewer add');
  assert.deepEqual(granularForOperation(`DELETE ${R}`), g('delete:repository'), 'repo delete');
  assert.deepEqual(granularForOperation(`POST ${R}/pipelines_config/variables`), g('admin:pipeline'), 'pipeline variables');
  assert.deepEqual(granularForOperation('GET /user'), g('read:user'), 'GET /user');
  assert.equal(granularForOperation('GET /nope'), undefined);
});

test('granular: flat union, no implications (write does not absorb read)', () => {
  assert.deepEqual(minimalGranular([`GET ${R}/pullrequests`, `POST ${R}/pullrequests`, `POST ${PR}/merge`]), g('read:pullrequest', 'write:pullrequest'));
  assert.deepEqual(minimalGranular([`GET ${R}`, `DELETE ${R}`]), g('delete:repository', 'read:repository'));
  assert.deepEqual(minimalGranular([], ['x:y:bitbucket']), ['x:y:bitbucket']);
  assert.deepEqual(minimalGranular(['GET /unknown']), []);
});

test('granular: chooses among alternatives to keep the set smallest (synthetic multi-alternative case)', () => {
  const saved = { a: OPERATIONS['TEST /a'], b: OPERATIONS['TEST /b'], c: OPERATIONS['TEST /c'] };
  try {
    // /a: read:repository OR (read:pullrequest + read:user); /b: read:pullrequest; /c: admin:x OR read:repository
    OPERATIONS['TEST /a'] = { granular: [['read:repository:bitbucket'], ['read:pullrequest:bitbucket', 'read:user:bitbucket']], legacy: [], authTypes: [] };
    OPERATIONS['TEST /b'] = { granular: [['read:pullrequest:bitbucket']], legacy: [], authTypes: [] };
    OPERATIONS['TEST /c'] = { granular: [['admin:x:bitbucket'], ['read:repository:bitbucket']], legacy: [], authTypes: [] };
    // /a alone: the single-scope alternative wins
    assert.deepEqual(minimalGranular(['TEST /a']), g('read:repository'));
    // /a + /b + /c: read:repository covers /a and /c; plus read:pullrequest for /b = 2 scopes
    assert.deepEqual(minimalGranular(['TEST /a', 'TEST /b', 'TEST /c']), g('read:pullrequest', 'read:repository'));
    // with read:user already required, the other alternative of /a costs nothing more than read:pullrequest
    assert.deepEqual(minimalGranular(['TEST /a', 'TEST /b'], ['read:user:bitbucket']), g('read:pullrequest', 'read:user'));
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v) OPERATIONS[`TEST /${k}`] = v;
      else delete OPERATIONS[`TEST /${k}`];
    }
  }
});

test('legacy implications: the documented ones only', () => {
  assert.deepEqual([...expandLegacy(['repository:write'])].sort(), ['repository', 'repository:write']);
  assert.deepEqual([...expandLegacy(['repository:admin'])], ['repository:admin'], 'repository:admin does not imply repository');
  assert.deepEqual([...expandLegacy(['pullrequest:write'])].sort(), ['pullrequest', 'pullrequest:write', 'repository', 'repository:write']);
  assert.deepEqual([...expandLegacy(['project'])].sort(), ['project', 'repository']);
  assert.deepEqual([...expandLegacy(['project:admin'])], ['project:admin'], 'project:admin does not imply project');
  assert.deepEqual([...expandLegacy(['issue:write'])].sort(), ['issue', 'issue:write']);
  assert.deepEqual([...expandLegacy(['issue'])], ['issue'], 'issue gives no repository access');
  assert.deepEqual([...expandLegacy(['snippet:write'])].sort(), ['snippet', 'snippet:write']);
  assert.deepEqual([...expandLegacy(['team:write'])].sort(), ['team', 'team:write']);
  for (const silent of ['account:write', 'pipeline:write', 'pipeline:variable', 'runner:write', 'repository:delete', 'wiki', 'webhook']) {
    assert.deepEqual(LEGACY_IMPLIES[silent], [], `${silent}: the docs state no implication`);
  }
  assert.deepEqual(impliedBy('repository'), ['project', 'pullrequest', 'pullrequest:write', 'repository:write']);
});

test('legacy minimal set drops implied scopes; pullrequest:write absorbs repository, repository:admin does not', () => {
  assert.deepEqual(minimizeLegacy(['repository', 'pullrequest:write', 'pullrequest']), ['pullrequest:write']);
  assert.deepEqual(minimizeLegacy(['repository', 'repository:admin']), ['repository', 'repository:admin']);
  assert.deepEqual(minimizeLegacy(['account', 'account:write']), ['account', 'account:write']);
  assert.deepEqual(minimizeLegacy(['pipeline', 'pipeline:variable']), ['pipeline', 'pipeline:variable']);
  assert.ok(legacySatisfies(['pullrequest:write'], ['repository', 'pullrequest']));
  assert.ok(!legacySatisfies(['repository:admin'], ['repository']));
});

test('translation both ways and the permission checkboxes', () => {
  const ops = [`GET ${R}`, `POST ${R}/pullrequests`, `PUT ${R}/default-reviewers/{target_username}`];
  assert.deepEqual(scopesForOperations(ops), {
    granular: g('admin:repository', 'read:pullrequest', 'read:repository', 'write:pullrequest'),
    legacy: ['pullrequest:write', 'repository:admin'],
  });
  assert.deepEqual(permissionCheckboxes(['pullrequest:write', 'repository:admin', 'account', 'webhook', 'repository']), [
    'Account: Read',
    'Repositories: Admin',
    'Pull requests: Write',
    'Webhooks: Read and write',
  ]);
  // legacy → granular: what a `repository` access token can do, in API-token scopes
  const fromLegacy = legacyToGranular(['repository']);
  assert.ok(fromLegacy.includes('read:repository:bitbucket'));
  assert.ok(!fromLegacy.includes('write:repository:bitbucket'));
  assert.ok(operationsAllowedByLegacy(['pullrequest:write']).includes(`POST ${PR}/merge`));
  // granular → legacy
  assert.deepEqual(granularToLegacy(g('delete:repository')), ['repository:delete']);
});

test('webhook events need read access to what they watch (legacy only)', () => {
  assert.deepEqual(webhookEventScopes(['issue:created', 'repo:push']), ['issue', 'repository']);
  assert.deepEqual(webhookEventScopes(['pullrequest:created', 'repo:push']), ['pullrequest']);
});

test('Data Center scopes: a ladder, documented as read from the descriptions', () => {
  assert.deepEqual(expandDc('REPO_ADMIN'), ['REPO_ADMIN', 'REPO_WRITE', 'REPO_READ', 'PUBLIC_REPOS']);
  assert.deepEqual(expandDc('ACCOUNT_WRITE'), ['ACCOUNT_WRITE', 'PUBLIC_REPOS']);
  assert.deepEqual(dcIncludedBy('PROJECT_ADMIN'), ['ADMIN_WRITE', 'SYSTEM_ADMIN']);
});

test('generated descriptions: every granular scope in use has one; legacy notes carry the implications', () => {
  const used = new Set(Object.values(OPERATIONS).flatMap((o) => o.granular.flat()));
  for (const s of used) assert.ok(GRANULAR_SCOPE_DESCRIPTIONS[s], `no description for ${s}`);
  assert.equal(Object.keys(GRANULAR_SCOPE_DESCRIPTIONS).length, 35);
  assert.match(LEGACY_SCOPE_NOTES['repository:admin'] ?? '', /doesn't implicitly grant the `repository`/);
  assert.match(LEGACY_SCOPE_NOTES['pullrequest:write'] ?? '', /implicitly grants the `repository:write`/);
});

const hook: CommandDef = defineCommand({
  path: ['webhook', 'create'],
  summary: 'test',
  examples: [],
  flags: [{ name: 'events', type: 'list', description: 'events' }],
  operations: [`POST ${R}/hooks`],
  conditional: [{ flag: 'events', values: ['issue:*'], legacy: ['issue'], source: 'seed 000/004' }],
  async run() {
    return 0;
  },
});

test('conditional scopes follow the flags of an invocation', () => {
  assert.ok(ruleApplies(hook.conditional?.[0] as never, { events: ['repo:push', 'issue:created'] }));
  assert.ok(!ruleApplies(hook.conditional?.[0] as never, { events: ['repo:push'] }));
  assert.ok(!ruleApplies(hook.conditional?.[0] as never, {}));
  assert.deepEqual(scopesForInvocation(hook, { events: ['repo:push'] }).legacy, ['webhook']);
  assert.deepEqual(scopesForInvocation(hook, { events: ['issue:created'] }).legacy, ['issue', 'webhook']);
  assert.deepEqual(scopesForInvocation(hook, { events: ['issue:created'] }).granular, g('read:webhook', 'write:webhook'), 'granular: no extra scope');
  assert.deepEqual(baseScopes(hook).legacy, ['webhook']);
  assert.deepEqual(commandScopes(hook).legacy, ['issue', 'webhook']);
  assert.match(describeConditional(hook.conditional?.[0] as never), /^with --events issue:\*: also issue \(legacy\) \[seed 000\/004\]$/);
});

const unapprove = defineCommand({
  path: ['pr', 'unapprove'],
  summary: 'test',
  examples: [],
  args: [{ name: 'pr', description: 'number' }],
  operations: [`DELETE ${R}/pullrequests/{pull_request_id}/approve`],
  conditional: [{ withoutArg: 'pr', operations: [`GET ${R}/pullrequests`], source: 'lookup by branch' }],
  async run() {
    return 0;
  },
});

test('conditional scopes follow the arguments of an invocation: a rule for a left-out argument', async () => {
  const rule = unapprove.conditional?.[0] as never;
  assert.ok(ruleApplies(rule, {}, { pr: undefined }), 'left out');
  assert.ok(!ruleApplies(rule, {}, { pr: '42' }), 'given');
  assert.ok(!ruleApplies(rule, {}), 'arguments unknown: the command as documented, with its arguments');
  assert.deepEqual(scopesForInvocation(unapprove, {}, { pr: '42' }).granular, g('write:pullrequest'));
  assert.deepEqual(scopesForInvocation(unapprove, {}, {}).granular, g('read:pullrequest', 'write:pullrequest'));
  assert.deepEqual(baseScopes(unapprove).granular, g('write:pullrequest'));
  assert.match(
    describeConditional(rule),
    /^with no pr argument: calls GET \/repositories\/\{workspace\}\/\{repo_slug\}\/pullrequests \(read:pullrequest:bitbucket; /,
  );

  // `bb scopes` reads a query as an invocation: the words after the command are its arguments
  const { resolveCommandArg, scopesForCommands } = await import('./catalog.js');
  assert.deepEqual(resolveCommandArg([unapprove, hook], 'pr unapprove 42').args, { pr: '42' });
  assert.deepEqual(resolveCommandArg([unapprove, hook], 'bb pr unapprove').args, { pr: undefined });
  assert.deepEqual(scopesForCommands([unapprove, hook], ['pr unapprove 42']).scopes, g('write:pullrequest'));
  assert.deepEqual(scopesForCommands([unapprove, hook], ['pr unapprove']).scopes, g('read:pullrequest', 'write:pullrequest'));
  assert.deepEqual(resolveCommandArg([unapprove, hook], 'webhook create --events issue:created').flags, { events: 'issue:created' });
  assert.throws(() => resolveCommandArg([unapprove, hook], 'pr unaprove 42'), /unknown command "pr unaprove 42"/);
});

const reviewersAdd = defineCommand({
  path: ['pr', 'reviewers', 'add'],
  summary: 'test',
  examples: ['# by nickname', 'bb pr reviewers add 42 "Ada L" bob --dry-run'],
  args: [
    { name: 'pr', description: 'number', required: true },
    { name: 'users', description: 'users', required: true, variadic: true },
  ],
  operations: [`PUT ${PR}`],
  conditional: [
    { arg: 'users', values: ['@me'], operations: ['GET /user'], source: '@me' },
    { arg: 'users', pattern: '(?!@me$)(?!\\{).+', patternLabel: 'NAME', operations: ['GET /workspaces/{workspace}/members'], source: 'by name' },
  ],
  async run() {
    return 0;
  },
});

test('conditional scopes follow the values of an argument; the command alone is answered for its first example', async () => {
  const [me, byName] = reviewersAdd.conditional as never[];
  assert.ok(ruleApplies(me as never, {}, { users: ['alex', '@me'] }));
  assert.ok(!ruleApplies(me as never, {}, { users: ['alex'] }));
  assert.ok(!ruleApplies(me as never, {}), 'arguments unknown');
  assert.ok(ruleApplies(byName as never, {}, { users: ['{1c2d}', 'alex'] }));
  assert.ok(!ruleApplies(byName as never, {}, { users: ['{1c2d}', '@me'] }));
  assert.ok(!ruleApplies(byName as never, {}, { users: [] }));
  // flags take a pattern too
  assert.ok(ruleApplies({ flag: 'add-reviewer', pattern: 'a.*', source: 's' }, { addReviewer: ['bob', 'ALEX'] }), 'case-insensitive');
  assert.ok(!ruleApplies({ flag: 'add-reviewer', pattern: 'a', source: 's' }, { addReviewer: ['ab'] }), 'the whole value');
  assert.ok(!ruleApplies({ flag: 'add-reviewer', pattern: '.*', source: 's' }, { addReviewer: true }), 'a value rule needs a value');

  const { usualArgs } = await import('./command-scopes.js');
  assert.deepEqual(usualArgs(reviewersAdd), { pr: '42', users: ['Ada L', 'bob'] }, 'quoted words, up to the first flag');
  assert.deepEqual(scopesForInvocation(reviewersAdd, {}, { pr: '42', users: ['@me'] }).operations, ['GET /user', `PUT ${PR}`]);
  assert.deepEqual(scopesForInvocation(reviewersAdd, {}, { pr: '42', users: [] }).operations, ['GET /workspaces/{workspace}/members', `PUT ${PR}`]);
  assert.deepEqual(baseScopes(reviewersAdd).operations, ['GET /workspaces/{workspace}/members', `PUT ${PR}`]);
  assert.match(
    describeConditional(byName as never),
    /^with users argument NAME: calls GET \/workspaces\/\{workspace\}\/members \(read:workspace:bitbucket; legacy account\) \[by name\]$/,
  );
  assert.match(describeConditional(me as never), /^with users argument @me: calls GET \/user /);

  const { scopesForCommands } = await import('./catalog.js');
  assert.deepEqual(scopesForCommands([reviewersAdd], ['pr reviewers add 42 "{1c2d}"']).scopes, g('read:pullrequest', 'write:pullrequest'));
  assert.deepEqual(scopesForCommands([reviewersAdd], ['pr reviewers add 42 @me']).scopes, g('read:pullrequest', 'read:user', 'write:pullrequest'));
});

test('apiTokenOnlyOperations: the operations the generated table marks as having no OAuth 2.0 alternative', () => {
  const saved = OPERATIONS['TEST /only'];
  try {
    OPERATIONS['TEST /only'] = { granular: [['write:permission:bitbucket']], legacy: [], authTypes: ['api-token'], apiTokenOnly: true };
    assert.deepEqual(apiTokenOnlyOperations(['TEST /only', 'GET /user', 'TEST /only', 'GET /unknown']), ['TEST /only']);
    assert.deepEqual(apiTokenOnlyOperations(['GET /user']), []);
  } finally {
    if (saved) OPERATIONS['TEST /only'] = saved;
    else delete OPERATIONS['TEST /only'];
  }
});
