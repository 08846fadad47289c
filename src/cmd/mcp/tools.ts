/**
 * `bb mcp`'s tools, generated from the command definitions: one tool per command an agent may use, its input schema
 * from the command's arguments and flags, its description from the help and the scope engine. No tool is written by
 * hand; test/mcp-tools.test.ts checks the list against the command tree (and docs/mcp-tools.json, generated).
 *
 * Nothing here loads the MCP SDK: the server (server.ts, its own bundle dist/mcp.cjs) only speaks the protocol.
 */
import { allFlags, type CommandMeta, camel, commandName, type FlagDef } from '../../core/command.js';
import { BbError } from '../../core/errors.js';
import type { HostKind } from '../../core/host.js';
import { hostKindsOf } from '../../provider/host-check.js';
import { baseScopes, scopesForInvocation } from '../../scopes/command-scopes.js';
import { expandDc } from '../../scopes/dc.js';
import { type DcNeeds, dcNeeds } from '../../scopes/dc-permissions.js';
import type { DcOperation } from '../../scopes/generated/dc-operations.js';
import { OPERATIONS } from '../../scopes/generated/operations.js';
import { commandAllowed, isGranular } from '../../scopes/granted.js';
import { expandLegacy } from '../../scopes/legacy.js';
import { findProfile, PROFILES } from '../../scopes/profiles.js';

/**
 * Commands that are no tool, and why. Each entry names a command, or a group (every command under it). The drift test
 * checks every name here still exists.
 */
export const EXCLUDED: ReadonlyArray<{ commands: string; reason: string }> = [
  { commands: 'mcp', reason: 'the server itself' },
  { commands: 'sandbox', reason: 'starts a local fake Bitbucket; not an operation on Bitbucket' },
  { commands: 'auth login', reason: 'interactive; stores a credential' },
  { commands: 'auth logout', reason: "removes the user's stored credential" },
  { commands: 'auth switch', reason: "changes the user's active login" },
  { commands: 'auth refresh', reason: "rewrites the user's stored OAuth login" },
  { commands: 'auth setup-git', reason: "edits the user's git configuration" },
  { commands: 'auth git-credential', reason: "git's credential helper protocol, not for agents" },
  { commands: 'auth token', reason: 'prints the secret token: tokens never reach an agent' },
  { commands: 'token', reason: 'mints, lists or revokes credentials: an agent never handles tokens' },
  { commands: 'alias', reason: "edits the user's bb aliases" },
  { commands: 'config', reason: "reads and edits the user's bb configuration" },
  { commands: 'completion', reason: 'prints a shell completion script' },
  { commands: 'help', reason: 'help topics for people (the tool descriptions carry what an agent needs)' },
  { commands: 'browse', reason: 'opens a web browser' },
  { commands: 'api', reason: 'raw API calls: their scopes depend on the path, so least privilege cannot be enforced' },
  { commands: 'scopes', reason: 'answered by the bb_scopes tool (scopes record runs a script)' },
  { commands: 'repo clone', reason: 'writes a clone to the local disk: the agent runs git itself' },
  { commands: 'pr checkout', reason: 'changes the local working tree: the agent runs git itself' },
  { commands: 'repo set-default', reason: "edits the local clone's git configuration" },
  { commands: 'pipeline watch', reason: 'blocks until the pipeline ends, redrawing a terminal: use pipeline_view' },
];

/**
 * Flags no tool takes: output and interaction are bb mcp's (JSON of every field, no prompt, no editor, no browser), and
 * a call answers once (no --follow or --watch that keeps it open).
 */
const HIDDEN_FLAGS = new Set(['json', 'jq', 'template', 'web', 'editor', 'yes', 'dry-run', 'repo', 'follow', 'watch', 'interval']);

/** Verbs whose writes delete, merge or decline: MCP `destructiveHint`. */
const DESTRUCTIVE_VERBS = new Set(['delete', 'remove', 'merge', 'decline', 'revoke', 'stop']);

export function isExcluded(def: Pick<CommandMeta, 'path'>): boolean {
  const name = commandName(def);
  return EXCLUDED.some((e) => name === e.commands || name.startsWith(`${e.commands} `));
}

export function toolName(def: Pick<CommandMeta, 'path'>): string {
  return def.path.join('_').replace(/-/g, '_');
}

