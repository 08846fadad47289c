#!/usr/bin/env node
// Streaming benchmark: `bb pipeline logs` of a 200 MB step log from the sandbox (127.0.0.1), piped
// into a byte counter. Reports bytes, time, throughput and bb's peak RSS (VmHWM from /proc, Linux).
// Goal (issue #9): peak RSS ≤ 100 MiB. Also runs with the log served through the cross-origin
// redirect (`logRedirect`), as Bitbucket serves finished steps' logs.
// Usage: npm run build && node bench/streaming.mjs [megabytes]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const megabytes = Number(process.argv[2] ?? 200);
const bytes = megabytes * 1024 * 1024;
const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));
const sandbox = spawn(process.execPath, [bb, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'ignore'] });
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', (l) => resolve(JSON.parse(l)));
  sandbox.once('exit', (c) => reject(new Error(`bb sandbox exited ${c}`)));
});
const configDir = mkdtempSync(join(tmpdir(), 'bb-bench-'));
const env = { ...process.env, BB_API_URL: ready.url, BB_EMAIL: ready.email, BB_TOKEN: ready.token, BB_CONFIG_DIR: configDir, NO_COLOR: '1' };

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function logs(buildNumber) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bb, 'pipeline', 'logs', String(buildNumber), '--step', 'Test', '-R', 'acme/web'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let n = 0;
    let peak = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      n += d.length;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid));
    }, 10);
    child.once('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`bb pipeline logs failed (${code}): ${err}`));
      resolve({ bytes: n, ms: performance.now() - t0, peak });
    });
  });
}

try {
  const run = spawnSync(
    process.execPath,
    [
      bb,
      'pipeline',
      'run',
      '-R',
      'acme/web',
      '--branch',
      'main',
      '--var',
      `SANDBOX_LOG_BYTES=${bytes}`,
      '--var',
      'SANDBOX_STEP_SECONDS=0',
      '--json',
      'buildNumber',
    ],
    { env, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`bb pipeline run failed: ${run.stderr}`);
  const { buildNumber } = JSON.parse(run.stdout);
  await new Promise((r) => setTimeout(r, 5000)); // the sandbox's queue time: both steps complete
  const mib = (b) => (b / 1024 / 1024).toFixed(1);
  console.log(`node ${process.version}, a ${megabytes} MB step log (pipeline #${buildNumber})`);
  for (const redirect of [false, true]) {
    await fetch(`${ready.admin}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ logRedirect: redirect }) });
    const r = await logs(buildNumber);
    console.log(
      `${(redirect ? 'via the log-storage redirect' : 'direct').padEnd(30)} ${mib(r.bytes)} MiB in ${(r.ms / 1000).toFixed(2)} s = ${(r.bytes / 1024 / 1024 / (r.ms / 1000)).toFixed(0)} MiB/s, peak RSS ${mib(r.peak)} MiB`,
    );
  }
} finally {
  sandbox.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
}
