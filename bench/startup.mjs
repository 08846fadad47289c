#!/usr/bin/env node
// Startup benchmark: `bb --version`, `bb repo list --help` and `bb pr list --help` against bare `node -e 0`, in one run.
// Goal (issue #2): each within 1.15x of bare node. Also reported, with no goal: `bb scopes "pr list"`, a
// command that loads the whole CLI and runs without the network. Interleaves the commands to share
// machine noise and reports medians. Usage: npm run build && node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 30);
const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));
const cases = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'bb --version', argv: [bb, '--version'] },
  { name: 'bb repo list --help', argv: [bb, 'repo', 'list', '--help'] },
  { name: 'bb pr list --help', argv: [bb, 'pr', 'list', '--help'] },
  { name: 'bb scopes "pr list"', argv: [bb, 'scopes', 'pr list'] },
];
const env = { ...process.env, BB_CONFIG_DIR: '/nonexistent-bb-bench', NO_COLOR: '1' };
const times = cases.map(() => []);
for (let i = 0; i < runs + 3; i++) {
  cases.forEach((c, k) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
    if (i >= 3) times[k].push(ms); // first runs warm the file cache
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
console.log(`runs: ${runs}, node ${process.version}`);
cases.forEach((c, k) => {
  const m = median(times[k]);
  console.log(`${c.name.padEnd(24)} median ${m.toFixed(1).padStart(6)} ms   ratio ${(m / base).toFixed(2)}x`);
});
