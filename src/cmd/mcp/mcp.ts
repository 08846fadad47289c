import { PassThrough, Readable } from 'node:stream';
import { type Context, createContext } from '../../context/context.js';
import { BbError, ERROR_CODES, type ErrorName } from '../../core/errors.js';
import { type Credential, describeKind } from '../../core/credentials.js';
import type { HostKind } from '../../core/host.js';
import { hostTraits } from '../../provider/index.js';
import type { HostInfo } from '../../provider/types.js';
import type { IOStreams } from '../../output/iostreams.js';
import { findProfile, PROFILES } from '../../scopes/profiles.js';
import { loadCommands } from '../scopes/output.js';
import { CONFIG_HOSTS, type ConfigHost, configSnippet } from './config.js';
import { checkPolicy, generateTools, type Policy, refusal, repoBound, repoMatches, type ScopeModel, scopeModel, type Tool, toArgv } from './tools.js';
import { defineCommand } from '../define.js';

/** What a tool call answers: MCP's CallToolResult (kept structural here, so this file needs no SDK type). */
interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  /** A resource read: the window of the command's output, as bytes (never sent as a tool result). */
  bytes?: Buffer;
}

/** Of a command's output, keep `keep` bytes after the first `skip`; the rest is dropped as it is written. */
interface Window {
  skip: number;
  keep: number;
}

export const SCOPES_TOOL = 'bb_scopes';

