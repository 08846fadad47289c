import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { untilStopped } from '../index.js';
import { type DcSandboxOptions, startDcSandbox } from './index.js';
import { DcStateError } from './model.js';

/**
 * `bb sandbox --kind dc`: the ready line, then serve until Ctrl-C. `opts` are the flags sandbox.ts has already parsed
 * and checked (port, state, seed, latency, faults, fault seed).
 */
export async function runDcSandbox(
  ctx: Context,
  opts: DcSandboxOptions & { port: number },
  ready: (vars: Record<string, string>) => string = () => '',
): Promise<number> {
  let handle: Awaited<ReturnType<typeof startDcSandbox>>;
  try {
    handle = await startDcSandbox({
      ...opts,
      onError: (e) => ctx.io.err.write(`[bb sandbox] internal error: ${(e as Error)?.stack ?? String(e)}\n`),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new BbError('INVALID_ARGUMENT', `port ${opts.port} is already in use`, { hints: ['pick another with --port'] });
    if (e instanceof DcStateError)
      throw new BbError('INVALID_ARGUMENT', `--state: ${e.message}`, { hints: ['give another directory, or an empty one for a new state'] });
    throw e;
  }
  const envNote = ready({ BB_HOST: handle.url, BB_TOKEN: handle.token });
  ctx.io.out.write(
    `${JSON.stringify({ kind: 'dc', url: handle.url, api: `${handle.url}/rest/api/latest`, username: handle.username, token: handle.token, admin: handle.admin })}\n`,
  );
  ctx.io.err.write(
    `bb sandbox (Data Center): listening on ${handle.url} (state: ${opts.stateDir ? handle.stateDir : 'temporary'})\n` +
      '  users: admin/admin (SYS_ADMIN), dev/dev (PROJECT_READ on ACME, REPO_WRITE on acme/api)\n' +
      `  clone: git clone ${handle.url}/scm/acme/api.git\n` +
      `  stop with Ctrl-C\n${envNote}`,
  );
  await untilStopped(() => handle.close());
  return 0;
}
