#!/usr/bin/env node
// Runs the test suite with Node's own test runner (TypeScript through tsx).
//   node scripts/test.mjs            every test: src/**/*.test.ts, test/**/*.test.ts (e2e needs `npm run build`)
//   node scripts/test.mjs unit       only the unit and in-process tests under src/
//   node scripts/test.mjs FILE…      those files
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
let files;
if (args.length === 0) files = [...find('src'), ...find('test')];
else if (args[0] === 'unit') files = find('src');
else if (args[0] === 'e2e') files = find('test');
else files = args;
files.sort();

// Tests run real git. Give them a global git config of their own, so nothing a test does (say,
// `bb auth setup-git` without --local) can reach the developer's ~/.gitconfig, and commits have an author.
const gitHome = mkdtempSync(join(tmpdir(), 'bb-test-git-'));
const gitConfig = join(gitHome, 'gitconfig');
writeFileSync(gitConfig, '[user]\n\tname = bb tests\n\temail = tests@bb.invalid\n');

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.BB_TEST_CONCURRENCY ?? 2}`, ...files],
  { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', GIT_CONFIG_GLOBAL: gitConfig } },
);
rmSync(gitHome, { recursive: true, force: true });
process.exit(result.status ?? 1);
