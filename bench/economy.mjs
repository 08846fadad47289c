#!/usr/bin/env node
// Economy: the API requests each command makes, from the sandbox's request log (GET {admin}/requests), and its
// sequential round trips: (time with 300 ms of latency per request − time with none) / 300 ms (P7).
// Prints a Markdown table (command, requests, round trips, operations). 127.0.0.1 only.
// Usage: npm run build && node bench/economy.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bb = fileURLToPath(new URL('../bin/bb', import.meta.url));
const sandbox = spawn(process.execPath, [bb, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'ignore'] });
const ready = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', (l) => resolve(JSON.parse(l)));
  sandbox.once('exit', (c) => reject(new Error(`bb sandbox exited ${c}`)));
});
const configDir = mkdtempSync(join(tmpdir(), 'bb-bench-'));
const env = {
  ...process.env,
  BB_API_URL: ready.url,
  BB_EMAIL: ready.email,
  BB_TOKEN: ready.token,
  BB_CONFIG_DIR: configDir,
  BB_REPO: 'acme/web',
  NO_COLOR: '1',
};
const COMMANDS = [
  'repo view',
  'repo list acme',
  'workspace list',
  'workspace view acme',
  'project list acme',
  'branch list',
  'tag list',
  'commit list',
  'commit view main',
  'status list main',
  'pr list',
  'pr list --state all --json id,title',
  'pr view 1',
  'pr view 1 --json title,state',
  'pr diff 1',
  'pr checks 1',
  'pr status',
  'pr activity 1',
  'pr comments list 1',
  'pr reviewers list 1',
  'pr create --head feature/login --title Economy --json id',
  'pr edit {new} --title Economy2',
  'pr approve {new}',
  'pr comments add {new} --body hi',
  'pr merge {new}',
  'issue list',
  'issue view 1',
  'issue create --title Economy --body x',
  'pipeline list',
  'pipeline view 1',
  'pipeline logs 1',
  'deployment list',
  'environment list',
  'variable list',
  'webhook list',
  'snippet list',
  'api /user',
];
const LATENCY = 300;
const WRITES = /\{new\}| create /;
/** Run `bb <command>` with the sandbox answering after `latency` ms: its result and wall-clock time. */
async function timed(command, latency) {
  const set = await fetch(`${ready.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latency }) });
  if (!set.ok) throw new Error(`setting the latency: ${set.status} ${await set.text()}`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [bb, ...command.split(' ')], { env, encoding: 'utf8' });
  return { result, ms: performance.now() - t0 };
}
const rows = [];
let created = '';
try {
  for (const template of COMMANDS) {
    const c = template.replace('{new}', created);
    await fetch(`${ready.admin}/requests`, { method: 'DELETE' });
    const slow = await timed(c, LATENCY);
    const r = slow.result;
    if (template.startsWith('pr create')) created = String(JSON.parse(r.stdout).id);
    const log = await (await fetch(`${ready.admin}/requests`)).json();
    // the same command again without latency (a write whose second run fails, like a merge, has no figure); a read
    // is timed three times each way, the fastest counted, so a busy machine's noise does not pass for a round trip
    let fast = await timed(c, 0);
    let slowMs = slow.ms;
    if (!WRITES.test(template)) {
      for (let i = 0; i < 2; i++) {
        slowMs = Math.min(slowMs, (await timed(c, LATENCY)).ms);
        const again = await timed(c, 0);
        if (again.ms < fast.ms) fast = again;
      }
    }
    const trips = fast.result.status === r.status ? ((slowMs - fast.ms) / LATENCY).toFixed(1) : '—';
    const ops = log.map((e) => `${e.operation ?? `${e.method} ${e.path}`}${e.origin ? ` (${e.origin})` : ''}`);
    rows.push(
      `| \`bb ${c}\` | ${r.status === 0 ? '' : `exit ${r.status} `}${log.length} | ${trips} | ${ops.map((o) => o.replace(/^(\w+) \/repositories\/\{workspace\}\/\{repo_slug\}/, '$1 …')).join('<br>')} |`,
    );
  }
} finally {
  sandbox.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
}
console.log('| command | requests | round trips | operations (… = /repositories/{workspace}/{repo_slug}) |\n|---|---|---|---|');
console.log(rows.join('\n'));