export interface JsonSchema {
  type?: string;
  description?: string;
  enum?: readonly string[];
  items?: JsonSchema;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

/** One generated tool: what tools/list shows, and what a call needs to run the command. */
export interface Tool {
  name: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object'; properties: Record<string, JsonSchema> };
  annotations: { title: string; readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: boolean };
  /** The minimum scopes, in the host's vocabulary (Cloud: API-token scopes; Data Center: OAuth 2.0 scopes). */
  scopes: string[];
  command: CommandMeta;
  /** Property → how it reaches the command line. */
  params: Record<string, { kind: 'arg'; index: number; variadic: boolean } | { kind: 'flag'; flag: FlagDef }>;
}

function flagSchema(flag: FlagDef): JsonSchema {
  const s: JsonSchema = { description: flag.description };
  switch (flag.type ?? 'string') {
    case 'boolean':
      s.type = 'boolean';
      break;
    case 'number':
      s.type = 'number';
      break;
    case 'list':
    case 'multi':
      s.type = 'array';
      s.items = { type: 'string', ...(flag.choices ? { enum: flag.choices } : {}) };
      break;
    default:
      s.type = 'string';
      if (flag.choices) s.enum = flag.choices;
  }
  if (flag.default !== undefined) s.default = flag.default;
  return s;
}

/** The scopes a command needs at least, in the host's vocabulary. */
export interface ScopeModel {
  kind: HostKind;
  /** The minimum scopes of the command as usually run. */
  minimum(def: CommandMeta): string[];
  /** Scopes this call needs that `granted` does not cover (empty: allowed). */
  missing(def: CommandMeta, granted: readonly string[], input: { args: Record<string, unknown>; flags: Record<string, unknown> }): string[];
  /** The scope names this host knows, to check `--scopes`. */
  known(): Set<string>;
  /** Which scope names `--scopes` takes, for a hint. */
  scopesHint: string;
  /** Does a granted set cover a needed scope (Data Center's tiers include the ones below)? */
  covers(need: string, granted: readonly string[]): boolean;
  /** One line for the description. */
  describe(def: CommandMeta): string;
  /**
   * The scopes the command needs that a credential's reported grant lacks, in the grant's vocabulary (Cloud: granular
   * names, or the legacy ones of access tokens and OAuth logins); empty when the grant covers it.
   */
  lacking(def: CommandMeta, granted: readonly string[]): string[];
}

const cloudModel: ScopeModel = {
  kind: 'cloud',
  minimum: (def) => baseScopes(def).granular,
  missing: (def, granted, input) => scopesForInvocation(def, input.flags, input.args).granular.filter((s) => !granted.includes(s)),
  known: () => new Set(Object.values(OPERATIONS).flatMap((o) => o.granular.flat())),
  covers: (need, granted) => granted.includes(need),
  scopesHint: 'name API-token scopes, e.g. read:pullrequest:bitbucket (see `bb scopes --all`)',
  lacking(def, granted) {
    if (commandAllowed(def, granted)) return [];
    const base = baseScopes(def);
    if (isGranular(granted)) {
      const missing = base.granular.filter((s) => !granted.includes(s));
      return missing.length ? missing : base.granular;
    }
    const have = expandLegacy(granted);
    const missing = base.legacy.filter((s) => !have.has(s));
    return missing.length ? missing : base.legacy;
  },
  describe(def) {
    const more = (def.conditional ?? []).length > 0 ? ' (some arguments or flags need more: ask bb_scopes)' : '';
    return `Minimum scopes (API token): ${baseScopes(def).granular.join(', ') || 'none'}${more}.`;
  },
};

function oauth(n: DcNeeds): string[] {
  return [...(n.scope ? [n.scope] : []), ...(n.accountWrite ? ['ACCOUNT_WRITE'] : [])];
}

function dcModel(table: Record<string, DcOperation>): ScopeModel {
  const needs = (def: CommandMeta) => dcNeeds(def.dcOperations ?? [], table);
  const covered = (need: string, granted: readonly string[]) => granted.some((g) => expandDc(g).includes(need));
  return {
    kind: 'dc',
    minimum: (def) => oauth(needs(def)),
    missing: (def, granted) => oauth(needs(def)).filter((s) => !covered(s, granted)),
    lacking: (def, granted) => oauth(needs(def)).filter((s) => !covered(s, granted)),
    covers: covered,
    scopesHint: 'Data Center scopes: PUBLIC_REPOS, REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_ADMIN, ADMIN_WRITE, SYSTEM_ADMIN, ACCOUNT_WRITE',
    known: () => new Set(['PUBLIC_REPOS', 'ACCOUNT_WRITE', 'REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_ADMIN', 'ADMIN_WRITE', 'SYSTEM_ADMIN']),
    describe(def) {
      const n = needs(def);
      const token = n.tokenRefused.length
        ? 'no HTTP access token can (use a personal one)'
        : [n.projectPermission && `project ${n.projectPermission}`, n.repoPermission && `repository ${n.repoPermission}`].filter(Boolean).join(', ') || 'none';
      return `Minimum scopes (Data Center OAuth 2.0): ${oauth(n).join(', ') || 'none'}; HTTP access token permission: ${token}.`;
    },
  };
}

/** The scope model of a host kind: Cloud's API-token scopes, or Data Center's OAuth 2.0 scopes (its table loaded only then). */
export async function scopeModel(kind: HostKind): Promise<ScopeModel> {
  const models: Record<HostKind, () => Promise<ScopeModel>> = {
    cloud: async () => cloudModel,
    dc: async () => dcModel((await import('../../scopes/generated/dc-operations.js')).DC_OPERATIONS),
  };
  return models[kind]();
}

/** Every tool for this host kind, before any policy: sorted by name. */
export function generateTools(commands: readonly CommandMeta[], model: ScopeModel): Tool[] {
  const tools: Tool[] = [];
  for (const def of commands) {
    if (isExcluded(def) || !hostKindsOf(def).includes(model.kind)) continue;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const params: Tool['params'] = {};
    const add = (key: string, schema: JsonSchema, param: Tool['params'][string]) => {
      if (properties[key]) throw new Error(`MCP tools: the command ${commandName(def)} has two inputs named ${key}`);
      properties[key] = schema;
      params[key] = param;
    };
    (def.args ?? []).forEach((a, index) => {
      const base: JsonSchema = { type: 'string', description: a.description, ...(a.choices ? { enum: a.choices } : {}) };
      add(
        camel(a.name),
        a.variadic ? { type: 'array', description: a.description, items: { type: 'string', ...(a.choices ? { enum: a.choices } : {}) } } : base,
        {
          kind: 'arg',
          index,
          variadic: Boolean(a.variadic),
        },
      );
      if (a.required) required.push(camel(a.name));
    });
    if (def.repo) properties.repo = { type: 'string', description: 'the repository, WORKSPACE/REPO (Data Center: PROJECT/REPO)' };
    for (const flag of allFlags(def)) {
      if (flag.hidden || HIDDEN_FLAGS.has(flag.name)) continue;
      add(camel(flag.name), flagSchema(flag), { kind: 'flag', flag });
    }
    if (def.write) properties.dryRun = { type: 'boolean', description: 'return the request it would send and the scopes it needs; send nothing' };
    const verb = def.path[def.path.length - 1] as string;
    const write = Boolean(def.write);
    const destructive = write && (DESTRUCTIVE_VERBS.has(verb) || allFlags(def).some((f) => f.name === 'yes'));
    const description = [def.summary, def.description, model.describe(def)].filter(Boolean).join('\n\n');
    tools.push({
      name: toolName(def),
      description,
      inputSchema: { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false },
      annotations: { title: `bb ${commandName(def)}`, readOnlyHint: !write, ...(write ? { destructiveHint: destructive } : {}), openWorldHint: true },
      scopes: model.minimum(def),
      command: def,
      params,
    });
  }
  return tools.sort((a, b) => a.name.localeCompare(b.name));
}

/** What the agent may do: `--profile`, `--scopes`, `--read-only`, `--repo`. */
export interface Policy {
  profile?: string;
  scopes?: string[];
  readOnly: boolean;
  repos: string[];
  /**
   * Without --profile and --scopes: the scopes the credential holds, where Bitbucket reports them (X-OAuth-Scopes of
   * access tokens and OAuth logins); a tool they do not cover is not listed. Undefined: unknown, every tool listed.
   */
  granted?: string[];
}

/** Does this command work on one repository (so `--repo` can be enforced for it)? */
export function repoBound(def: CommandMeta): boolean {
  return Boolean(def.repo) || (def.args ?? []).some((a) => a.accepts === 'repo');
}

/** Check the declaration against what bb knows: a profile that exists, scope names of this host. */
export function checkPolicy(policy: Policy, model: ScopeModel): void {
  if (policy.profile !== undefined && !findProfile(policy.profile)) {
    throw new BbError('INVALID_ARGUMENT', `unknown profile "${policy.profile}"`, { hints: [`profiles: ${PROFILES.map((p) => p.name).join(', ')}`] });
  }
  if (policy.scopes) {
    const known = model.known();
    const unknown = policy.scopes.filter((s) => !known.has(s));
    if (unknown.length) {
      throw new BbError('INVALID_ARGUMENT', `unknown scope${unknown.length > 1 ? 's' : ''} for this host: ${unknown.join(', ')}`, {
        hints: [model.scopesHint],
      });
    }
  }
  for (const r of policy.repos) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(r)) throw new BbError('INVALID_REPO', `--repo ${r}: name a repository as WORKSPACE/REPO (globs allowed: acme/*)`);
  }
}

