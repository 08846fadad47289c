/**
 * `bb scopes` says which commands only an API token can run (issue 21, item 6), built CLI (./bin/bb): a command is
 * flagged exactly when it calls an operation whose `security` in the vendored spec offers no `oauth2` alternative
 * (so no access token or OAuth consumer has a scope for it). Computed here straight from the spec, independently of
 * the generated table bb reads. In the current spec every operation has one (the permission changes take
 * repository:admin / project:admin from an access token or OAuth consumer), so nothing is flagged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bb } from '../support/sandbox.js';

interface SpecOperation {
  security?: Array<Record<string, string[]>>;
  'x-atlassian-oauth2-scopes'?: unknown[];
}

test('bb scopes --all --json flags exactly the commands that call an operation without an OAuth 2.0 alternative', async () => {
  const spec = JSON.parse(readFileSync(new URL('../../spec/bitbucket-cloud.openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, SpecOperation>>;
  };
  const withoutOAuth = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !Array.isArray(op.security) || !op['x-atlassian-oauth2-scopes']?.length) continue;
      if (!op.security.some((s) => 'oauth2' in s)) withoutOAuth.add(`${method.toUpperCase()} ${path}`);
    }
  }
  const r = await bb(['scopes', '--all', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const all = JSON.parse(r.stdout) as { commands: Array<{ command: string; operations: string[]; apiTokenOnly?: string[] }> };
  const expected = all.commands.map((c) => [c.command, c.operations.filter((op) => withoutOAuth.has(op)).sort()] as const).filter(([, ops]) => ops.length > 0);
  assert.deepEqual(
    all.commands.filter((c) => c.apiTokenOnly !== undefined).map((c) => [c.command, c.apiTokenOnly]),
    expected,
  );

  // the permission changes: an API token needs write:permission:bitbucket besides admin:repository:bitbucket, while an
  // access token or OAuth consumer does it with repository:admin (what the spec's security lists): no note
  const grant = await bb(['scopes', 'repo permissions grant', '--json']);
  const report = JSON.parse(grant.stdout) as { scopes: string[]; legacyScopes: string[]; commands: Array<Record<string, unknown>> };
  assert.deepEqual(report.scopes, ['admin:repository:bitbucket', 'write:permission:bitbucket']);
  assert.deepEqual(report.legacyScopes, ['repository:admin']);
  assert.equal('apiTokenOnly' in (report.commands[0] ?? {}), false);
});