export default defineCommand({
  path: ['mcp'],
  summary: 'Serve bb to coding agents over MCP, with the least privilege you declare',
  description:
    "Starts a Model Context Protocol server on stdin/stdout, the transport agent hosts (Claude, VS Code, Cursor) launch. Its tools are generated from bb's commands (pr_list, pr_create, pipeline_logs, …): each takes the command's arguments and flags, answers with the command's JSON, and states the minimum scopes it needs (API-token scopes on Bitbucket Cloud, OAuth 2.0 scopes on Data Center). A bb_scopes tool answers what a plan needs before the agent asks you for a token.\n\nDeclare what the agent may do, and bb enforces it before any request: --profile NAME (a built-in workflow, see `bb scopes profile`) lists only that profile's commands; --scopes lists only the tools those scopes cover; --read-only only the tools that change nothing; --repo WORKSPACE/REPO (repeatable, globs like acme/*) only the tools that work on one repository, and refuses a call on any other repository, given or found from the current clone. A tool outside the declaration is not listed and is refused if called. Without --profile or --scopes, bb learns what the credential grants where Bitbucket says so (an access token's or OAuth login's scopes, from one GET /user) and lists only the tools they cover; where it does not say (an API token, a Data Center token), every tool is listed, each with its scopes, and the server says so (on stderr and in its instructions).\n\nEvery write tool takes dryRun: true and then returns the request it would send and its scopes, sending nothing. Resources (a pull request's diff, a pipeline step's log) are read in pages of at most 64 KiB, each naming the next (docs/mcp.md). Destructive writes (delete, merge, decline) carry MCP's destructiveHint, and run without bb's confirmation question: the agent host asks you. A refused call returns bb's error code and text; a 403 names every missing scope and the token that would work. The credential comes from the environment (BB_TOKEN, BB_EMAIL) or your stored login, never from the arguments. --print-config prints the snippet for an agent host's configuration file.",
  examples: [
    'bb mcp --profile reviewer --repo acme/web',
    '# only tools that change nothing, on every repository of one workspace',
    'bb mcp --read-only --repo "acme/*"',
    '# what an API token with these scopes may do',
    'bb mcp --scopes read:repository:bitbucket,read:pullrequest:bitbucket',
    "# the snippet for Claude Code's .mcp.json",
    'bb mcp --profile reviewer --print-config claude',
    '# for a host that speaks Streamable HTTP: a local port and a secret printed once',
    'bb mcp --read-only --http 8765',
  ],
  flags: [
    {
      name: 'profile',
      type: 'string',
      valueName: 'NAME',
      description: 'only the tools of this workflow profile (bb scopes profile)',
      choices: PROFILES.map((p) => p.name),
    },
    { name: 'scopes', type: 'list', valueName: 'SCOPES', description: 'only the tools these scopes cover (comma-separated; Data Center: REPO_READ, …)' },
    { name: 'read-only', type: 'boolean', description: 'only the tools that change nothing' },
    { name: 'repo', type: 'multi', valueName: 'WORKSPACE/REPO', description: 'only these repositories (repeatable; globs: acme/*)' },
    {
      name: 'http',
      type: 'string',
      valueName: 'PORT',
      description: 'serve Streamable HTTP on 127.0.0.1:PORT (0: any free port) instead of stdio, behind a bearer secret printed once',
    },
    { name: 'print-config', type: 'string', valueName: 'HOST', description: "print the agent host's configuration snippet and exit", choices: CONFIG_HOSTS },
  ],
  operations: [],
  async run(ctx, input) {
    const f = input.flags;
    const policy: Policy = {
      profile: f.profile as string | undefined,
      scopes: f.scopes as string[] | undefined,
      readOnly: Boolean(f.readOnly),
      repos: (f.repo as string[] | undefined) ?? [],
    };
    if (f.printConfig !== undefined) {
      ctx.io.out.write(configSnippet(f.printConfig as ConfigHost, policyArgs(policy)));
      return 0;
    }
    const host = await ctx.host();
    const model = await scopeModel(host.kind);
    checkPolicy(policy, model);
    // no declaration: what the credential holds, where Bitbucket says (one request, or none where it never says)
    const grant = policy.profile === undefined && policy.scopes === undefined ? await learnGrant(ctx, host) : undefined;
    if (grant?.scopes) policy.granted = grant.scopes;
    if (grant) ctx.io.err.write(`bb mcp: ${grant.note}\n`);
    const all = generateTools(await loadCommands(), model);
    const listed = all.filter((t) => refusal(t, policy, model) === undefined);
    const { serveStdio, serveHttp } = await import('./server.js');
    const served = {
      name: 'bb',
      version: ctx.version,
      instructions: instructions(policy, host.kind, listed.length, grant?.note),
      tools: [...listed.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations })), scopesTool()],
      call: (name: string, args: Record<string, unknown>) => callTool(ctx, { all, policy, model }, name, args),
      templates: RESOURCES.filter((r) => listed.some((t) => t.name === r.tool)).map(({ tool: _t, args: _a, ...listedTemplate }) => listedTemplate),
      read: (uri: string) => readResource(ctx, { all, policy, model }, uri),
    };
    if (f.http !== undefined) {
      const port = /^\d{1,5}$/.test(String(f.http)) ? Number(f.http) : -1;
      if (port < 0 || port > 65535) throw new BbError('INVALID_ARGUMENT', `--http needs a port, 0 to 65535 (0: any free port), not "${String(f.http)}"`);
      await serveHttp({
        ...served,
        port,
        // the secret is said once, on stderr, for the person starting the server to give the agent host
        announce: (url, secret) => ctx.io.err.write(`bb mcp: serving ${url}\nbb mcp: send the header "Authorization: Bearer ${secret}"\n`),
      });
      return 0;
    }
    await serveStdio({ ...served, stdin: ctx.io.in, stdout: ctx.io.out });
    return 0;
  },
});

/** The most bytes one resource read answers: a longer diff or log comes in pages (readResource). */
export const PAGE_BYTES = 64 * 1024;

/** `_meta` keys of a page: where it starts (bytes), and the URI of the next page (absent on the last). */
export const PAGE_META = { offset: 'bb/offset', next: 'bb/next' } as const;

const PAGING = ` Read in pages of at most ${PAGE_BYTES / 1024} KiB, each ending at a line end where one fits: without {offset} the first page; a page that does not end the text names the next page's URI in its _meta "${PAGE_META.next}" (the same URI with ?offset=BYTES), and the pages joined are the text exactly.`;

/**
 * Resources: what an agent reads rather than asks for, each answered by the tool it names (and so under the same
 * declaration: a resource whose tool is not listed is not offered, and a URI outside --repo is refused), in pages.
 * `window`: how the command is asked for one page — a log by a Range request for just that page (the command's
 * hidden --byte-offset/--byte-limit); a diff, which Bitbucket serves only whole, streamed past the page's start and
 * cut after its end, so bb holds one page whatever the diff's size.
 */