/** Why a tool is not allowed under the policy, or undefined when it is. */
export function refusal(tool: Tool, policy: Policy, model: ScopeModel): string | undefined {
  const name = commandName(tool.command);
  if (policy.readOnly && !tool.annotations.readOnlyHint) return `bb mcp runs with --read-only and \`bb ${name}\` is a write`;
  if (policy.profile !== undefined && !findProfile(policy.profile)?.commands.includes(name)) return `the profile ${policy.profile} has no \`bb ${name}\``;
  if (policy.scopes) {
    const missing = tool.scopes.filter((s) => !model.covers(s, policy.scopes ?? []));
    if (missing.length) return `\`bb ${name}\` needs ${missing.join(', ')}, outside the scopes bb mcp was given (--scopes)`;
  }
  if (policy.granted && !policy.scopes) {
    const missing = model.lacking(tool.command, policy.granted);
    if (missing.length)
      return `\`bb ${name}\` needs ${missing.join(', ')}, which the credential does not hold (Bitbucket reports: ${policy.granted.join(', ') || 'no scopes'})`;
  }
  if (policy.repos.length > 0 && !repoBound(tool.command))
    return `bb mcp is limited to repositories (--repo) and \`bb ${name}\` does not work on one repository`;
  return undefined;
}

/** The tools the policy allows. */
export function allowedTools(tools: readonly Tool[], policy: Policy, model: ScopeModel): Tool[] {
  return tools.filter((t) => refusal(t, policy, model) === undefined);
}

