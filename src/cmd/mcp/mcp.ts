import { PassThrough, Readable } from 'node:stream';
import { type Context, createContext } from '../../context/context.js';
import { BbError, ERROR_CODES, type ErrorName } from '../../core/errors.js';
import type { HostKind } from '../../core/host.js';
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
}

export const SCOPES_TOOL = 'bb_scopes';

export default defineCommand({
  path: ['mcp'],
  summary: 'Serve bb to coding agents over MCP, with the least privilege you declare',
  description:
    "Starts a Model Context Protocol server on stdin/stdout, the transport agent hosts (Claude, VS Code, Cursor) launch. Its tools are generated from bb's commands (pr_list, pr_create, pipeline_logs, …): each takes the command's arguments and flags, answers with the command's JSON, and states the minimum scopes it needs (API-token scopes on Bitbucket Cloud, OAuth 2.0 scopes on Data Center). A bb_scopes tool answers what a plan needs before the agent asks you for a token.\n\nDeclare what the agent may do, and bb enforces it before any request: --profile NAME (a built-in workflow, see `bb scopes profile`) lists only that profile's commands; --scopes lists only the tools those scopes cover; --read-only only the tools that change nothing; --repo WORKSPACE/REPO (repeatable, globs like acme/*) only the tools that work on one repository, and refuses a call on any other repository, given or found from the current clone. A tool outside the declaration is not listed and is refused if called. Without a declaration every tool is listed, each with its scopes.\n\nEvery write tool takes dryRun: true and then returns the request it would send and its scopes, sending nothing. Destructive writes (delete, merge, decline) carry MCP's destructiveHint, and run without bb's confirmation question: the agent host asks you. A refused call returns bb's error code and text; a 403 names every missing scope and the token that would work. The credential comes from the environment (BB_TOKEN, BB_EMAIL) or your stored login, never from the arguments. --print-config prints the snippet for an agent host's configuration file.",
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
    const all = generateTools(await loadCommands(), model);
    const listed = all.filter((t) => refusal(t, policy, model) === undefined);
    const { serveStdio, serveHttp } = await import('./server.js');
    const served = {
      name: 'bb',
      version: ctx.version,
      instructions: instructions(policy, host.kind, listed.length),
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

/**
 * Resources: what an agent reads whole rather than asks for, each answered by the tool it names (and so under the same
 * declaration: a resource whose tool is not listed is not offered, and a URI outside --repo is refused).
 */
const RESOURCES = [
  {
    name: 'pr-diff',
    title: "A pull request's diff",
    uriTemplate: 'bb://pr/{workspace}/{repo}/{id}/diff',
    description: 'The diff of a pull request, as `bb pr diff` prints it (Data Center: {workspace} is the project key).',
    mimeType: 'text/x-diff',
    tool: 'pr_diff',
    args: (v: Record<string, string>) => ({ pr: v.id, repo: `${v.workspace}/${v.repo}`, color: 'never' }),
  },
  {
    name: 'pipeline-step-log',
    title: "A pipeline step's log",
    uriTemplate: 'bb://pipeline/{workspace}/{repo}/{id}/steps/{step}/log',
    description: 'The log of one pipeline step (its name or UUID), as `bb pipeline logs --step` prints it.',
    mimeType: 'text/plain',
    tool: 'pipeline_logs',
    args: (v: Record<string, string>) => ({ pipeline: v.id, step: v.step, repo: `${v.workspace}/${v.repo}` }),
  },
];

async function readResource(ctx: Context, s: Server, uri: string): Promise<{ mimeType: string; text: string }> {
  for (const r of RESOURCES) {
    const names: string[] = [];
    const pattern = r.uriTemplate.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    const m = new RegExp(`^${pattern}$`).exec(uri);
    if (!m) continue;
    const vars = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    const result = await callTool(ctx, s, r.tool, r.args(vars));
    const body = result.content.map((c) => c.text).join('\n');
    if (result.isError) throw new Error(body);
    return { mimeType: r.mimeType, text: result.content[0]?.text ?? '' };
  }
  throw new Error(`error ${ERROR_CODES.USAGE.code} USAGE: no resource at ${uri} (resources/templates/list names them)`);
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

function instructions(p: Policy, kind: HostKind, count: number): string {
  const declared = policyArgs(p);
  const hostName: Record<HostKind, string> = { cloud: 'Cloud', dc: 'Data Center' };
  return `bb: Bitbucket ${hostName[kind]} through ${count} tools generated from bb's commands. ${
    declared.length ? `Limited by: ${declared.join(' ')}.` : 'No limit declared: every tool is listed, each with its minimum scopes.'
  } Write tools take dryRun: true to see the request without sending it. Ask ${SCOPES_TOOL} what a plan needs.`;
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

async function callTool(ctx: Context, s: Server, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  try {
    if (name === SCOPES_TOOL) return await scopesCall(ctx, s, args);
    const tool = s.all.find((t) => t.name === name);
    if (!tool) throw new BbError('USAGE', `no tool named ${name}`, { hints: ['tools/list names the tools this server offers'] });
    const why = refusal(tool, s.policy, s.model);
    if (why) throw notAllowed(why, tool, s);
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
    return await invoke(ctx, argv, Boolean(tool.command.json) || dryRun);
  } catch (e) {
    if (e instanceof BbError) return errorResult(e.toJSON().error as Record<string, unknown>);
    throw e;
  }
}

function notAllowed(why: string, tool: Tool, s: Server, missing?: string[]): BbError {
  return new BbError('NOT_ALLOWED', `${tool.name}: ${why}`, {
    hints: ['the user decides what bb mcp may do: ask them to restart it with a wider --profile, --scopes or --repo if this call is needed'],
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

function captured(): { io: IOStreams; out: () => string; err: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
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
  return { io, out: () => stdout, err: () => stderr };
}

/** Run a bb command line in this process, with captured streams; its JSON (or text) becomes the tool's result. */
async function invoke(ctx: Context, argv: string[], json: boolean): Promise<ToolResult> {
  if (!ctx.invoke) throw new BbError('INTERNAL', 'bb mcp runs only from the bb command line');
  const c = captured();
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
