'use strict';
// Loads the bundled CLI (dist/bb.cjs) the way Node loads a CommonJS module, but through V8's code
// cache (dist/bb.cache, written at build time by scripts/prerender.mjs): V8 then reads the compiled
// code of everything the cache holds instead of parsing and compiling the bundle on every start.
// Node 22 has this built in (module.enableCompileCache); bb supports Node 20. A cache from another
// Node or V8 version is rejected by V8 itself, and the bundle is simply compiled as usual.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { resolve } = require('node:path');
const { Script } = require('node:vm');

/**
 * @param {string} dist the directory holding bb.cjs (and bb.cache)
 * @param {string} [finalDist] where the bundle will live when bb runs, if not in `dist` (the build
 *   renders in a scratch directory): V8 keeps the script's name in the cache, and stack traces show it
 * @returns {{ exports: { main(argv: string[], overrides?: object): Promise<number> }, cacheRejected: boolean, createCache(): Buffer }}
 */
function loadBundle(dist, finalDist = dist) {
  const filename = resolve(finalDist, 'bb.cjs');
  // the build keeps the bundle ASCII-only (scripts/build.mjs checks), so latin1 reads it exactly, and faster than utf8
  const source = readFileSync(resolve(dist, 'bb.cjs'), 'latin1');
  const cachedData = readCache(resolve(dist, 'bb.cache'), filename);
  const script = new Script(Module.wrap(source), { filename, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, resolve(finalDist));
  return {
    exports: mod.exports,
    cacheRejected: cachedData === undefined || script.cachedDataRejected === true,
    createCache: () => Buffer.concat([Buffer.from(`${filename}\n`), script.createCachedData()]),
  };
}

/**
 * The cache file is the bundle's path, a newline, then V8's data. V8 keeps the path it was made for
 * (stack traces name it), so a cache made for another path (a bundle copied or installed elsewhere)
 * is not used: the bundle is then compiled as usual.
 */
function readCache(file, filename) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined; // no cache (a build that could not write one)
  }
  const newline = data.indexOf(10);
  return newline > 0 && data.toString('utf8', 0, newline) === filename ? data.subarray(newline + 1) : undefined;
}

module.exports = { loadBundle };