/** `acme/*` → does WORKSPACE/REPO match (case-insensitive; `*` any run of characters but `/`, `?` one)? */
export function repoMatches(pattern: string, repo: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`, 'i').test(repo);
}

/**
 * A call's arguments as a command line (`pr list --state OPEN -R acme/web --json id,title`), checked against the
 * schema's types: the command then parses it exactly as from a shell. Strings stay single argv words (no shell).
 */
export function toArgv(
  tool: Tool,
  input: Record<string, unknown>,
  opts: { dryRun: boolean },
): { argv: string[]; args: Record<string, unknown>; flags: Record<string, unknown> } {
  const def = tool.command;
  const positional: string[][] = [];
  const flagWords: string[] = [];
  const args: Record<string, unknown> = {};
  const flags: Record<string, unknown> = {};
  const bad = (key: string, what: string) => new BbError('INVALID_ARGUMENT', `${tool.name}: ${key} must be ${what}`);
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (key === 'dryRun' || key === 'repo') continue;
    const param = tool.params[key];
    if (!param)
      throw new BbError('INVALID_ARGUMENT', `${tool.name} has no input "${key}"`, {
        hints: [`inputs: ${Object.keys(tool.inputSchema.properties).join(', ')}`],
      });
    if (param.kind === 'arg') {
      const items = param.variadic ? value : [value];
      if (!Array.isArray(items) || !items.every((v) => typeof v === 'string' || typeof v === 'number'))
        throw bad(key, param.variadic ? 'a list of strings' : 'a string');
      positional[param.index] = items.map(String);
      args[(def.args ?? [])[param.index]?.name as string] = param.variadic ? items.map(String) : String(value);
      continue;
    }
    const flag = param.flag;
    const word = `--${flag.name}`;
    switch (flag.type ?? 'string') {
      case 'boolean':
        if (typeof value !== 'boolean') throw bad(key, 'true or false');
        if (value) flagWords.push(word);
        if (value) flags[key] = true;
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(key, 'a number');
        flagWords.push(`${word}=${value}`);
        flags[key] = value;
        break;
      case 'list':
      case 'multi':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(key, 'a list of strings');
        for (const v of value) flagWords.push(`${word}=${v}`);
        flags[key] = value;
        break;
      default:
        if (typeof value !== 'string') throw bad(key, 'a string');
        flagWords.push(`${word}=${value}`);
        flags[key] = value;
    }
  }
  for (const key of tool.inputSchema.required ?? []) {
    if (input[key] === undefined || input[key] === null) throw new BbError('USAGE', `${tool.name} needs ${key}`);
  }
  if (input.repo !== undefined) {
    if (typeof input.repo !== 'string') throw bad('repo', 'a string, WORKSPACE/REPO');
    flags.repo = input.repo;
    flagWords.push(`--repo=${input.repo}`);
  }
  if (input.dryRun !== undefined && typeof input.dryRun !== 'boolean') throw bad('dryRun', 'true or false');
  if (opts.dryRun) {
    flags.dryRun = true;
    flagWords.push('--dry-run');
  }
  if (allFlags(def).some((f) => f.name === 'yes')) flagWords.push('--yes');
  if (def.json) flagWords.push(`--json=${def.json.join(',')}`);
  // an argument after one left out cannot be placed (commander fills them in order)
  for (let i = 0; i < positional.length; i++) {
    if (positional[i] === undefined)
      throw new BbError('USAGE', `${tool.name}: give ${camel((def.args ?? [])[i]?.name ?? '')} too, before the arguments after it`);
  }
  // after `--`, every positional word is an argument, even one starting with a dash
  const words = positional.flat();
  return { argv: [...def.path, ...flagWords, ...(words.length ? ['--', ...words] : [])], args, flags };
}