export const RESOURCES = [
  {
    name: 'pr-diff',
    title: "A pull request's diff",
    uriTemplate: 'bb://pr/{workspace}/{repo}/{id}/diff{?offset}',
    description: `The diff of a pull request, as \`bb pr diff\` prints it (Data Center: {workspace} is the project key).${PAGING}`,
    mimeType: 'text/x-diff',
    tool: 'pr_diff',
    args: (v: Record<string, string>) => ({ pr: v.id, repo: `${v.workspace}/${v.repo}`, color: 'never' }),
    window: (offset: number, bytes: number) => ({ argv: [], skip: offset, keep: bytes }),
  },
  {
    name: 'pipeline-step-log',
    title: "A pipeline step's log",
    uriTemplate: 'bb://pipeline/{workspace}/{repo}/{id}/steps/{step}/log{?offset}',
    description: `The log of one pipeline step (its name or UUID), as \`bb pipeline logs --step\` prints it.${PAGING}`,
    mimeType: 'text/plain',
    tool: 'pipeline_logs',
    args: (v: Record<string, string>) => ({ pipeline: v.id, step: v.step, repo: `${v.workspace}/${v.repo}` }),
    window: (offset: number, bytes: number) => ({ argv: [...(offset > 0 ? [`--byte-offset=${offset}`] : []), `--byte-limit=${bytes}`], skip: 0, keep: bytes }),
  },
];

export interface ResourcePage {
  mimeType: string;
  text: string;
  _meta: Record<string, unknown>;
}

async function readResource(ctx: Context, s: Server, uri: string): Promise<ResourcePage> {
  const usage = (why: string) => new Error(`error ${ERROR_CODES.USAGE.code} USAGE: ${why}`);
  const q = uri.indexOf('?');
  const base = q < 0 ? uri : uri.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : uri.slice(q + 1));
  const unknown = [...query.keys()].filter((k) => k !== 'offset');
  if (unknown.length) throw usage(`${uri}: a resource takes only ?offset=BYTES, not ${unknown.join(', ')}`);
  const offsetText = query.get('offset') ?? '0';
  if (!/^\d{1,15}$/.test(offsetText)) throw usage(`${uri}: offset must be a whole number of bytes`);
  const offset = Number(offsetText);
  for (const r of RESOURCES) {
    const names: string[] = [];
    const pattern = r.uriTemplate
      .replace(/\{\?\w+\}$/, '')
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
    const m = new RegExp(`^${pattern}$`).exec(base);
    if (!m) continue;
    const vars = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    // one byte past the page: whether the text goes on
    const window = r.window(offset, PAGE_BYTES + 1);
    const result = await callTool(ctx, s, r.tool, r.args(vars), { extraArgv: window.argv, window });
    if (result.isError) throw new Error(result.content.map((c) => c.text).join('\n'));
    const bytes = result.bytes ?? Buffer.alloc(0);
    const page = bytes.length > PAGE_BYTES ? bytes.subarray(0, pageEnd(bytes)) : bytes;
    const more = bytes.length > PAGE_BYTES;
    return {
      mimeType: r.mimeType,
      text: page.toString('utf8'),
      _meta: { [PAGE_META.offset]: offset, ...(more ? { [PAGE_META.next]: `${base}?offset=${offset + page.length}` } : {}) },
    };
  }
  throw usage(`no resource at ${uri} (resources/templates/list names them)`);
}

/**
 * Where a full page ends, in `bytes` (one more than a page): after its last line end; on a page with none, before a
 * character's first byte (never inside a UTF-8 sequence), so every page decodes whole.
 */
export function pageEnd(bytes: Uint8Array): number {
  const window = bytes.subarray(0, PAGE_BYTES);
  const newline = window.lastIndexOf(10);
  if (newline >= 0) return newline + 1;
  let end = PAGE_BYTES;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return end > 0 ? end : PAGE_BYTES;
}

/** The declaration as `bb mcp` arguments (for --print-config). */
function policyArgs(p: Policy): string[] {
  return [
    ...(p.profile ? ['--profile', p.profile] : []),
    ...(p.scopes ? ['--scopes', p.scopes.join(',')] : []),
    ...(p.readOnly ? ['--read-only'] : []),
    ...p.repos.flatMap((r) => ['--repo', r]),
  ];
}

