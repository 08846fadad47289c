import { untilStopped } from '../index.js';
import { type DcSandboxOptions, startDcSandbox } from './index.js';

export { DcStateError } from './model.js';

/** Where the foreground sandbox writes: its ready line (out) and its notes and internal errors (err). */
export interface SandboxOutput {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

/**
 * `bb sandbox --kind dc`: start, the ready line, then serve until Ctrl-C. `opts` are the flags the command has already
 * parsed and checked (port, state, seed, latency, faults, fault seed). A start that fails throws the server's own
 * error (`EADDRINUSE`, DcStateError): the command turns it into its own message.
 */
export async function runDcSandbox(
  io: SandboxOutput,
  opts: DcSandboxOptions & { port: number },
  ready: (vars: Record<string, string>) => string = () => '',
): Promise<number> {
  const handle = await startDcSandbox({
    ...opts,
    onError: (e) => io.err.write(`[bb sandbox] internal error: ${(e as Error)?.stack ?? String(e)}\n`),
  });
  const envNote = ready({ BB_HOST: handle.url, BB_TOKEN: handle.token });
  io.out.write(
    `${JSON.stringify({ kind: 'dc', url: handle.url, api: `${handle.url}/rest/api/latest`, username: handle.username, token: handle.token, admin: handle.admin })}\n`,
  );
  io.err.write(
    `bb sandbox (Data Center): listening on ${handle.url} (state: ${opts.stateDir ? handle.stateDir : 'temporary'})\n` +
      '  users: admin/admin (SYS_ADMIN), dev/dev (PROJECT_READ on ACME, REPO_WRITE on acme/api)\n' +
      `  clone: git clone ${handle.url}/scm/acme/api.git\n` +
      `  stop with Ctrl-C\n${envNote}`,
  );
  await untilStopped(() => handle.close());
  return 0;
}
