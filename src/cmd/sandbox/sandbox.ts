import { writeFileSync } from 'node:fs';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { defineCommand } from '../define.js';

function wholeNumber(flag: string, raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new BbError('INVALID_ARGUMENT', `--${flag} needs a whole number from 0 to ${max}, not "${String(raw)}"`);
  return n;
}

export default defineCommand({
  path: ['sandbox'],
  summary: 'Run a local, scope-enforcing Bitbucket for trying bb and testing scripts',
  description: `Runs a Bitbucket Cloud-compatible API on 127.0.0.1 in the foreground, backed by real git repositories you can clone and push to. Its first line on stdout is one JSON object with the API URL, an email and a token holding every scope; point bb at it with BB_API_URL, BB_EMAIL and BB_TOKEN.

Every operation requires exactly the scopes the official spec lists, so a token minted with fewer scopes (POST {admin}/tokens) fails the way it would on Bitbucket. Operations the sandbox does not implement answer 501 naming the operation.

It answers as Bitbucket Cloud does today: the APIs Bitbucket removed (the issue tracker, the cross-workspace listings GET /repositories, /workspaces and /user/permissions/*) answer 410 Gone. --legacy keeps serving them, for testing scripts written before they were removed.

Without --state the data lives in a temporary directory removed on exit; with --state it is kept there and reused on the next start. Stop the sandbox with Ctrl-C.`,
  examples: [
    '# start the demo sandbox and use it from another shell',
    'bb sandbox --port 7990',
    '# keep the data between runs',
    'bb sandbox --state ~/.bb-sandbox',
    '# a stable address and data, and a file another shell sources to use it (`. ~/.bb-sandbox.env`)',
    'bb sandbox --port 7990 --state ~/.bb-sandbox --env-out ~/.bb-sandbox.env',
    '# test a script against latency and flaky answers',
    'bb sandbox --latency 200 --faults 429=0.1,500=0.05,reset=0.01',
    '# test an old script that still uses the issue tracker (removed from Bitbucket Cloud: 410 Gone without --legacy)',
    'bb sandbox --legacy',
  ],
  flags: [
    { name: 'port', type: 'string', valueName: 'N', description: 'port on 127.0.0.1 (0: any free port)', default: '0' },
    { name: 'state', type: 'string', valueName: 'DIR', description: 'keep the data (model and git repositories) in DIR' },
    { name: 'seed', type: 'string', valueName: 'NAME', description: 'initial data for a new state', choices: ['demo', 'empty'], default: 'demo' },
    { name: 'latency', type: 'string', valueName: 'MS', description: 'delay every answer by MS milliseconds' },
    {
      name: 'faults',
      type: 'string',
      valueName: 'SPEC',
      description:
        'inject failures: STATUS=P, reset=P, reset-after=P (answer lost after the request ran), truncate=P or stall=P (half a JSON answer, then a reset or silence), comma-separated (429=0.1,reset=0.01)',
    },
    { name: 'fault-seed', type: 'string', valueName: 'N', description: 'seed of the fault generator, for repeatable runs', hidden: false },
    {
      name: 'kind',
      type: 'string',
      valueName: 'KIND',
      description: 'cloud, or dc for a Bitbucket Data Center sandbox (/rest/api/latest, /scm git URLs)',
      choices: ['cloud', 'dc'],
      default: 'cloud',
    },
    {
      name: 'legacy',
      type: 'boolean',
      description: 'also serve the APIs Bitbucket Cloud removed (issue tracker, cross-workspace listings) instead of 410 Gone',
    },
    {
      name: 'response-log',
      type: 'string',
      valueName: 'FILE',
      description: "append every JSON answer (operation, status, body) to FILE, for checking against the spec's schemas (testing)",
      hidden: true,
    },
    { name: 'oauth-expiry', type: 'string', valueName: 'SECONDS', description: 'lifetime of OAuth access tokens (default 3600, as Bitbucket)' },
    {
      name: 'env-out',
      type: 'string',
      valueName: 'FILE',
      description: 'when ready, write the `export` lines that point bb at this sandbox to FILE (mode 0600), for `. FILE` in another shell',
    },
  ],
  operations: [],
  async run(ctx, { flags }) {
    const port = wholeNumber('port', flags.port, 65535) ?? 0;
    const latencyMs = wholeNumber('latency', flags.latency, 600_000);
    const faultSeed = wholeNumber('fault-seed', flags.faultSeed);
    const oauthExpirySeconds = wholeNumber('oauth-expiry', flags.oauthExpiry);
    const faults = flags.faults as string | undefined;
    if (faults !== undefined) {
      const { parseFaults } = await import('../../sandbox/faults.js');
      try {
        parseFaults(faults);
      } catch (e) {
        throw new BbError('INVALID_ARGUMENT', `--faults: ${(e as Error).message}`);
      }
    }
    const responseLog = typeof flags.responseLog === 'string' && flags.responseLog !== '' ? flags.responseLog : undefined;
    const common = { port, stateDir: flags.state as string | undefined, seed: flags.seed as string | undefined, latencyMs, faults, faultSeed, responseLog };
    const envFile = typeof flags.envOut === 'string' && flags.envOut !== '' ? flags.envOut : undefined;
    // The env file is written before the ready line: whoever waits for that line may source the file at once.
    const ready = (vars: Record<string, string>): string => (envFile ? writeEnvFile(envFile, vars) : '');
    // --kind's values are checked by the parser (choices)
    const serve = SERVERS[(flags.kind as keyof typeof SERVERS | undefined) ?? 'cloud'];
    return serve(ctx, { flags, common, ready, port, oauthExpirySeconds });
  },
});

