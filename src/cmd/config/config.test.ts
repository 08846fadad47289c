import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBb, tempDir } from '../../../test/support/run.js';

test('config set / get / unset round-trip through config.json', async () => {
  const configDir = tempDir();
  const s = await runBb(['config', 'set', 'git_protocol', 'ssh'], { configDir });
  assert.equal(s.code, 0, s.stderr);
  assert.equal(s.stdout, '');
  assert.deepEqual(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')), { git_protocol: 'ssh' });
  assert.equal((await runBb(['config', 'get', 'git_protocol'], { configDir })).stdout, 'ssh\n');
  const u = await runBb(['config', 'unset', 'git_protocol'], { configDir });
  assert.equal(u.code, 0, u.stderr);
  // back to the default
  assert.equal((await runBb(['config', 'get', 'git_protocol'], { configDir })).stdout, 'https\n');
  // unsetting what is not set is fine
  assert.equal((await runBb(['config', 'unset', 'editor'], { configDir })).code, 0);
});

test('config get of a key with no value and no default prints nothing and exits 0', async () => {
  const r = await runBb(['config', 'get', 'default_workspace']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
});

test('unknown keys and bad values are config errors naming what is allowed', async () => {
  const a = await runBb(['config', 'get', 'colour']);
  assert.equal(a.code, 1);
  assert.match(a.stderr, /^error 4002 CONFIG_UNKNOWN_KEY: unknown configuration key "colour"\nhint: known keys: default_workspace, git_protocol/);
  const b = await runBb(['config', 'set', 'git_protocol', 'ftp']);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /^error 4003 CONFIG_BAD_VALUE: "ftp" is not a valid value for git_protocol\nhint: valid values: https, ssh/);
  const c = await runBb(['config', 'set', 'editor', '']);
  assert.match(c.stderr, /^error 4003 CONFIG_BAD_VALUE/);
  const d = await runBb(['config', 'unset', 'nope']);
  assert.match(d.stderr, /^error 4002/);
  const e = await runBb(['config', 'set', 'git_protocol']);
  assert.equal(e.code, 2);
});

test('config list prints key=value lines, and JSON with --json', async () => {
  const configDir = tempDir();
  await runBb(['config', 'set', 'default_workspace', 'acme'], { configDir });
  const r = await runBb(['config', 'list'], { configDir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'default_workspace=acme\ngit_protocol=https\neditor=\npager=\nbrowser=\nprompt=enabled\n');
  const j = await runBb(['config', 'ls', '--json', 'key,value,source'], { configDir });
  assert.equal(j.code, 0, j.stderr);
  const rows = JSON.parse(j.stdout);
  assert.deepEqual(rows[0], { key: 'default_workspace', value: 'acme', source: 'config' });
  assert.deepEqual(rows[1], { key: 'git_protocol', value: 'https', source: 'default' });
  assert.deepEqual(rows[2], { key: 'editor', value: null, source: 'unset' });
  const q = await runBb(['config', 'list', '--json', 'key,value', '--jq', '.[] | select(.value != null) | .key'], { configDir });
  assert.equal(q.stdout, 'default_workspace\ngit_protocol\nprompt\n');
});
