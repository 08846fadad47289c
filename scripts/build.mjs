#!/usr/bin/env node
// Bundles src/ into dist/bb.cjs with esbuild: one CommonJS file, which bin/bb loads through V8's code
// cache (bin/load.cjs). Code reached through a dynamic import (each command, the sandbox, prompts) is
// initialised only when imported, and V8 compiles a function only when it first runs, so a start pays
// for the command tree and the command it runs. Then scripts/prerender.mjs pre-renders every help
// text and writes the code cache. The version is fixed into the bundle.
//
// src/cmd/commands.ts (the registry itself, used when running from source) is swapped for
// build/commands.generated.ts, written first by scripts/gen-commands.ts: the commands' data plus one
// dynamic import per command.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-commands.ts'], { cwd: root, stdio: 'inherit' });

const swapCommands = {
  name: 'generated-commands',
  setup(b) {
    const source = resolve(root, 'src/cmd/commands.js');
    b.onResolve({ filter: /commands\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === source ? { path: resolve(root, 'build/commands.generated.ts') } : undefined,
    );
  },
};

// commander requires node:child_process at load time only for "executable subcommands", which bb
// never uses; loading it (with net, dgram, …) costs milliseconds on every start. Give commander a
// stub that fails loudly if that feature is ever reached.
const commanderWithoutChildProcess = {
  name: 'commander-without-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/commander/`) ? { path: 'child_process', namespace: 'bb-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'bb-stub' }, () => ({
      contents: "module.exports = new Proxy({}, { get() { throw new Error('bb: commander executable subcommands are not supported'); } });",
      loader: 'js',
    }));
  },
};

// `bb mcp` (src/cmd/mcp/mcp.ts) imports its server, and with it the MCP SDK, from a bundle of their own, dist/mcp.cjs
// (built below), required only when `bb mcp` runs: dist/bb.cjs and every other command's start stay without them.
const mcpServerApart = {
  name: 'mcp-server-apart',
  setup(b) {
    const server = resolve(root, 'src/cmd/mcp/server.ts');
    b.onResolve({ filter: /server\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === server ? { path: './mcp.cjs', external: true } : undefined,
    );
  },
};

// Build beside dist/ and swap it in at the end, so a bb running meanwhile never finds half a build.
const outdir = `dist.build-${process.pid}`;
rmSync(`${root}${outdir}`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { bb: 'src/main.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // every import() becomes a require() inside a promise: a script compiled by node:vm (bin/load.cjs)
  // has no loader for real dynamic imports
  supported: { 'dynamic-import': false },
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  plugins: [swapCommands, commanderWithoutChildProcess, mcpServerApart],
  // jq ships its WebAssembly next to its JS: leave it in node_modules and load it only for --jq.
  // @napi-rs/keyring is a native addon (a .node file per platform): it stays in node_modules too, and is
  // required only when a secret goes to or comes from the OS keychain. undici (proxies, BB_CA_FILE) is
  // required only when one of those is set (src/api/network.ts).
  external: ['jq-wasm', '@napi-rs/keyring', 'undici'],
  define: { __BB_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
// the MCP server and the SDK, for `bb mcp` only (see mcpServerApart)
await build({
  absWorkingDir: root,
  entryPoints: { mcp: 'src/cmd/mcp/server.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
{
  const bundle = readFileSync(`${root}${outdir}/bb.cjs`);
  if (bundle.includes('modelcontextprotocol')) throw new Error('dist/bb.cjs holds the MCP SDK, which only dist/mcp.cjs may');
  if (/\bimport\(/.test(bundle.toString('latin1'))) throw new Error('dist/bb.cjs has a dynamic import() left, which bin/load.cjs cannot run');
  // esbuild escapes non-ASCII characters (its default charset): bin/load.cjs reads the bundle as latin1
  if (bundle.some((byte) => byte > 0x7f)) throw new Error('dist/bb.cjs is not ASCII-only, which bin/load.cjs relies on');
}
// every command's help, pre-rendered for bin/bb, and the code cache (scripts/prerender.mjs)
execFileSync(process.execPath, ['scripts/prerender.mjs', outdir], { cwd: root, stdio: 'inherit' });
rmSync(`${root}dist.old`, { recursive: true, force: true });
if (existsSync(`${root}dist`)) renameSync(`${root}dist`, `${root}dist.old`);
renameSync(`${root}${outdir}`, `${root}dist`);
rmSync(`${root}dist.old`, { recursive: true, force: true });
