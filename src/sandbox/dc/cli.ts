import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';
import { startDcSandbox } from './index.js';

/** `bb sandbox --kind dc`: the ready line, then serve until Ctrl-C. */
export async function runDcSandbox(ctx: Context, port: number, flags: Record<string, unknown>): Promise<number> {
  if (flags.faults !== undefined || flags.latency !== undefined)
    throw new BbError('INVALID_ARGUMENT', '--faults and --latency are not supported with --kind dc yet');
  let handle: Awaited<ReturnType<typeof startDcSandbox>>;
  try {
    handle = await startDcSandbox({
      port,
      stateDir: flags.state as string | undefined,
      seed: flags.seed as string | undefined,
      onError: (e) => ctx.io.err.write(`[bb sandbox] internal error: ${(e as Error)?.stack ?? String(e)}\n`),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new BbError('INVALID_ARGUMENT', `port ${port} is already in use`, { hints: ['pick another with --port'] });
    throw e;
  }
  ctx.io.out.write(
    `${JSON.stringify({ kind: 'dc', url: handle.url, api: `${handle.url}/rest/api/latest`, username: handle.username, token: handle.token, admin: handle.admin })}\n`,
  );
  ctx.io.err.write(
    `bb sandbox (Data Center): listening on ${handle.url}\n` +
      '  users: admin/admin (SYS_ADMIN), dev/dev (PROJECT_READ on ACME, REPO_WRITE on acme/api)\n' +
      `  clone: git clone ${handle.url}/scm/acme/api.git\n` +
      '  stop with Ctrl-C\n',
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      handle.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
