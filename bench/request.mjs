#!/usr/bin/env node
// One-request commands (P5): `bb pr list -R acme/web` and `bb repo view acme/web` against a running sandbox
// (demo seed, no latency) vs bare `node -e 0`, interleaved, medians of wall-clock time; and peak RSS
// and CPU time (`/usr/bin/time`). Goal (issue #18): ≤ 1.4x `node -e 0`, ≤ 48 MiB.
// Each bb command also runs with BB_HTTP=fetch (Node's fetch, undici: what bb used before), in the same run.
// Usage: npm run build && node bench/request.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 20);
const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));
const sandbox = spawn(process.execPath, [bb, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'ignore'] });
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', (l) => resolve(JSON.parse(l)));
  sandbox.once('exit', (c) => reject(new Error(`bb sandbox exited ${c}`)));
});
const configDir = mkdtempSync(join(tmpdir(), 'bb-bench-'));
const env = {
  PATH: process.env.PATH ?? '',
  BB_API_URL: ready.url,
  BB_EMAIL: ready.email,
  BB_TOKEN: ready.token,
  BB_CONFIG_DIR: configDir,
  NO_COLOR: '1',
};
const cases = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'bb pr list -R acme/web', argv: [bb, 'pr', 'list', '-R', 'acme/web'] },
  { name: 'bb repo view acme/web', argv: [bb, 'repo', 'view', 'acme/web'] },
  // the same through Node's fetch (undici), in the same run: the before
  { name: '  BB_HTTP=fetch pr list', argv: [bb, 'pr', 'list', '-R', 'acme/web'], env: { BB_HTTP: 'fetch' } },
  { name: '  BB_HTTP=fetch repo view', argv: [bb, 'repo', 'view', 'acme/web'], env: { BB_HTTP: 'fetch' } },
];
// every run goes through /usr/bin/time (the same small cost for every case): peak RSS and CPU time of the child
const time = '/usr/bin/time';
if (!existsSync(time)) throw new Error('needs /usr/bin/time (GNU time)');
const samples = cases.map(() => ({ ms: [], cpu: [], rss: [] }));
try {
  for (let i = 0; i < runs + 3; i++) {
    for (const [k, c] of cases.entries()) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(time, ['-f', '%M %U %S', process.execPath, ...c.argv], {
        env: { ...env, ...c.env },
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
      if (i < 3) continue; // the first runs warm the file cache
      const [kb, user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
      samples[k].ms.push(ms);
      samples[k].cpu.push((user + sys) * 1000);
      samples[k].rss.push(kb / 1024);
    }
  }
} finally {
  sandbox.kill();
  rmSync(configDir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples[0].ms);
const baseCpu = median(samples[0].cpu);
console.log(
  `runs: ${runs}, node ${process.version}, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
for (const [k, c] of cases.entries()) {
  const { ms, cpu, rss } = samples[k];
  console.log(
    `${c.name.padEnd(26)} median ${median(ms).toFixed(1).padStart(6)} ms  ratio ${(median(ms) / base).toFixed(2)}x   cpu ${median(cpu).toFixed(0).padStart(4)} ms (${(median(cpu) / baseCpu).toFixed(2)}x)   peak RSS median ${median(rss).toFixed(1)} MiB, max ${Math.max(...rss).toFixed(1)}`,
  );
}
