import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBb } from '../../test/support/run.js';
import { BbError, ERROR_CODES, type ErrorName, exitCodeFor, formatError } from './errors.js';

test('exit statuses per CONTRACT.md: 1xxx and 2003 → 4, 5xxx → 2, CANCELLED → 130, PENDING → 8, else 1', () => {
  for (const [name, { code }] of Object.entries(ERROR_CODES) as Array<[ErrorName, { code: number }]>) {
    const want = name === 'CANCELLED' ? 130 : name === 'PENDING' ? 8 : code < 2000 || name === 'API_FORBIDDEN' ? 4 : code >= 5000 && code < 6000 ? 2 : 1;
    assert.equal(exitCodeFor(name), want, name);
  }
});

test('codes are unique and grouped by kind', () => {
  const codes = Object.values(ERROR_CODES).map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of codes) assert.ok(c >= 1000 && c < 10000);
});

test('text and JSON forms of an error', () => {
  const e = new BbError('API_FORBIDDEN', 'POST /x needs scope a', { hints: ['one\ntwo'], missingScopes: ['a'], operation: 'POST /x', status: 403 });
  assert.equal(formatError(e), 'error 2003 API_FORBIDDEN: POST /x needs scope a\nhint: one\nhint: two\n');
  assert.deepEqual(e.toJSON(), {
    error: { code: 2003, name: 'API_FORBIDDEN', message: 'POST /x needs scope a', missingScopes: ['a'], operation: 'POST /x', status: 403, hint: 'one\ntwo' },
  });
});

test('bb help exit-codes lists every code with its exit status', async () => {
  const r = await runBb(['help', 'exit-codes']);
  assert.equal(r.code, 0, r.stderr);
  for (const [name, { code }] of Object.entries(ERROR_CODES) as Array<[ErrorName, { code: number }]>) {
    assert.match(r.stdout, new RegExp(`^  ${code}  ${name} +exit ${exitCodeFor(name)} `, 'm'), name);
  }
  for (const status of ['0', '1', '2', '4', '8', '130']) assert.match(r.stdout, new RegExp(`^  ${status} +\\S`, 'm'));
});

test('a JSON error for --json, and no stack trace for a bad invocation', async () => {
  const r = await runBb(['config', 'list', '--json', 'nope']);
  assert.equal(r.code, 2);
  const parsed = JSON.parse(r.stderr) as { error: { code: number; fields: string[] } };
  assert.equal(parsed.error.code, 5004);
  assert.ok(parsed.error.fields.includes('key'));
  const bad = await runBb(['api']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error 5001 USAGE: missing required argument 'path'/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
