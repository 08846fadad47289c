#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: one ESM entry (dist/bb.js) plus lazily loaded chunks, so
// `bb --version` loads little more than bare node does. The version is fixed into the bundle.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { bb: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // jq ships its WebAssembly next to its JS: leave it in node_modules and load it only for --jq.
  external: ['jq-wasm'],
  define: { __BB_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