function instructions(p: Policy, kind: HostKind, count: number, grantNote: string | undefined): string {
  const declared = policyArgs(p);
  const hostName: Record<HostKind, string> = { cloud: 'Cloud', dc: 'Data Center' };
  const limits = [
    ...(declared.length ? [`Limited by: ${declared.join(' ')}.`] : []),
    ...(grantNote ? [`${grantNote[0]?.toUpperCase()}${grantNote.slice(1)}.`] : []),
  ];
  return `bb: Bitbucket ${hostName[kind]} through ${count} tools generated from bb's commands. ${
    limits.length ? limits.join(' ') : 'No limit declared: every tool is listed, each with its minimum scopes.'
  } Write tools take dryRun: true to see the request without sending it. Ask ${SCOPES_TOOL} what a plan needs.`;
}

/**
 * Without --profile or --scopes: the scopes the credential holds where the host reports them (Cloud: X-OAuth-Scopes of
 * an access token or OAuth login, read from one GET /user, or an OAuth login's stored grant), and what bb mcp says
 * about them (on stderr and in the server's instructions). Where the host does not say, every tool stays listed.
 */
async function learnGrant(ctx: Context, host: HostInfo): Promise<{ scopes?: string[]; note: string }> {
  const unknown = 'every tool is listed, each with its minimum scopes';
  let credential: Credential;
  try {
    credential = await ctx.credential();
  } catch (e) {
    if (!(e instanceof BbError)) throw e;
    return { note: `no credential found (${e.message}): ${unknown}` };
  }
  let scopes: string[] | undefined;
  try {
    scopes = await hostTraits(host).grantedScopes(ctx, host, credential);
  } catch (e) {
    if (!(e instanceof BbError)) throw e;
    return { note: `the credential's scopes could not be learned (${e.message}): ${unknown}` };
  }
  if (!scopes)
    return { note: `Bitbucket does not report what this credential grants (${describeKind(credential.kind, Boolean(credential.oauth))}): ${unknown}` };
  return {
    scopes,
    note: `the credential holds ${scopes.join(', ') || 'no scopes'} (reported by Bitbucket): only the tools those scopes cover are listed`,
  };
}

function scopesTool() {
  return {
    name: SCOPES_TOOL,
    description:
      "The minimum token scopes for bb commands or a workflow profile, as `bb scopes … --json` answers (on Data Center: `bb scopes --dc`). Ask before you need a token: name the commands of your plan ('pr create', 'pr merge') or a profile.",
    inputSchema: {
      type: 'object' as const,
      properties: {
        commands: {
          type: 'array',
          items: { type: 'string' },
          description: 'bb command names: "pr create", "pr merge" (flags allowed: "webhook create --events issue:created")',
        },
        profile: { type: 'string', enum: PROFILES.map((p) => p.name), description: 'a workflow profile' },
      },
      additionalProperties: false,
    },
    annotations: { title: 'bb scopes', readOnlyHint: true, openWorldHint: false },
  };
}

interface Server {
  all: readonly Tool[];
  policy: Policy;
  model: ScopeModel;
}

/** A resource read: more command-line words (hidden flags) and the byte window of the output kept. */
interface ReadOptions {
  extraArgv: string[];
  window: Window;
}

