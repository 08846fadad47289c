/**
 * Pre-rendered help (scripts/prerender.mjs, printed by bin/bb without loading the CLI): the files
 * in dist/help are exactly what commander prints from the source, for every command line in the
 * tree; bin/bb uses them only for an exact `bb [words…] --help|-h`, and falls back to the CLI for
 * anything else.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { COMMANDS } from '../../src/cmd/registry.js';
import { runBb, tempDir } from '../support/run.js';

const execFileP = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HELP = join(ROOT, 'dist', 'help');

/** Every command line the tree has: root, groups, commands and their aliases. */
function commandLines(): string[][] {
  const lines = new Map<string, string[]>([['', []]]);
  for (const def of COMMANDS) {
    for (let i = 1; i <= def.path.length; i++) lines.set(def.path.slice(0, i).join(' '), def.path.slice(0, i));
    for (const alias of def.aliases ?? []) lines.set([...def.path.slice(0, -1), alias].join(' '), [...def.path.slice(0, -1), alias]);
  }
  return [...lines.values()];
}

test('dist/help holds, for every command line, exactly the help the source prints', async () => {
  const lines = commandLines();
  assert.ok(lines.length > 100, `${lines.length} command lines`);
  const files = new Set(readdirSync(HELP));
  assert.equal(files.size, lines.length, 'one file per command line, no stale ones');
  for (const words of lines) {
    const name = `${['bb', ...words].join('.')}.txt`;
    assert.ok(files.has(name), `dist/help/${name} is missing`);
    const r = await runBb([...words, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(HELP, name), 'utf8'), r.stdout, `bb ${words.join(' ')} --help`);
  }
});

test('help is wrapped at 80 columns, or at the width of a narrower terminal', async () => {
  const piped = await runBb(['pr', 'create', '--help']);
  const wide = await runBb(['pr', 'create', '--help'], { tty: true, width: 200 });
  const narrow = await runBb(['pr', 'create', '--help'], { tty: true, width: 72 });
  assert.equal(wide.stdout, piped.stdout);
  const widest = (help: string) => {
    const start = help.indexOf('Options:');
    return Math.max(
      ...help
        .slice(start, help.indexOf('\n\n', start))
        .split('\n')
        .map((l) => l.length),
    );
  };
  assert.ok(widest(piped.stdout) <= 80 && widest(piped.stdout) > 70, `options ${widest(piped.stdout)} wide`);
  assert.ok(widest(narrow.stdout) <= 72, `options ${widest(narrow.stdout)} wide on a 72-column terminal`);
});

test('bin/bb prints the pre-rendered file for an exact help request, and runs the CLI otherwise', async (t) => {
  // a copy of the built CLI whose `pr list` help file is marked, to see which path answered
  const copy = tempDir('bb-help-copy-');
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  writeFileSync(join(copy, 'dist', 'help', 'bb.pr.list.txt'), 'MARKED HELP\n');
  const env = { PATH: process.env.PATH ?? '', BB_CONFIG_DIR: join(copy, 'config'), NO_COLOR: '1' };
  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await execFileP(process.execPath, [join(copy, 'bin', 'bb'), ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const original = readFileSync(join(HELP, 'bb.pr.list.txt'), 'utf8');

  for (const flag of ['--help', '-h']) {
    const r = await run('pr', 'list', flag);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'MARKED HELP\n', ''], `bb pr list ${flag}`);
  }
  // not an exact help request: the CLI itself answers (commander's help, the real text)
  const withFlag = await run('pr', 'list', '--state', 'open', '--help');
  assert.equal(withFlag.code, 0, withFlag.stderr);
  assert.equal(withFlag.stdout, original);
  // a word the tree does not have goes through the CLI, which refuses it with a suggestion (not the group's help);
  // nor does bin/bb look up a word it would never use as a file name
  const unknown = await run('pr', 'lisst', '--help');
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^error 5001 USAGE: unknown command "lisst" for "bb pr" \(Did you mean list\?\)\n/);
  for (const words of [['..', '..', 'package'], ['pr/list'], ['PR', 'list']]) {
    const r = await run(...words, '--help');
    assert.notEqual(r.stdout, 'MARKED HELP\n');
    assert.doesNotMatch(r.stdout + r.stderr, /"name": "bb-cli"|\n\s+at /, `bb ${words.join(' ')} --help`);
  }
  // the version, from package.json
  const version = await run('--version');
  assert.equal(version.stdout, `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  // the code cache names the path it was made for: a copy elsewhere compiles the bundle instead (and works)
  const probe = "process.stdout.write(String(require(process.argv[1] + '/bin/load.cjs').loadBundle(process.argv[1] + '/dist').cacheRejected))";
  assert.equal((await execFileP(process.execPath, ['-e', probe, copy])).stdout, 'true');
  assert.match((await run('scopes', 'pr list')).stdout, /read:pullrequest:bitbucket/);
  // without the bundle: pre-rendered help still answers; anything else says how to build
  rmSync(join(copy, 'dist', 'bb.cjs'));
  assert.equal((await run('pr', 'list', '--help')).stdout, 'MARKED HELP\n');
  const unbuilt = await run('pr', 'list');
  assert.equal(unbuilt.code, 1);
  assert.equal(unbuilt.stderr, 'error 9001 INTERNAL: bb is not built\nhint: run `npm ci && npm run build` in the bb checkout\n');
});

test('V8 accepts the code cache the build wrote for the bundle (a fresh node, as bin/bb loads it)', async () => {
  const { stdout } = await execFileP(process.execPath, ['-e', "process.stdout.write(String(require('./bin/load.cjs').loadBundle('dist').cacheRejected))"], {
    cwd: ROOT,
  });
  assert.equal(stdout, 'false', 'dist/bb.cache was rejected: did the build change V8 flags before writing it? (scripts/prerender.mjs)');
});
