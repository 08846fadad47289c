/**
 * The sandbox keeps its own copy of each fact it enforces (written from the spec and Bitbucket's documentation), and
 * bb's client keeps its own (to explain, recommend and page). Where the two must agree, they are compared here, so a
 * wrong entry on either side fails a test instead of passing silently on both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxPagelen } from '../src/api/paginate.js';
import { DC_WEBHOOK_EVENTS } from '../src/provider/dc/webhooks.js';
import { DC_RANK, DC_SCOPE_LEVEL, isAccountWrite } from '../src/scopes/dc-permissions.js';
import { DC_OPERATIONS } from '../src/scopes/generated/dc-operations.js';
import { OPERATIONS } from '../src/scopes/generated/operations.js';
import { expandLegacy, LEGACY_IMPLIES, webhookEventScopes } from '../src/scopes/legacy.js';
import { SANDBOX_DC_LEVEL, SANDBOX_DC_SCOPE_CEILING, changesOwnAccount } from '../src/sandbox/dc/permissions.js';
import { SANDBOX_DC_WEBHOOK_EVENTS } from '../src/sandbox/dc/webhook-events.js';
import { maxPagelen as sandboxMaxPagelen } from '../src/sandbox/handlers/common.js';
import { HOOK_EVENTS } from '../src/sandbox/handlers/webhooks.js';
import { expandLegacyScopes, SANDBOX_LEGACY_IMPLIES } from '../src/sandbox/legacy-scopes.js';

const sorted = (s: Iterable<string>) => [...s].sort();

test('legacy scope implications: the sandbox grants what bb says a scope grants', () => {
  const scopes = new Set([...Object.keys(LEGACY_IMPLIES), ...Object.keys(SANDBOX_LEGACY_IMPLIES), ...Object.values(OPERATIONS).flatMap((o) => o.legacy)]);
  for (const scope of scopes) assert.deepEqual(sorted(expandLegacyScopes([scope])), sorted(expandLegacy([scope])), scope);
  // the comparison can fail: the documented implications are there on both sides
  assert.deepEqual(sorted(expandLegacyScopes(['pullrequest:write'])), ['pullrequest', 'pullrequest:write', 'repository', 'repository:write']);
});

test('page sizes: bb never asks a list for more than the sandbox accepts, nor for less than it could', () => {
  const lists = Object.keys(OPERATIONS).filter((op) => op.startsWith('GET '));
  for (const op of lists) {
    const template = op.slice(4);
    assert.equal(sandboxMaxPagelen(template), maxPagelen(template), op);
  }
  assert.equal(sandboxMaxPagelen('/repositories/{workspace}/{repo_slug}/pullrequests'), 50);
});

test('Data Center permissions: the same ladder, scope ceilings and account-changing operations', () => {
  assert.deepEqual(SANDBOX_DC_LEVEL, DC_RANK);
  assert.deepEqual(SANDBOX_DC_SCOPE_CEILING, DC_SCOPE_LEVEL);
  const account = Object.keys(DC_OPERATIONS).filter((op) => changesOwnAccount(op));
  assert.deepEqual(
    account,
    Object.keys(DC_OPERATIONS).filter((op) => isAccountWrite(op)),
  );
  assert.ok(account.includes('POST /ssh/latest/keys'), 'the comparison can fail');
});

test('Data Center webhook events: the sandbox accepts exactly what bb offers', () => {
  assert.deepEqual(sorted(SANDBOX_DC_WEBHOOK_EVENTS), sorted(DC_WEBHOOK_EVENTS));
});

test('Cloud webhooks: bb asks for the issue scope wherever the sandbox demands it', () => {
  const issueEvents = HOOK_EVENTS.map((e) => e.event).filter((e) => e.startsWith('issue:'));
  assert.ok(issueEvents.length > 0);
  for (const e of issueEvents) assert.ok(webhookEventScopes([e]).includes('issue'), e);
});