interface ServeInput {
  flags: Record<string, unknown>;
  common: { port: number; stateDir?: string; seed?: string; latencyMs?: number; faults?: string; faultSeed?: number; responseLog?: string };
  ready: (vars: Record<string, string>) => string;
  port: number;
  oauthExpirySeconds: number | undefined;
}

/** The Data Center sandbox, in the foreground until stopped. */
async function serveDc(ctx: Context, { flags, common, ready, port, oauthExpirySeconds }: ServeInput): Promise<number> {
  // the Data Center sandbox has no OAuth 2.0 flow (its OAuth tokens are minted by the admin endpoint)
  if (oauthExpirySeconds !== undefined) throw new BbError('INVALID_ARGUMENT', '--oauth-expiry is for the Cloud sandbox; --kind dc has no OAuth flow');
  if (flags.legacy === true) throw new BbError('INVALID_ARGUMENT', '--legacy is for the Cloud sandbox; --kind dc serves no removed APIs');
  const { runDcSandbox, DcStateError } = await import('../../sandbox/dc/cli.js');
  try {
    return await runDcSandbox(ctx.io, common, ready);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new BbError('INVALID_ARGUMENT', `port ${port} is already in use`, { hints: ['pick another with --port'] });
    if (e instanceof DcStateError)
      throw new BbError('INVALID_ARGUMENT', `--state: ${e.message}`, { hints: ['give another directory, or an empty one for a new state'] });
    throw e;
  }
}

/** The Cloud sandbox, in the foreground until stopped. */
async function serveCloud(ctx: Context, { flags, common, ready, port, oauthExpirySeconds }: ServeInput): Promise<number> {
  // The server is loaded only here, so bb's start-up never pays for it.
  const { startSandbox, untilStopped } = await import('../../sandbox/index.js');
  let handle: Awaited<ReturnType<typeof startSandbox>>;
  try {
    handle = await startSandbox({
      ...common,
      oauthExpirySeconds,
      legacy: flags.legacy === true,
      onError: (e) => ctx.io.err.write(`[bb sandbox] internal error: ${(e as Error)?.stack ?? String(e)}\n`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new BbError('INVALID_ARGUMENT', `port ${port} is already in use`, { hints: ['pick another with --port, or --port 0 for any free port'] });
    const { SandboxStateError } = await import('../../sandbox/state.js');
    if (e instanceof SandboxStateError)
      throw new BbError('INVALID_ARGUMENT', `--state: ${e.message}`, { hints: ['give another directory, or an empty one for a new state'] });
    throw e;
  }
  const envNote = ready({ BB_API_URL: handle.url, BB_EMAIL: handle.email, BB_TOKEN: handle.token });
  ctx.io.out.write(`${JSON.stringify({ url: handle.url, email: handle.email, token: handle.token, admin: handle.admin })}\n`);
  ctx.io.err.write(
    `bb sandbox: listening on ${handle.url} (state: ${flags.state ? handle.stateDir : 'temporary'})\n` +
      `  use it from another shell: export BB_API_URL=${handle.url} BB_EMAIL=${handle.email} BB_TOKEN=<token from the line above>\n` +
      `  stop with Ctrl-C\n${envNote}`,
  );
  await untilStopped(() => handle.close());
  return 0;
}

/** `--kind`: which Bitbucket the sandbox imitates. */
const SERVERS: Record<'cloud' | 'dc', (ctx: Context, input: ServeInput) => Promise<number>> = { cloud: serveCloud, dc: serveDc };

/**
 * `--env-out`: `export NAME='value'` lines (0600: the token is the sandbox's, but a token all the same). The values
 * are the sandbox's own (a URL, an email, a token of letters and digits); quoted for the shell anyway. Returns the
 * stderr line that names the file.
 */
function writeEnvFile(file: string, vars: Record<string, string>): string {
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const lines = Object.entries(vars).map(([k, v]) => `export ${k}=${quote(v)}`);
  lines.push(`# back to Bitbucket: unset ${Object.keys(vars).join(' ')}`);
  try {
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  } catch (e) {
    throw new BbError('OUTPUT_FAILED', `--env-out: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return `  in another shell: . ${file}\n`;
}
