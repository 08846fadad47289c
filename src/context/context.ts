import { appendFileSync } from 'node:fs';
import type { Api } from '../api/client.js';
import { HttpTransport } from '../api/http.js';
import { networkFetch, networkSettings } from '../api/network.js';
import { nodeFetch } from '../api/node-fetch.js';
import type { Credential } from '../core/credentials.js';
import { KeychainStore, type SecretStore } from '../auth/secrets.js';
import { CredentialStore } from '../auth/store.js';
import { ConfigStore, configDir } from './config.js';
import { BbError } from '../core/errors.js';
import type { CommandInput, CommandMeta } from '../core/command.js';
import { type Git, listRemotes, type Remote, systemGit } from '../git/git.js';
import type { RepoRef } from '../git/remote.js';
import { debugLine, type IOStreams, systemIO } from '../output/iostreams.js';
import { redactText } from '../output/redact.js';
import { sanitize } from '../output/sanitize.js';
import { type Browser, type Prompter, systemBrowser, terminalPrompter } from './prompt.js';
import type { HostInfo } from '../core/host.js';
import { Resolver } from '../resolve/target.js';
import { VERSION } from '../core/version.js';

export const DEFAULT_API_URL = 'https://api.bitbucket.org/2.0';
/** Each bb process appends the operations it calls to this file (`bb scopes record`). */
export const TRACE_ENV = 'BB_SCOPES_TRACE';

/**
 * Everything a command touches outside itself — streams, env, config, credentials, HTTP, git, prompts,
 * browser, clock — reaches it through this object. Costly parts are built lazily, so `--help` never
 * reads config or opens a connection; tests replace any part with a fake.
 */
export interface Context {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  cwd: string;
  version: string;
  apiUrl: string;
  /** Key of the API host in the credentials file (`api.bitbucket.org`, `127.0.0.1:8123`). */
  apiHost: string;
  configDir: string;
  config: ConfigStore;
  credentials: CredentialStore;
  git: Git;
  prompter: Prompter;
  browser(): Promise<Browser>;
  fetch: typeof globalThis.fetch;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** The credential to use: BB_TOKEN/BB_EMAIL, else the stored login; AUTH_REQUIRED when none. */
  credential(): Promise<Credential>;
  /**
   * The credential for one given host (not necessarily `host()`): Cloud's, or a Data Center instance's, by the same
   * rules as `credential()`. `bb auth git-credential` uses it to answer git for the host git asks about.
   */
  credentialFor(host: HostInfo): Promise<Credential>;
  /**
   * The HTTP transport with the credential (or without, with `anonymous`). `baseUrl` overrides the host's base URL
   * (with an explicit `credential` only): Cloud checks while BB_HOST names a Data Center instance.
   */
  http(opts?: { anonymous?: boolean; credential?: Credential; baseUrl?: string }): Promise<HttpTransport>;
  /** The typed API client over `http()`. */
  api(): Promise<Api>;
  /**
   * Before the command runs (main.ts): URL arguments name their repository and host, and the repository the command
   * was given counts for the host. See src/resolve/target.ts for every rule.
   */
  bind(meta: Pick<CommandMeta, 'args' | 'repo'>, input: CommandInput): Promise<void>;
  /** The host the command talks to: URL argument, -R HOST/…, BB_HOST, BB_API_URL, the clone's remote, the lone login, Cloud. */
  host(): Promise<HostInfo>;
  /** What chose host(): `url`, `repo-flag`, `BB_HOST`, `BB_API_URL`, `BB_REPO`, `default`, `remote`, `login` or `cloud`. */
  hostSource(): Promise<string>;
  /**
   * Repository from a URL argument, `-R`, BB_REPO, the clone's default (`bb repo set-default`), its git remote, or
   * Pipelines variables, in that order (src/resolve/target.ts).
   */
  repo(flag?: unknown): Promise<RepoRef>;
  /** The repository the current clone's git remote points at, whatever -R, BB_REPO or a default say; undefined outside one. */
  cloneRepo(): Promise<RepoRef | undefined>;
  /** The clone's git remotes, read once per command (`git remote -v`); empty outside a clone. */
  remotes(): Promise<Remote[]>;
  /** Workspace from the argument, the default_workspace setting, or the repository context. */
  /** `how`: how this command takes a workspace, for the hint (default: as an argument). */
  workspace(arg?: unknown, how?: string): Promise<string>;
  /**
   * Run another bb command line in this process, with its own streams and environment (main.ts provides it):
   * `bb mcp` runs each tool call through it, exactly as the command line would.
   */
  invoke?: (argv: string[], overrides: ContextOverrides & { jsonErrors?: boolean }) => Promise<number>;
}