async function callTool(ctx: Context, s: Server, name: string, args: Record<string, unknown>, read?: ReadOptions): Promise<ToolResult> {
  try {
    if (name === SCOPES_TOOL) return await scopesCall(ctx, s, args);
    const tool = s.all.find((t) => t.name === name);
    if (!tool) throw new BbError('USAGE', `no tool named ${name}`, { hints: ['tools/list names the tools this server offers'] });
    const why = refusal(tool, s.policy, s.model);
    if (why) throw notAllowed(why, tool, s, undefined, refusal(tool, { ...s.policy, granted: undefined }, s.model) === undefined);
    const dryRun = args.dryRun === true;
    const call = toArgv(tool, args, { dryRun });
    if (s.policy.scopes) {
      const missing = s.model.missing(tool.command, s.policy.scopes, call);
      if (missing.length) throw notAllowed(`this call needs ${missing.join(', ')}, outside the scopes bb mcp was given (--scopes)`, tool, s, missing);
    }
    let argv = call.argv;
    if (s.policy.repos.length > 0 && repoBound(tool.command)) {
      const only = s.policy.repos.length === 1 && !/[*?]/.test(s.policy.repos[0] as string) ? s.policy.repos[0] : undefined;
      // the one repository allowed is the default (the agent need not name it)
      if (tool.command.repo && call.flags.repo === undefined && only) {
        call.flags.repo = only;
        argv = [...argv.slice(0, tool.command.path.length), `--repo=${only}`, ...argv.slice(tool.command.path.length)];
      }
      const repo = await resolvedRepo(ctx, tool, call);
      if (!s.policy.repos.some((p) => repoMatches(p, repo)))
        throw notAllowed(`${repo} is outside the repositories bb mcp may use (--repo ${s.policy.repos.join(' --repo ')})`, tool, s);
    }
    // the hidden flags go before any `--` that ends the options
    const at = tool.command.path.length;
    if (read) return await invoke(ctx, [...argv.slice(0, at), ...read.extraArgv, ...argv.slice(at)], false, read.window);
    return await invoke(ctx, argv, Boolean(tool.command.json) || dryRun);
  } catch (e) {
    if (e instanceof BbError) return errorResult(e.toJSON().error as Record<string, unknown>);
    throw e;
  }
}

/** `byGrant`: refused because the credential's reported scopes do not cover the tool (not by the declaration). */
function notAllowed(why: string, tool: Tool, s: Server, missing?: string[], byGrant = false): BbError {
  return new BbError('NOT_ALLOWED', `${tool.name}: ${why}`, {
    hints: [
      byGrant
        ? 'the credential decides what bb mcp may do here: ask the user for a token with the scopes this call needs, if it is needed (bb_scopes names them for a plan)'
        : 'the user decides what bb mcp may do: ask them to restart it with a wider --profile, --scopes or --repo if this call is needed',
    ],
    ...(missing ? { missingScopes: missing } : {}),
    details: { tool: tool.name, ...(s.policy.profile ? { profile: s.policy.profile } : {}) },
  });
}

/**
 * The repository the command would use, found the way it will be (src/resolve/target.ts): its URL argument, -R, its
 * repository argument, BB_REPO, the clone's default or remote. Nothing is sent.
 */
async function resolvedRepo(ctx: Context, tool: Tool, call: { args: Record<string, unknown>; flags: Record<string, unknown> }): Promise<string> {
  const probe = createContext({
    env: ctx.env,
    cwd: ctx.cwd,
    git: ctx.git,
    fetch: ctx.fetch,
    config: ctx.config,
    credentials: ctx.credentials,
    io: captured().io,
  });
  const input = { args: { ...call.args } as Record<string, string | string[] | undefined>, flags: { ...call.flags } };
  await probe.bind(tool.command, input);
  const ref = await probe.repo(input.flags.repo ?? (tool.command.args ?? []).map((a) => (a.accepts === 'repo' ? input.args[a.name] : undefined)).find(Boolean));
  return `${ref.workspace}/${ref.repo}`;
}

function captured(window?: Window): { io: IOStreams; out: () => string; err: () => string; bytes: () => Buffer } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  const kept: Buffer[] = [];
  let seen = 0;
  let keptBytes = 0;
  out.on('data', (d: Buffer) => {
    if (!window) {
      stdout += d;
      return;
    }
    // only the window is held: a long diff or log passes through a page's worth of memory
    const from = Math.max(0, window.skip - seen);
    seen += d.length;
    if (from >= d.length || keptBytes >= window.keep) return;
    const part = d.subarray(from, from + window.keep - keptBytes);
    kept.push(Buffer.from(part));
    keptBytes += part.length;
  });
  err.on('data', (d) => {
    stderr += d;
  });
  const io: IOStreams = {
    out,
    err,
    in: Readable.from([]),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    color: false,
    canPrompt: false,
  };
  return { io, out: () => stdout, err: () => stderr, bytes: () => Buffer.concat(kept) };
}

