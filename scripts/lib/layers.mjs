// The import rules of src/ (CONTRIBUTING.md, "Layout"), checked by test/layers.test.ts.
//
// Every file of src/ belongs to a layer, named by its top-level folder (the files at src/ itself, main.ts and
// cli.ts, are the entry point). A layer may import only the layers listed for it below; a folder graph with a
// cycle fails too, and so do the named rules that guard the boundaries the layers alone cannot express.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Which layers each layer may import (its own always). Read bottom-up: the lower a layer, the fewer it knows. */
export const MAY_IMPORT = {
  core: [],
  util: ['core'],
  output: ['core', 'util'],
  scopes: ['core', 'util'],
  completion: ['core', 'util'],
  api: ['core', 'util', 'output', 'scopes'],
  auth: ['core', 'util', 'output', 'scopes', 'api'],
  git: ['core', 'util', 'output', 'api', 'auth'],
  resolve: ['core', 'util', 'output', 'api', 'auth', 'git'],
  context: ['core', 'util', 'output', 'scopes', 'api', 'auth', 'git', 'resolve'],
  provider: ['core', 'util', 'output', 'scopes', 'api', 'auth', 'git', 'resolve', 'context'],
  cmd: ['core', 'util', 'output', 'scopes', 'completion', 'api', 'auth', 'git', 'resolve', 'context', 'provider', 'sandbox'],
  // the fake Bitbucket: its own code, generic utilities, and what is generated from the vendored specs
  sandbox: ['util'],
  '(entry)': ['core', 'util', 'output', 'scopes', 'completion', 'api', 'auth', 'git', 'resolve', 'context', 'provider', 'cmd'],
};

/** Files outside the sandbox's layers that it may read: generated from the vendored OpenAPI documents, no client logic. */
const SPEC_DERIVED = /^src\/(scopes|api)\/generated\//;

/** The import edges of the source files (tests excluded): [{ from, to, typeOnly }], paths relative to the repo root. */
export function importEdges(root) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(p) && !p.endsWith('.d.ts') && !p.includes('.test.')) files.push(p);
    }
  };
  walk('src');
  return files.flatMap((file) => edgesOf(file, readFileSync(join(root, file), 'utf8')));
}

/** The relative imports of one file's text (static, dynamic and re-exports). */
export function edgesOf(file, text) {
  const out = [];
  const add = (spec, typeOnly) => out.push({ from: file, to: normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'), typeOnly });
  for (const m of text.matchAll(/\b(?:import|export)(\s+type)?\s[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g)) add(m[2], Boolean(m[1]));
  for (const m of text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]/g)) add(m[1], false);
  for (const m of text.matchAll(/^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) add(m[1], false);
  return out;
}

export function layerOf(path) {
  const parts = path.split('/');
  return parts.length === 2 ? '(entry)' : parts[1];
}

/** Every broken rule, as readable lines (empty when the tree keeps to them). */
export function violations(edges) {
  const out = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!to.startsWith('src/')) continue;
    // named boundaries first: they say why
    if (from.startsWith('src/cmd/') && /^src\/provider\/(cloud|dc)\//.test(to)) {
      out.push(`${from} imports ${to}: commands call the provider (src/provider/*.ts), never a host's implementation`);
      continue;
    }
    if (a === 'provider' && b === 'cmd') {
      out.push(`${from} imports ${to}: the provider knows Bitbucket, not the commands above it`);
      continue;
    }
    if (from.startsWith('src/provider/cloud/') && to.startsWith('src/provider/dc/'))
      out.push(`${from} imports ${to}: the Cloud implementation does not use the Data Center one`);
    if (from.startsWith('src/provider/dc/') && to.startsWith('src/provider/cloud/'))
      out.push(`${from} imports ${to}: the Data Center implementation does not use the Cloud one`);
    if (b === 'sandbox' && a !== 'sandbox' && !from.startsWith('src/cmd/sandbox/')) {
      out.push(`${from} imports ${to}: only \`bb sandbox\` (src/cmd/sandbox) starts the fake server; the client shares nothing with it`);
      continue;
    }
    if (a === 'sandbox' && b !== 'sandbox' && !SPEC_DERIVED.test(to) && !MAY_IMPORT.sandbox.includes(b)) {
      out.push(`${from} imports ${to}: the sandbox enforces what the spec and Bitbucket's docs say, never the client's code or tables`);
      continue;
    }
    if (a === b || a === 'sandbox') continue;
    const allowed = MAY_IMPORT[a];
    if (!allowed) out.push(`${from}: the folder src/${a} has no layer (add it to MAY_IMPORT in scripts/lib/layers.mjs)`);
    else if (!allowed.includes(b)) out.push(`${from} imports ${to}: layer ${a} may not import ${b} (it may import: ${allowed.join(', ') || 'nothing'})`);
  }
  return [...new Set(out)];
}

/** Cycles between folders (each directory of src/ a node), as lists of folders. */
export function folderCycles(edges, depth = Infinity) {
  const node = (p) =>
    dirname(p)
      .split('/')
      .slice(0, depth + 1)
      .join('/');
  const graph = new Map();
  for (const { from, to } of edges) {
    const a = node(from);
    const b = node(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a).add(b);
  }
  // Tarjan's strongly connected components
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const idx = new Map();
  const low = new Map();
  const cycles = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** Lines of src/cmd that test which kind of host they run on (the provider decides what differs). */
export function hostKindTests(file, text) {
  const out = [];
  text.split('\n').forEach((line, i) => {
    if (/\bkind\s*[!=]==?\s*'(dc|cloud)'|'(dc|cloud)'\s*[!=]==?\s*\w*\.?kind\b|hostKind\s*[!=]==?/.test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return out;
}
