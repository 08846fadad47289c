#!/usr/bin/env node
// Build step (run by scripts/build.mjs): renders the help of every command line listed in
// build/help-argv.json (root, groups, commands, aliases) with the bundle just built, into
// <outdir>/help/bb[.word…].txt. bin/bb prints these for `bb … --help` without loading the CLI, so
// asking for help costs about as much as starting node. The text is commander's own, at the fixed
// help width (src/cli.ts HELP_WIDTH); test/e2e/help.test.ts checks it against the source's.
// Usage: node scripts/render-help.mjs <outdir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);
const outdir = resolve(root, process.argv[2] ?? 'dist');
const argvs = JSON.parse(readFileSync(join(root, 'build', 'help-argv.json'), 'utf8'));
const { main } = await import(pathToFileURL(join(outdir, 'bb.js')).href);

/** One command line's help, as bb prints it to a pipe. */
async function render(words) {
  let out = '';
  let err = '';
  const io = {
    out: {
      write(s) {
        out += s;
        return true;
      },
    },
    err: {
      write(s) {
        err += s;
        return true;
      },
    },
    in: new PassThrough(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    color: false,
    width: undefined,
    canPrompt: false,
  };
  const code = await main([...words, '--help'], { io, env: { PATH: process.env.PATH ?? '' }, configDir: join(outdir, 'no-config') });
  if (code !== 0 || err !== '' || out === '') throw new Error(`bb ${words.join(' ')} --help: exit ${code}\n${err}`);
  return out;
}

mkdirSync(join(outdir, 'help'));
for (const words of argvs) {
  if (!words.every((w) => /^[a-z][a-z0-9-]*$/.test(w))) throw new Error(`a command word bin/bb would not look up: ${words.join(' ')}`);
  writeFileSync(join(outdir, 'help', `${['bb', ...words].join('.')}.txt`), await render(words));
}
