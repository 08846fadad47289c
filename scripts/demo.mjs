#!/usr/bin/env node
// The README's first Quick start command runs this: start `bb sandbox --seed demo`, point bb at it,
// and take a short tour with bb's real output — repositories, clone, branch, push, a pull request
// from create to merge, pipeline logs, and the scopes the whole tour needed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bbPath = join(root, 'bin', 'bb');
const work = mkdtempSync(join(tmpdir(), 'bb-demo-'));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[0m` : s);

const sandbox = spawn(process.execPath, [bbPath, 'sandbox', '--port', '0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
let sandboxLog = '';
sandbox.stderr.on('data', (d) => {
  sandboxLog += d;
});
const ready = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: sandbox.stdout });
  lines.once('line', (line) => resolve(JSON.parse(line)));
  sandbox.once('exit', (code) => reject(new Error(`bb sandbox exited (${code}) before it was ready:\n${sandboxLog}`)));
});

// `bb` on PATH for the scripts the tour runs under `bb scopes record`
const binDir = join(work, 'bin');
mkdirSync(binDir);
symlinkSync(bbPath, join(binDir, 'bb'));
const env = {
  ...process.env,
  PATH: `${binDir}:${process.env.PATH}`,
  BB_API_URL: ready.url,
  BB_CONFIG_DIR: join(work, 'config'),
  BB_SCOPES_TRACE: join(work, 'trace'),
  BB_NO_INPUT: '1',
  GIT_AUTHOR_NAME: 'Demo User',
  GIT_AUTHOR_EMAIL: ready.email,
  GIT_COMMITTER_NAME: 'Demo User',
  GIT_COMMITTER_EMAIL: ready.email,
};
delete env.BB_TOKEN;
delete env.BB_EMAIL;
delete env.BB_REPO;

function show(title) {
  console.log(`\n${bold(`# ${title}`)}`);
}

/**
 * Run bb, echo the command line, let its output through as it comes (stdout and stderr in order);
 * with `capture`, return stdout instead. Stop the tour on failure.
 */
function bb(args, { cwd = work, input, capture = false } = {}) {
  console.log(bold(`$ bb ${args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`));
  const r = spawnSync(process.execPath, [bbPath, ...args], {
    cwd,
    env,
    input,
    encoding: 'utf8',
    stdio: [input === undefined ? 'ignore' : 'pipe', capture ? 'pipe' : 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bb ${args.join(' ')} failed with exit status ${r.status}`);
  if (capture) process.stdout.write(r.stdout);
  return r.stdout ?? '';
}

function git(args, cwd) {
  console.log(bold(`$ git ${args.join(' ')}`));
  execFileSync('git', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

let failed = false;
try {
  console.log(`bb sandbox is running at ${ready.url} (a local Bitbucket Cloud API on real git).`);
  show('Log in with the sandbox token (read from stdin, never from argv)');
  bb(['auth', 'login', '--email', ready.email, '--with-token'], { input: ready.token });
  bb(['auth', 'status']);

  show('Repositories in the demo workspace');
  bb(['repo', 'list', 'acme']);
  bb(['repo', 'view', 'acme/web']);

  show('Clone, branch, commit and push (git asks bb for the credential)');
  bb(['repo', 'clone', 'acme/web', join(work, 'web')]);
  const clone = join(work, 'web');
  bb(['auth', 'setup-git', '--local'], { cwd: clone });
  git(['switch', '-c', 'feature/faster-search'], clone);
  writeFileSync(join(clone, 'search.txt'), 'Search now answers in 20 ms.\n');
  git(['add', 'search.txt'], clone);
  git(['commit', '-q', '-m', 'Make search faster'], clone);
  git(['push', '-q', '-u', 'origin', 'feature/faster-search'], clone);

  show('A pull request, from create to merge');
  bb(['pr', 'create', '--title', 'Make search faster', '--body', 'Cuts search latency by 80%.', '--no-push'], { cwd: clone });
  bb(['pr', 'list', '--state', 'all'], { cwd: clone });
  const id = JSON.parse(bb(['pr', 'view', '--json', 'id'], { cwd: clone, capture: true })).id;
  bb(['pr', 'view', String(id)], { cwd: clone });
  bb(['pr', 'approve', String(id)], { cwd: clone });
  bb(['pr', 'merge', String(id), '--strategy', 'squash', '--delete-branch'], { cwd: clone });
  git(['switch', '-q', 'main'], clone);
  git(['pull', '-q', '--ff-only', 'origin', 'main'], clone);
  git(['log', '--oneline', '-3'], clone);

  show('Pipelines');
  bb(['pipeline', 'list', '-R', 'acme/web']);
  bb(['pipeline', 'logs', '1', '-R', 'acme/web']);

  show('Scopes: what two commands need, and what a script actually used');
  bb(['scopes', 'pr create', 'pr merge']);
  const script = join(work, 'review.sh');
  writeFileSync(script, '#!/bin/sh\nbb pr list -R acme/web >/dev/null\nbb pr view 1 -R acme/web >/dev/null\nbb pr approve 1 -R acme/web >/dev/null || true\n');
  chmodSync(script, 0o755);
  bb(['scopes', 'record', '--', script]);
  bb(['scopes', 'explain', 'write:pullrequest:bitbucket']);
} catch (e) {
  failed = true;
  console.error(`\ndemo stopped: ${e.message}`);
} finally {
  sandbox.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