export interface ContextOverrides
  extends Partial<
    Omit<Context, 'credential' | 'credentialFor' | 'http' | 'api' | 'bind' | 'host' | 'hostSource' | 'repo' | 'cloneRepo' | 'remotes' | 'workspace'>
  > {
  /** Where secrets go instead of the OS keychain (tests: an in-memory fake). */
  secrets?: SecretStore;
  /** Extra retry/timeout settings for tests. */
  httpOptions?: { timeoutMs?: number; maxRetries?: number; sleep?: (ms: number) => Promise<void>; random?: () => number };
}

export function createContext(overrides: ContextOverrides = {}): Context {
  const env = overrides.env ?? process.env;
  const io = overrides.io ?? systemIO(env);
  const cwd = overrides.cwd ?? process.cwd();
  const apiUrl = (env.BB_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
  const apiHost = hostKey(apiUrl);
  const dir = overrides.configDir ?? configDir(env);
  const config = overrides.config ?? new ConfigStore(dir);
  const credentials =
    overrides.credentials ??
    new CredentialStore(dir, {
      secrets: () => overrides.secrets ?? new KeychainStore(env),
      notice: (line) => io.err.write(`${sanitize(line)}\n`),
    });
  const git = overrides.git ?? systemGit(env, cwd);
  // proxies and extra CAs (HTTPS_PROXY, NO_PROXY, BB_CA_FILE) need undici's dispatcher, loaded only then; otherwise
  // requests go over node:http (cheaper per command), or Node's fetch when BB_HTTP=fetch
  const network = overrides.fetch ? undefined : networkSettings(env);
  const fetchImpl = overrides.fetch ?? (network ? networkFetch(network) : env.BB_HTTP === 'fetch' ? globalThis.fetch : nodeFetch());
  const now = overrides.now ?? (() => new Date());
  const sleep = overrides.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  let credentialPromise: Promise<Credential> | undefined;
  let httpPromise: Promise<HttpTransport> | undefined;
  let apiPromise: Promise<Api> | undefined;
  let remotesPromise: Promise<Remote[]> | undefined;
  const remotes = () => {
    remotesPromise ??= listRemotes(git);
    return remotesPromise;
  };
  const resolver = new Resolver({ env, credentials, git, apiUrl, apiHost, remotes });
  // each kind of transport warning (a low rate-limit budget…) is said once per run, whichever transport sees it
  const warned = new Set<string>();

  const ctx: Context = {
    io,
    env,
    cwd,
    version: overrides.version ?? VERSION,
    apiUrl,
    apiHost,
    configDir: dir,
    config,
    credentials,
    git,
    prompter: overrides.prompter ?? terminalPrompter(io),
    browser: overrides.browser ? async () => overrides.browser as unknown as Browser : async () => systemBrowser(env, await config.get('browser')),
    fetch: fetchImpl,
    now,
    sleep,
    credential() {
      credentialPromise ??= ctx.host().then((host) => ctx.credentialFor(host));
      return credentialPromise;
    },
    async credentialFor(host) {
      const c = await resolver.credentialFor(host);
      if (!c.oauth) return c;
      const { isExpired } = await import('../auth/oauth.js');
      if (!isExpired(c.oauth.expiresAt, now())) return c;
      const { refreshStored } = await import('../auth/refresh.js');
      return refreshStored(ctx, c);
    },
    http(opts = {}) {
      const build = async (credential: Credential | undefined) =>
        new HttpTransport({
          baseUrl: (opts.credential || opts.anonymous) && opts.baseUrl ? opts.baseUrl : (await ctx.host()).baseUrl,
          credential,
          fetch: fetchImpl,
          userAgent: `bb/${ctx.version}`,
          sleep,
          timeoutMs: httpTimeoutMs(env),
          ...overrides.httpOptions,
          onOperation: traceOperations(env),
          debug: env.BB_DEBUG ? (line) => debugLine(io, line) : undefined,
          warn: (line, key) => {
            if (warned.has(key)) return;
            warned.add(key);
            io.err.write(`${line}\n`);
          },
          // Stored OAuth logins are refreshed on a 401 (expired before bb noticed); env tokens never are.
          refresh: credential?.oauth ? (failed) => import('../auth/refresh.js').then((m) => m.refreshStored(ctx, failed)) : undefined,
        });
      if (opts.anonymous || opts.credential) return build(opts.credential);
      httpPromise ??= ctx.credential().then(build);
      return httpPromise;
    },
    api() {
      apiPromise ??= Promise.all([ctx.http(), import('../api/client.js')]).then(([http, m]) => m.createApi(http));
      return apiPromise;
    },
    bind(meta, input) {
      return resolver.bind(meta, input);
    },
    host() {
      return resolver.host();
    },
    hostSource() {
      return resolver.hostSource();
    },
    repo: (flag) => resolver.repo(flag),
    cloneRepo: () => resolver.cloneRepo(),
    remotes,
    async workspace(arg, how = 'pass the workspace as an argument') {
      if (typeof arg === 'string' && arg !== '') return arg;
      const configured = await config.get('default_workspace');
      if (configured) return configured;
      try {
        return (await resolver.repo(undefined)).workspace;
      } catch {
        throw new BbError('NO_WORKSPACE', 'no workspace given', {
          hints: [`${how}, or set one: \`bb config set default_workspace WORKSPACE\``],
        });
      }
    },
  };
  return ctx;
}

/** `https://api.bitbucket.org/2.0` → `api.bitbucket.org`; keeps a port: `127.0.0.1:8123`. */
export function hostKey(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new BbError('CONFIG_INVALID', `BB_API_URL is not a URL: ${redactText(apiUrl)}`, { hints: [BB_API_URL_HINT] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BbError('CONFIG_INVALID', `BB_API_URL is not an http(s) URL: ${redactText(apiUrl)}`, { hints: [BB_API_URL_HINT] });
  }
  if (url.username || url.password) {
    // a password in the URL would travel in logs and errors; the credential goes through bb auth login or BB_TOKEN
    throw new BbError('CONFIG_INVALID', `BB_API_URL must not carry a user name or password: ${redactText(apiUrl)}`, {
      hints: ['remove the user:password@ part; sign in with `bb auth login`, or set BB_TOKEN (and BB_EMAIL)'],
    });
  }
  if (url.search || url.hash) {
    throw new BbError('CONFIG_INVALID', `BB_API_URL must not have a query or fragment: ${redactText(apiUrl)}`, { hints: [BB_API_URL_HINT] });
  }
  return url.host;
}

const BB_API_URL_HINT = 'set BB_API_URL to the API base, e.g. https://api.bitbucket.org/2.0, or unset it';

/** BB_HTTP_TIMEOUT: seconds (fractions allowed) per request; undefined (the default, 30 s) when unset. */
export function httpTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.BB_HTTP_TIMEOUT;
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new BbError('CONFIG_BAD_VALUE', `BB_HTTP_TIMEOUT="${raw}" is not a number of seconds`, { hints: ['for example: BB_HTTP_TIMEOUT=10'] });
  }
  return Math.round(seconds * 1000);
}

function traceOperations(env: NodeJS.ProcessEnv): ((op: string) => void) | undefined {
  const file = env[TRACE_ENV];
  if (!file) return undefined;
  return (op) => {
    try {
      appendFileSync(file, `${op}\n`);
    } catch {
      // a trace that cannot be written must not break the command itself
    }
  };
}
