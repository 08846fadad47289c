/**
 * Generated files must match their sources: the API types (Cloud and Data Center), the scope tables (from the vendored
 * spec) and docs/commands.md (from the command tree). Each generator runs with --check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));

const generators: Array<[string, string[]]> = [
  ['scripts/gen-api.mjs', []],
  ['scripts/gen-scopes.mjs', []],
  ['scripts/gen-dc-scopes.mjs', []],
  ['scripts/gen-docs.ts', ['--import', 'tsx']],
  ['scripts/gen-mcp-tools.ts', ['--import', 'tsx']],
];

for (const [script, nodeArgs] of generators) {
  test(`${script} --check: no drift`, () => {
    const r = spawnSync(process.execPath, [...nodeArgs, script, '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `${script} reports drift (run \`npm run gen\`):\n${r.stderr}${r.stdout}`);
  });
}
