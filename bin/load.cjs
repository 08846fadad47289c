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
 * @returns {{ exports: { main(argv: string[], overrides?: object): Promise<number> }, cacheRejected: boolean, createCache(): Buffer }}
 */
function loadBundle(dist) {
  const filename = resolve(dist, 'bb.cjs');
  const source = readFileSync(filename, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(resolve(dist, 'bb.cache'));
  } catch {
    // no cache (a build that could not write one): compile as usual
  }
  const script = new Script(Module.wrap(source), { filename, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, resolve(dist));
  return {
    exports: mod.exports,
    cacheRejected: cachedData === undefined || script.cachedDataRejected === true,
    createCache: () => script.createCachedData(),
  };
}

module.exports = { loadBundle };