/** Run a bb command line in this process, with captured streams; its JSON (or text) becomes the tool's result. */
async function invoke(ctx: Context, argv: string[], json: boolean, window?: Window): Promise<ToolResult> {
  if (!ctx.invoke) throw new BbError('INTERNAL', 'bb mcp runs only from the bb command line');
  const c = captured(window);
  const code = await ctx.invoke(argv, {
    env: { ...ctx.env, BB_NO_INPUT: '1' },
    io: c.io,
    cwd: ctx.cwd,
    configDir: ctx.configDir,
    config: ctx.config,
    credentials: ctx.credentials,
    git: ctx.git,
    fetch: ctx.fetch,
    prompter: ctx.prompter,
    jsonErrors: true,
  });
  await new Promise((r) => setImmediate(r));
  const stdout = c.out();
  const stderr = c.err();
  // A failure prints its error (JSON) on stderr. A command that exits non-zero with its output and no error (a failed
  // check: bb pr checks; conflicts: bb pr conflicts) answers with that output, its exit status noted.
  const error = code !== 0 ? (lastJson(stderr)?.error as Record<string, unknown> | undefined) : undefined;
  if (code !== 0 && (error || !stdout.trim()))
    return errorResult(error ?? { code: ERROR_CODES.INTERNAL.code, name: 'INTERNAL', message: stderr.trim() || `exit status ${code}` });
  if (window) return { content: [], bytes: c.bytes() };
  const notes = [
    ...(code !== 0 ? [{ type: 'text' as const, text: `exit status ${code}` }] : []),
    ...(stderr.trim() ? [{ type: 'text' as const, text: stderr.trim() }] : []),
  ];
  if (json) {
    try {
      const data = JSON.parse(stdout) as unknown;
      const structured = Array.isArray(data) || typeof data !== 'object' || data === null ? { items: data } : (data as Record<string, unknown>);
      return { content: [{ type: 'text', text: stdout.trim() }, ...notes], structuredContent: structured };
    } catch {
      // not JSON after all (a command printing a notice): hand over the text
    }
  }
  return { content: [{ type: 'text', text: stdout.trim() || '(no output)' }, ...notes] };
}

function lastJson(text: string): Record<string, unknown> | undefined {
  for (const line of text.trim().split('\n').reverse()) {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {}
  }
  return undefined;
}

/** A failed call: bb's error as the CLI prints it (text), and as JSON (structured: code, name, missingScopes, hint…). */
function errorResult(error: Record<string, unknown>): ToolResult {
  const name = String(error.name) as ErrorName;
  const lines = [`error ${error.code} ${name}: ${String(error.message).replace(/\s*\n\s*/g, ' ')}`];
  if (typeof error.hint === 'string') for (const h of error.hint.split('\n')) lines.push(`hint: ${h}`);
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }], structuredContent: { error } };
}

/** bb_scopes: `bb scopes … --json` (Data Center: `bb scopes --dc … --json`) in this process. */
async function scopesCall(ctx: Context, s: Server, args: Record<string, unknown>): Promise<ToolResult> {
  const commands = args.commands;
  const profile = args.profile;
  if (commands !== undefined && (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')))
    throw new BbError('INVALID_ARGUMENT', `${SCOPES_TOOL}: commands must be a list of command names`);
  if (profile !== undefined && (typeof profile !== 'string' || !findProfile(profile)))
    throw new BbError('INVALID_ARGUMENT', `${SCOPES_TOOL}: unknown profile ${String(profile)}`, {
      hints: [`profiles: ${PROFILES.map((p) => p.name).join(', ')}`],
    });
  const names = [...((commands as string[] | undefined) ?? [])];
  if (names.length === 0 && profile === undefined)
    throw new BbError('USAGE', `${SCOPES_TOOL} needs commands or a profile`, { hints: ['for example: {"commands": ["pr create", "pr merge"]}'] });
  const dcArgs: Record<HostKind, (names: string[], profile?: string) => string[]> = {
    cloud: (n, p) => (p !== undefined && n.length === 0 ? ['scopes', 'profile', p, '--json'] : ['scopes', '--json', '--', ...n, ...profileCommands(p)]),
    dc: (n, p) => ['scopes', '--dc', '--json', '--', ...n, ...profileCommands(p)],
  };
  return invoke(ctx, dcArgs[s.model.kind](names, profile as string | undefined), true);
}

function profileCommands(profile: string | undefined): string[] {
  return profile === undefined ? [] : [...(findProfile(profile)?.commands ?? [])];
}
