#!/usr/bin/env node
// Listing benchmark: `bb pr list --all` over 1,000 pull requests from the sandbox at --latency 50,
// against a sequential walk (one request at a time, following `next`) of the same pages by a bare
// fetch loop in this process (no process startup: the strictest baseline). Goal (issue #9): ≤ 0.2x.
// Targets 127.0.0.1 only. Usage: npm run build && node bench/listing.mjs [runs] [latencyMs] [prs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 5);
const latency = Number(process.argv[3] ?? 50);
const count = Number(process.argv[4] ?? 1000);
const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));

const sandbox = spawn(process.execPath, [bb, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', (l) => resolve(JSON.parse(l)));
  sandbox.once('exit', (c) => reject(new Error(`bb sandbox exited ${c}`)));
});
const post = (path, body) =>
  fetch(`${ready.admin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  });
const configDir = mkdtempSync(join(tmpdir(), 'bb-bench-'));
try {
  const seeded = await post('/seed', { repo: 'acme/api', pullrequests: count });
  await post('/faults', { latency });
  const env = { ...process.env, BB_API_URL: ready.url, BB_EMAIL: ready.email, BB_TOKEN: ready.token, BB_CONFIG_DIR: configDir, NO_COLOR: '1' };
  const auth = `Basic ${Buffer.from(`${ready.email}:${ready.token}`).toString('base64')}`;

  // the URL bb asks for first (same query, same fields); the walk follows `next` from it
  await fetch(`${ready.admin}/requests`, { method: 'DELETE' });
  const probe = spawnSync(process.execPath, [bb, 'pr', 'list', '--all', '-R', 'acme/api'], { env, encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`bb pr list failed: ${probe.stderr}`);
  const lines = probe.stdout.trim().split('\n').length;
  const open = lines; // every open PR: the seeded ones plus the demo's
  if (open < count) throw new Error(`bb listed ${open} pull requests, fewer than the ${count} seeded`);
  const fields = [
    'id',
    'title',
    'state',
    'draft',
    'updated_on',
    'author.nickname',
    'author.display_name',
    'author.uuid',
    'source.branch.name',
    'source.repository.full_name',
    'destination.branch.name',
    'destination.repository.full_name',
  ];
  const firstUrl = new URL(`${ready.url}/repositories/acme/api/pullrequests`);
  firstUrl.searchParams.append('state', 'OPEN');
  firstUrl.searchParams.set('sort', '-updated_on');
  firstUrl.searchParams.set('pagelen', '50');
  firstUrl.searchParams.set('fields', ['next', 'page', 'pagelen', 'size', ...fields.map((f) => `values.${f}`)].join(','));

  async function walk() {
    let next = firstUrl.href;
    let n = 0;
    let pages = 0;
    while (next) {
      const r = await fetch(next, { headers: { Authorization: auth, Accept: 'application/json' } });
      const page = await r.json();
      n += page.values.length;
      pages++;
      next = page.next;
    }
    return { n, pages };
  }
  function runBb() {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bb, 'pr', 'list', '--all', '-R', 'acme/api'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.once('close', (code) => (code === 0 ? resolve(out.trim().split('\n').length) : reject(new Error(err))));
    });
  }
  const tBb = [];
  const tWalk = [];
  let pages = 0;
  for (let i = 0; i < runs + 1; i++) {
    let t0 = performance.now();
    const listed = await runBb();
    const a = performance.now() - t0;
    t0 = performance.now();
    const w = await walk();
    const b = performance.now() - t0;
    if (w.n !== listed) throw new Error(`bb listed ${listed}, the walk ${w.n}`);
    pages = w.pages;
    if (i > 0) {
      tBb.push(a);
      tWalk.push(b);
    }
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const mb = median(tBb);
  const mw = median(tWalk);
  console.log(
    `runs: ${runs}, latency ${latency} ms, ${open} open pull requests (${seeded.pullrequests.length} seeded), ${pages} pages of 50, node ${process.version}`,
  );
  console.log(`${'sequential walk (fetch loop)'.padEnd(34)} median ${mw.toFixed(0).padStart(6)} ms`);
  console.log(`${'bb pr list --all (process)'.padEnd(34)} median ${mb.toFixed(0).padStart(6)} ms   ratio ${(mb / mw).toFixed(2)}x`);
} finally {
  sandbox.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
}
