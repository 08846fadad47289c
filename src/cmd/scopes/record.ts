import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_ENV } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { scopesForOperations } from '../../scopes/engine.js';
import { permissionCheckboxes } from '../../scopes/legacy.js';
import { defineCommand } from '../define.js';
import { printScopeList, writeJson } from './output.js';

export default defineCommand({
  path: ['scopes', 'record'],
  summary: 'Run a program and print the minimum scopes for the API operations it called',
  description: `Runs the program (for example a script calling bb any number of times) with ${TRACE_ENV} set to a temporary file; every bb it starts appends each API operation it calls there. Then prints the minimum scopes for exactly those operations (with --json, the operations too). The program gets bb's standard input, output and error; with --json its output goes to standard error, so standard output holds only the JSON. When the program fails, bb still prints what it recorded, says so, and exits with the program's status.`,
  examples: ['bb scopes record -- ./deploy.sh production', 'bb scopes record --json -- make release', 'bb scopes record --legacy -- bb pr list'],
  args: [
    { name: 'program', description: 'the program to run', required: true },
    { name: 'args', description: 'its arguments (put `--` before the program)', variadic: true },
  ],
  flags: [
    { name: 'json', type: 'boolean', description: 'print JSON: scopes, legacyScopes, operations, exitCode' },
    { name: 'legacy', type: 'boolean', description: 'answer in legacy scope names (access tokens, OAuth consumers)' },
  ],
  operations: [],
  async run(ctx, input) {
    const program = String(input.args.program);
    const args = ((input.args.args as string[] | undefined) ?? []).map(String);
    const dir = mkdtempSync(join(tmpdir(), 'bb-scopes-'));
    const trace = join(dir, 'operations');
    let status: number;
    let signal: NodeJS.Signals | null = null;
    try {
      ({ status, signal } = await new Promise<{ status: number; signal: NodeJS.Signals | null }>((resolve, reject) => {
        const child = spawn(program, args, {
          cwd: ctx.cwd,
          env: { ...ctx.env, [TRACE_ENV]: trace },
          // with --json, the program's stdout goes to our stderr: stdout carries only the JSON answer
          stdio: ['inherit', input.flags.json ? 2 : 'inherit', 'inherit'],
        });
        child.on('error', (e: NodeJS.ErrnoException) =>
          reject(
            new BbError('INVALID_ARGUMENT', `cannot run ${program}: ${e.code === 'ENOENT' ? 'no such program' : e.message}`, {
              hints: ['put `--` before the program: bb scopes record -- ./script.sh arg…'],
            }),
          ),
        );
        child.on('close', (code, sig) => resolve({ status: code ?? (sig ? 128 + (signalNumber(sig) ?? 0) : 1), signal: sig }));
      }));
      let text = '';
      try {
        text = readFileSync(trace, 'utf8');
      } catch {
        // nothing was traced: the program made no API call through bb
      }
      const operations = [
        ...new Set(
          text
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ].sort();
      // a record inside a record: hand what we saw to the outer one too
      const outer = ctx.env[TRACE_ENV];
      if (outer && operations.length) {
        try {
          appendFileSync(outer, operations.map((o) => `${o}\n`).join(''));
        } catch {
          // the outer trace is best effort, like every trace
        }
      }
      const s = scopesForOperations(operations);
      if (input.flags.json) {
        writeJson(ctx, { scopes: s.granular, legacyScopes: s.legacy, permissions: permissionCheckboxes(s.legacy), operations, exitCode: status });
      } else {
        const legacy = Boolean(input.flags.legacy);
        printScopeList(
          ctx,
          `${legacy ? 'Legacy scopes' : 'API token scopes'} for the ${operations.length} operation${operations.length === 1 ? '' : 's'} ${program} called:`,
          legacy ? s.legacy : s.granular,
          legacy,
        );
        if (ctx.io.stdoutIsTTY && operations.length) ctx.io.out.write(`\nOperations:\n${operations.map((o) => `  ${o}`).join('\n')}\n`);
      }
      if (status !== 0) {
        ctx.io.err.write(
          `note: ${program} ${signal ? `was killed by ${signal}` : `exited with status ${status}`}; the scopes cover only the operations it reached before that\n`,
        );
      }
      return status;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return table[sig];
}
