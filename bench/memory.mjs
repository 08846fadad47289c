#!/usr/bin/env node
// Memory of `--all` output (P8): bb's peak RSS (VmHWM from /proc, Linux) for `bb pr list --all` over 1,000 and
// then 5,000 pull requests from the sandbox (127.0.0.1, no added latency), piped into a byte counter:
// `--json` with every field, `--json id,title`, the piped table (TSV) and `--jq '.[] | .id'`.
// Goal (issue #18): ≤ 80 MiB and flat from 1,000 to 5,000. Usage: npm run build && node bench/memory.mjs [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 3);
const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));
const sandbox = spawn(process.execPath, [bb, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', (l) => resolve(JSON.parse(l)));
  sandbox.once('exit', (c) => reject(new Error(`bb sandbox exited ${c}`)));
});
const configDir = mkdtempSync(join(tmpdir(), 'bb-bench-'));
const env = { ...process.env, BB_API_URL: ready.url, BB_EMAIL: ready.email, BB_TOKEN: ready.token, BB_CONFIG_DIR: configDir, NO_COLOR: '1' };
const ALL_FIELDS =
  'id,title,body,state,isDraft,author,headRefName,headRepository,headCommit,baseRefName,baseRepository,reviewers,reviewDecision,closeSourceBranch,mergeCommit,commentCount,taskCount,createdAt,updatedAt,url';
const forms = [
  ['--json (every field)', ['--json', ALL_FIELDS]],
  ['--json id,title', ['--json', 'id,title']],
  ['table, piped (TSV)', []],
  ["--jq '.[] | .id'", ['--json', 'id', '--jq', '.[] | .id']],
];

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function list(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bb, 'pr', 'list', '--all', '-R', 'acme/api', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let peak = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      peak = Math.max(peak, peakRss(child.pid));
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid));
    }, 5);
    child.once('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`bb pr list failed (${code}): ${err}`));
      resolve({ bytes, peak });
    });
  });
}

const post = (path, body) =>
  fetch(`${ready.admin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  });
const mib = (b) => (b / 1024 / 1024).toFixed(1);
try {
  console.log(`node ${process.version}, peak RSS of bb (max of ${runs} runs), output piped`);
  let seeded = 0;
  for (const total of [1000, 5000]) {
    await post('/seed', { repo: 'acme/api', pullrequests: total - seeded });
    seeded = total;
    for (const [name, args] of forms) {
      const peaks = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const r = await list(args);
        peaks.push(r.peak);
        bytes = r.bytes;
      }
      console.log(
        `${String(total).padStart(5)} PRs  ${name.padEnd(22)} ${mib(bytes).padStart(6)} MiB out   peak RSS max ${mib(Math.max(...peaks))} MiB (min ${mib(Math.min(...peaks))})`,
      );
    }
  }
} finally {
  sandbox.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
}
