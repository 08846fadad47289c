#!/usr/bin/env node
// Build step (run by scripts/build.mjs on the bundle it just built), two things that need the bundle
// running:
// - the help of every command line listed in build/help-argv.json (root, groups, commands, aliases),
//   into <outdir>/help/bb[.word…].txt. bin/bb prints these for `bb … --help` without loading the CLI.
//   The text is commander's own, at the fixed help width (src/cli.ts HELP_WIDTH);
//   test/e2e/help.test.ts checks it against the source's.
// - V8's code cache of the bundle, <outdir>/bb.cache, taken after rendering all that help, so it holds
//   the compiled code of the command tree and of everything a start runs (bin/load.cjs reads it).
//   Nothing here may change V8's flags (as the HTTP transport does): a cache made under other flags
//   is one V8 rejects at load time.
// Usage: node scripts/prerender.mjs <outdir>   (the bundle is moved to dist/ afterwards)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';

const root = resolve(new URL('..', import.meta.url).pathname);
const outdir = resolve(root, process.argv[2] ?? 'dist');
const argvs = JSON.parse(readFileSync(join(root, 'build', 'help-argv.json'), 'utf8'));
const { loadBundle } = createRequire(import.meta.url)('../bin/load.cjs');
const bundle = loadBundle(outdir, join(root, 'dist')); // named as it will be, in dist/
const { main } = bundle.exports;

/** Run the bundled CLI in this process, output captured, as if piped. */
async function run(argv, overrides) {
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
  // a config directory that does not exist: nothing reads a user's settings, nothing is written
  const code = await main(argv, { io, configDir: join(outdir, 'no-config'), ...overrides });
  if (code !== 0 || err !== '' || out === '') throw new Error(`bb ${argv.join(' ')}: exit ${code}\n${err}`);
  return out;
}

mkdirSync(join(outdir, 'help'));
for (const words of argvs) {
  if (!words.every((w) => /^[a-z][a-z0-9-]*$/.test(w))) throw new Error(`a command word bin/bb would not look up: ${words.join(' ')}`);
  const help = await run([...words, '--help'], { env: { PATH: process.env.PATH ?? '' } });
  writeFileSync(join(outdir, 'help', `${['bb', ...words].join('.')}.txt`), help);
}

// A request and its output, answered by a canned server on 127.0.0.1 (no network), so the code of the transport
// (bb's fetch over node:http, src/api/node-fetch.ts), pagination and output is in the cache too.
const repo = { type: 'repository', full_name: 'acme/web', name: 'web', slug: 'web', is_private: true, mainbranch: { name: 'main' } };
const side = (branch) => ({ branch: { name: branch }, repository: { full_name: 'acme/web' } });
const pr = { id: 1, title: 'A change', state: 'OPEN', author: { display_name: 'Dev', nickname: 'dev' }, source: side('feature'), destination: side('main') };
const canned = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = url.pathname.endsWith('/pullrequests') ? { values: [pr], page: 1, pagelen: 50, size: 1 } : repo;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});
await new Promise((r) => canned.listen(0, '127.0.0.1', r));
const env = {
  PATH: process.env.PATH ?? '',
  BB_API_URL: `http://127.0.0.1:${canned.address().port}/2.0`,
  BB_EMAIL: 'build@example.com',
  BB_TOKEN: 'not-a-token',
};
try {
  await run(['pr', 'list', '-R', 'acme/web'], { env });
  await run(['repo', 'view', '-R', 'acme/web'], { env });
} finally {
  canned.closeAllConnections();
  canned.close();
}

writeFileSync(join(outdir, 'bb.cache'), bundle.createCache());
