/**
 * `bb scopes record` end to end: a shell script calls ./bin/bb against the sandbox; record prints the minimum
 * scopes for exactly the operations those bb processes called (BB_SCOPES_TRACE). Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BB, bb, type SandboxProcess, startSandbox, tempDir } from '../support/sandbox.js';

let sb: SandboxProcess;
before(async () => {
  sb = await startSandbox({ seed: 'demo', legacy: true });
});
after(async () => {
  await sb?.stop();
});

test('record: a script running bb twice → the scopes of exactly the operations called', async () => {
  const dir = tempDir();
  const script = join(dir, 'job.sh');
  writeFileSync(
    script,
    `#!/bin/sh\nset -e\n"${process.execPath}" "${BB}" repo view acme/web >/dev/null\n"${process.execPath}" "${BB}" auth status 2>/dev/null\n`,
    { mode: 0o755 },
  );
  const r = await bb(['scopes', 'record', '--json', '--', 'sh', script], { env: sb.env() });
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.operations, ['GET /repositories/{workspace}/{repo_slug}', 'GET /user']);
  assert.deepEqual(j.scopes, ['read:repository:bitbucket', 'read:user:bitbucket']);
  assert.deepEqual(j.legacyScopes, ['account', 'repository']);
  assert.equal(j.exitCode, 0);
});

test('record: the program fails → its status, and what was recorded until then', async () => {
  const dir = tempDir();
  const script = join(dir, 'fail.sh');
  writeFileSync(script, `#!/bin/sh\n"${process.execPath}" "${BB}" repo view acme/web >/dev/null\nexit 7\n`, { mode: 0o755 });
  const r = await bb(['scopes', 'record', '--', 'sh', script], { env: sb.env() });
  assert.equal(r.code, 7);
  assert.equal(r.stdout, 'read:repository:bitbucket\n');
  assert.match(r.stderr, /note: sh exited with status 7/);
});

test('record: a script of varied commands → exactly the union `bb scopes` computes for them', async () => {
  // each invocation calls operations whose scopes make up its `bb scopes` answer (no flag adds a conditional rule)
  const commands: Array<[string, string[]]> = [
    ['repo view', ['acme/web']],
    ['pr view', ['1', '-R', 'acme/web']],
    ['pipeline list', ['-R', 'acme/web']],
    ['issue list', ['-R', 'acme/web']],
    ['snippet view', ['relchk', '--workspace', 'acme']],
    ['ssh-key list', []],
    ['workspace members', ['acme']],
    ['status list', ['main', '-R', 'acme/web']],
  ];
  const dir = tempDir();
  const script = join(dir, 'many.sh');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = commands.map(([name, args]) => `"${process.execPath}" "${BB}" ${[...name.split(' '), ...args].map(q).join(' ')} >/dev/null`);
  writeFileSync(script, `#!/bin/sh\nset -e\n${lines.join('\n')}\n`, { mode: 0o755 });
  const r = await bb(['scopes', 'record', '--json', '--', 'sh', script], { env: sb.env() });
  assert.equal(r.code, 0, r.stderr);
  const recorded = JSON.parse(r.stdout);
  assert.equal(recorded.exitCode, 0);
  const s = await bb(['scopes', '--json', ...commands.map(([name]) => name)]);
  assert.equal(s.code, 0, s.stderr);
  const computed = JSON.parse(s.stdout);
  assert.deepEqual(recorded.scopes, computed.scopes);
  assert.deepEqual(recorded.legacyScopes, computed.legacyScopes);
  // and every operation the script called is one those commands declare
  const declared = new Set(computed.commands.flatMap((c: { operations: string[] }) => c.operations));
  assert.deepEqual(
    recorded.operations.filter((op: string) => !declared.has(op)),
    [],
  );
});
