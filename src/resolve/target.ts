/**
 * THE resolver: which host, which repository and which credential a command uses. Every command learns them
 * here (through ctx.host(), ctx.repo(), ctx.credential()); nothing else reads BB_HOST, BB_REPO, BB_TOKEN or the
 * git remotes to decide them. main.ts binds the command's input first (bind()), so URL arguments count before
 * anything is sent and the answer never depends on which of host() and repo() a command asks first.
 *
 * Repository, first that gives one:
 *   1. a URL argument (`bb pr view https://bitbucket.org/acme/api/pull-requests/1`); `-R` naming another → error
 *   2. `-R WORKSPACE/REPO` (or `HOST/PROJECT/REPO`), or the command's own repository argument
 *   3. BB_REPO
 *   4. the clone's default (`bb repo set-default`, git config bb.repo)
 *   5. the clone's git remotes on the chosen host: origin, then upstream, then the others (a fork's origin is the fork)
 *   6. Bitbucket Pipelines variables (BITBUCKET_WORKSPACE + BITBUCKET_REPO_SLUG)
 *
 * Host, first that gives one:
 *   1. a URL argument's host
 *   2. the host in `-R HOST/PROJECT/REPO` (or the repository argument)
 *   3. BB_HOST
 *   4. BB_API_URL (Bitbucket Cloud, or the sandbox, at that API URL)
 *   5. the host BB_REPO or the clone's default name (`HOST/PROJECT/REPO`)
 *   6. the host of the clone's Bitbucket remote (Cloud, or a Data Center instance bb has a login for)
 *   7. the only stored login, when it is a Data Center one
 *   8. Bitbucket Cloud
 *
 * Credential, for the chosen host:
 *   1. BB_TOKEN (with BB_EMAIL or BB_USERNAME: Basic; alone: Bearer) — always, when it belongs to that host: BB_HOST
 *      names the host, or BB_HOST is unset and the host is Cloud or one the user named (-R, BB_REPO, the default,
 *      a remote, a stored login). A host named only by a pasted URL never receives BB_TOKEN (set BB_HOST to send it).
 *   2. the active stored login for that host (`bb auth login`, `bb auth switch`)
 *   otherwise AUTH_REQUIRED.
 */
import { type Credential, credentialFromEnv } from '../core/credentials.js';
import type { CredentialStore } from '../auth/store.js';
import type { ArgDef, CommandInput, CommandMeta } from '../core/command.js';
import { BbError } from '../core/errors.js';
import { DEFAULT_REPO_KEY, defaultRepoSetting, type Git, type Remote } from '../git/git.js';
import { parseDcRemoteUrl, parseHostRepoRef, parseRemoteUrl, parseRepoRef, type RepoRef } from '../git/remote.js';
import { dcHostsIn, hostFromName, hostFromSetting, hostKeyOf, isCloudHostname, normalizeBaseUrl } from './host.js';
import type { HostInfo } from '../core/host.js';
import { looksLikeUrl, parseWebUrl, urlFormsOf, type WebRef } from './web-url.js';

export interface ResolverDeps {
  env: NodeJS.ProcessEnv;
  credentials: CredentialStore;
  git: Git;
  /** The Cloud API base URL (BB_API_URL or api.bitbucket.org) and its hosts.json key. */
  apiUrl: string;
  apiHost: string;
  remotes(): Promise<Remote[]>;
}

/** Where the chosen host came from: it decides whether BB_TOKEN may go there. */
type HostSource = 'url' | 'repo-flag' | 'BB_HOST' | 'BB_API_URL' | 'BB_REPO' | 'default' | 'remote' | 'login' | 'cloud';

interface Chosen {
  host: HostInfo;
  source: HostSource;
}

/** A repository as the command wrote it, or the one a URL argument named. */
interface Bound {
  url?: WebRef;
  /** `-R` (or the command's repository argument), as given. */
  repoText?: string;
}

export class Resolver {
  private bound: Bound = {};
  private chosen?: Promise<Chosen>;
  private local?: Promise<{ pinned: string | undefined; remotes: Remote[] }>;
  private dcHosts?: Promise<HostInfo[]>;
  readonly cloud: HostInfo;

  constructor(private readonly deps: ResolverDeps) {
    this.cloud = { kind: 'cloud', key: deps.apiHost, baseUrl: deps.apiUrl };
  }

  /**
   * Before the command runs: URL arguments (`accepts` in the argument's definition) are parsed, checked against
   * `-R`, and replaced by what the command reads (a number, hash, branch name or WORKSPACE/REPO); the repository
   * text the command was given is remembered for the host.
   */
  async bind(meta: Pick<CommandMeta, 'args' | 'repo'>, input: CommandInput): Promise<void> {
    const flag = typeof input.flags.repo === 'string' && input.flags.repo !== '' ? input.flags.repo : undefined;
    let repoArg: string | undefined;
    for (const def of meta.args ?? []) {
      if (!def.accepts) continue;
      const value = input.args[def.name];
      if (typeof value !== 'string' || value === '') continue;
      if (!looksLikeUrl(value)) {
        if (def.accepts === 'repo') repoArg = value;
        continue;
      }
      const ref = await this.parseUrlArgument(def, value);
      if (flag !== undefined) checkAgainstFlag(ref, flag, value);
      if (this.bound.url && !sameRepo(this.bound.url.repo, ref.repo)) {
        throw new BbError('INVALID_ARGUMENT', `the URLs name two repositories: ${fullName(this.bound.url.repo)} and ${fullName(ref.repo)}`, {
          hints: ['give URLs of one repository'],
        });
      }
      this.bound.url = ref;
      input.args[def.name] = def.accepts === 'repo' ? repoText(ref) : (ref.id as string);
    }
    this.bound.repoText = repoArg ?? flag;
  }

  private async parseUrlArgument(def: ArgDef, value: string): Promise<WebRef> {
    const kind = def.accepts as NonNullable<ArgDef['accepts']>;
    const ref = parseWebUrl(value, this.cloudWebOrigins()) ?? (kind === 'repo' ? await this.cloneUrl(value) : undefined);
    if (!ref) {
      throw new BbError('INVALID_ARGUMENT', `"${value}" is not a Bitbucket URL bb recognises`, {
        hints: [`expected ${urlFormsOf(kind)}`],
      });
    }
    if (ref.kind !== kind && kind !== 'repo') {
      throw new BbError('INVALID_ARGUMENT', `"${value}" is a ${KIND_NAMES[ref.kind]} URL, not a ${KIND_NAMES[kind]} URL`, {
        hints: [`expected ${urlFormsOf(kind)}`],
      });
    }
    return ref;
  }

  /**
   * A clone URL as a repository: Cloud (`https://user@bitbucket.org/ws/repo.git`, `ssh://git@bitbucket.org/ws/repo.git`)
   * or a Data Center instance bb knows (`ssh://git@host:7999/proj/repo.git`).
   */
  private async cloneUrl(value: string): Promise<WebRef | undefined> {
    const ref = parseRemoteUrl(value, [this.deps.apiHost, ...this.cloudWebOrigins().map((o) => new URL(o).host)]);
    if (ref) return { platform: 'cloud', baseUrl: this.cloud.baseUrl, hostKey: this.cloud.key, repo: ref, kind: 'repo' };
    const hosts = await this.knownDcHosts();
    const dc = parseDcRemoteUrl(
      value,
      hosts.map((h) => h.key),
    );
    const host = dc?.host ? hosts.find((h) => h.key === dc.host) : undefined;
    if (!dc || !host) return undefined;
    return { platform: 'dc', baseUrl: host.baseUrl, hostKey: host.key, repo: dc, kind: 'repo' };
  }

  /** Web origins that show Cloud's page forms besides bitbucket.org: the sandbox's (BB_API_URL's origin). */
  private cloudWebOrigins(): string[] {
    const api = new URL(this.deps.apiUrl);
    return isCloudHostname(api.hostname) ? [] : [api.origin];
  }

  /** The host the command talks to (see the header for the order). */
  host(): Promise<HostInfo> {
    return this.choose().then((c) => c.host);
  }

  private choose(): Promise<Chosen> {
    this.chosen ??= this.chooseHost();
    return this.chosen;
  }

  private async chooseHost(): Promise<Chosen> {
    const { env, credentials } = this.deps;
    const bbHost = env.BB_HOST ? await hostFromSetting(env.BB_HOST, credentials, this.cloud) : undefined;
    const url = this.bound.url;
    if (url) return { host: await this.hostOfUrl(url, bbHost), source: 'url' };
    const named = this.bound.repoText ? parseHostRepoRef(this.bound.repoText) : undefined;
    if (named?.host) return { host: await hostFromName(named.host, credentials, this.cloud, bbHost), source: 'repo-flag' };
    if (bbHost) return { host: bbHost, source: 'BB_HOST' };
    if (env.BB_API_URL) return { host: this.cloud, source: 'BB_API_URL' };
    // the repository's own text (BB_REPO, the clone's default) may name a Data Center host…
    let remotes: Remote[] | undefined;
    if (this.bound.repoText === undefined) {
      const fromEnv = env.BB_REPO ? parseHostRepoRef(env.BB_REPO) : undefined;
      if (fromEnv?.host) return { host: await hostFromName(fromEnv.host, credentials, this.cloud), source: 'BB_REPO' };
      if (!env.BB_REPO) {
        const local = await this.localRepo();
        remotes = local.remotes;
        const fromDefault = local.pinned ? parseHostRepoRef(local.pinned) : undefined;
        if (fromDefault?.host) return { host: await hostFromName(fromDefault.host, credentials, this.cloud), source: 'default' };
      }
    }
    // …else the clone's remote tells which Bitbucket this clone belongs to (also for -R WORKSPACE/REPO)
    const remote = await this.remoteHost(remotes ?? (await this.localRepo()).remotes);
    if (remote) return { host: remote, source: 'remote' };
    const login = await defaultLogin(credentials, this.cloud, env);
    return { host: login, source: login === this.cloud ? 'cloud' : 'login' };
  }

  /** A URL argument's host: Cloud, a Data Center instance bb knows (its stored base URL), BB_HOST's, or a new one. */
  private async hostOfUrl(url: WebRef, bbHost: HostInfo | undefined): Promise<HostInfo> {
    if (url.platform === 'cloud') return this.cloud;
    if (bbHost?.kind === 'dc' && bbHost.key === url.hostKey) return bbHost;
    const known = dcHostsIn(await this.deps.credentials.read().catch(() => ({ hosts: {} }))).find((h) => h.key === url.hostKey);
    return known ?? { kind: 'dc', key: url.hostKey, baseUrl: url.baseUrl };
  }

  /** The host of the first Bitbucket remote (origin, upstream, others): Cloud, or a Data Center instance bb knows. */
  private async remoteHost(remotes: Remote[]): Promise<HostInfo | undefined> {
    const ref = await this.repoOfRemotes(remotes);
    if (!ref) return undefined;
    return ref.host ? (await this.knownDcHosts()).find((h) => h.key === ref.host) : this.cloud;
  }

  private cloudGitHosts(): string[] {
    return [new URL(this.deps.apiUrl).host];
  }

  /** Data Center hosts bb has a login for, and BB_HOST's: hosts.json read once per command. */
  private knownDcHosts(): Promise<HostInfo[]> {
    this.dcHosts ??= (async () => {
      const hosts = dcHostsIn(await this.deps.credentials.read().catch(() => ({ hosts: {} })));
      if (this.deps.env.BB_HOST) {
        const h = await hostFromSetting(this.deps.env.BB_HOST, this.deps.credentials, this.cloud).catch(() => undefined);
        if (h?.kind === 'dc' && !hosts.some((k) => k.key === h.key)) hosts.push(h);
      }
      return hosts;
    })();
    return this.dcHosts;
  }

  private localRepo(): Promise<{ pinned: string | undefined; remotes: Remote[] }> {
    // the clone's default and its remotes: two git processes, at the same time, once per command
    this.local ??= Promise.all([defaultRepoSetting(this.deps.git), this.deps.remotes()]).then(([pinned, remotes]) => ({ pinned, remotes }));
    return this.local;
  }

  /**
   * The repository (see the header for the order). `flag` is what the command names (its `-R` value or repository
   * argument); a reference that names another host than the chosen one is refused.
   */
  async repo(flag?: unknown): Promise<RepoRef> {
    const url = this.bound.url;
    const given = typeof flag === 'string' && flag !== '' ? flag : undefined;
    // a repository named before the host was first asked for decides it (a command's own repository argument)
    if (given !== undefined && this.chosen === undefined && !url) this.bound.repoText = given;
    if (url) {
      if (given !== undefined && given !== repoText(url)) checkAgainstFlag(url, given, given);
      return url.repo;
    }
    const tried: string[] = [];
    if (given !== undefined) {
      const ref = parseRepoRef(given) ?? parseHostRepoRef(given);
      if (!ref) {
        throw new BbError('INVALID_REPO', `"${given}" is not a repository: expected WORKSPACE/REPO`, { hints: ['for example: -R myteam/website'] });
      }
      return this.onChosenHost(ref, given);
    }
    tried.push('-R/--repo');
    const { env } = this.deps;
    if (env.BB_REPO) {
      const ref = parseRepoRef(env.BB_REPO) ?? parseHostRepoRef(env.BB_REPO);
      if (!ref) throw new BbError('INVALID_REPO', `BB_REPO="${env.BB_REPO}" is not a repository: expected WORKSPACE/REPO`);
      return this.onChosenHost(ref, `BB_REPO=${env.BB_REPO}`);
    }
    tried.push('BB_REPO');
    const { pinned, remotes } = await this.localRepo();
    if (pinned) {
      const ref = parseRepoRef(pinned) ?? parseHostRepoRef(pinned);
      if (!ref) {
        throw new BbError('INVALID_REPO', `git config ${DEFAULT_REPO_KEY} is "${pinned}", which is not a repository`, {
          hints: ['set another with `bb repo set-default WORKSPACE/REPO`, or remove it with `bb repo set-default --unset`'],
        });
      }
      return this.onChosenHost(ref, `the default ${pinned}`);
    }
    tried.push('the default set with `bb repo set-default`');
    const host = await this.host();
    const fromRemote = await this.repoOfRemotes(remotes, host);
    if (fromRemote) return fromRemote;
    if (remotes.length) {
      const elsewhere = (await this.repoOfRemotes(remotes)) !== undefined;
      tried.push(
        elsewhere
          ? `git remotes (${remotes.map((r) => r.name).join(', ')}: on another host than ${host.key})`
          : `git remotes (${remotes.map((r) => r.name).join(', ')}: none is a Bitbucket repository)`,
      );
    } else tried.push('git remotes (none here)');
    const ws = env.BITBUCKET_WORKSPACE;
    const slug = env.BITBUCKET_REPO_SLUG;
    if (ws && slug) return { workspace: ws, repo: slug };
    const full = env.BITBUCKET_REPO_FULL_NAME && parseRepoRef(env.BITBUCKET_REPO_FULL_NAME);
    if (full) return full;
    tried.push('Bitbucket Pipelines variables (BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG)');
    throw new BbError('NO_REPO_CONTEXT', 'no repository: none given and none found', {
      hints: [`tried: ${tried.join('; ')}`, 'pass -R WORKSPACE/REPO, set BB_REPO, or run inside a clone of a Bitbucket repository'],
    });
  }

  /** A reference that names a host must name the chosen one: bb never acts on one host with another's request. */
  private async onChosenHost(ref: RepoRef, what: string): Promise<RepoRef> {
    if (!ref.host) return ref;
    const host = await this.host();
    if (host.key.toLowerCase() === ref.host.toLowerCase()) return ref;
    throw new BbError('INVALID_ARGUMENT', `${what} is on ${ref.host}, but this command talks to ${host.key}`, {
      hints: ['give the repository once, with -R HOST/PROJECT/REPO, or unset BB_HOST'],
    });
  }

  /** The repository of the clone's remotes on `host` (any host bb knows when undefined): origin, upstream, the rest. */
  async repoOfRemotes(remotes: Remote[], host?: HostInfo): Promise<RepoRef | undefined> {
    if (remotes.length === 0) return undefined;
    const cloud = !host || host.kind === 'cloud';
    const dcKeys = !host ? (await this.knownDcHosts()).map((h) => h.key) : host.kind === 'dc' ? [host.key] : [];
    for (const remote of orderRemotes(remotes)) {
      const ref = (cloud ? parseRemoteUrl(remote.url, this.cloudGitHosts()) : undefined) ?? parseDcRemoteUrl(remote.url, dcKeys);
      if (ref) return ref;
    }
    return undefined;
  }

  /** The repository the current clone's git remote points at, whatever -R, BB_REPO or a default say. */
  async cloneRepo(): Promise<RepoRef | undefined> {
    return this.repoOfRemotes(await this.deps.remotes());
  }

  /** The credential for `target` (see the header): BB_TOKEN when it belongs there, else the stored login. */
  async credentialFor(target: HostInfo): Promise<Credential> {
    const { env, credentials } = this.deps;
    const fromEnv = credentialFromEnv(env);
    if (fromEnv && (await this.envTokenBelongsTo(target))) return fromEnv;
    const stored = await credentials.active(target.key);
    if (stored) return stored.credential;
    const hints =
      target.kind === 'dc'
        ? [`run \`bb auth login --hostname ${target.key}\`, or set BB_HOST=${target.baseUrl} and BB_TOKEN (with BB_USERNAME for Basic)`]
        : ['run `bb auth login`, or set BB_TOKEN (with BB_EMAIL for an Atlassian API token)'];
    if (fromEnv) hints.unshift(`BB_TOKEN is not sent to ${target.key}: ${envTokenReason(env, target)}`);
    throw new BbError('AUTH_REQUIRED', `not logged in to ${target.key}`, { hints });
  }

  /** Does BB_TOKEN belong to `target`? */
  private async envTokenBelongsTo(target: HostInfo): Promise<boolean> {
    const { env } = this.deps;
    if (env.BB_HOST) {
      const named = bbHostKey(env.BB_HOST);
      if (named === undefined) return false;
      return named === target.key.toLowerCase() || (target.kind === 'cloud' && (isCloudHostname(named) || named === this.cloud.key.toLowerCase()));
    }
    if (target.kind === 'cloud') return true;
    // a Data Center host the user named (-R, BB_REPO, the default, a remote of this clone) or logged in to
    const chosen = await this.choose();
    if (chosen.host.key === target.key && chosen.source !== 'url') return true;
    return (await this.knownDcHosts()).some((h) => h.key === target.key);
  }

  /** How the chosen host was picked, for `bb auth status`. */
  async hostSource(): Promise<HostSource> {
    return (await this.choose()).source;
  }
}

const KIND_NAMES = { repo: 'repository', pr: 'pull request', commit: 'commit', pipeline: 'pipeline', branch: 'branch' } as const;

function orderRemotes(remotes: readonly Remote[]): Remote[] {
  const rank = (name: string) => (name === 'origin' ? 0 : name === 'upstream' ? 1 : 2);
  return [...remotes].sort((a, b) => rank(a.name) - rank(b.name));
}

function fullName(ref: RepoRef): string {
  return `${ref.host ? `${ref.host}/` : ''}${ref.workspace}/${ref.repo}`;
}

/** What a repository argument given as a URL becomes: WORKSPACE/REPO, or HOST/PROJECT/REPO on Data Center. */
function repoText(ref: WebRef): string {
  return ref.platform === 'dc' ? `${ref.hostKey}/${ref.repo.workspace}/${ref.repo.repo}` : `${ref.repo.workspace}/${ref.repo.repo}`;
}

function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return (
    a.workspace.toLowerCase() === b.workspace.toLowerCase() &&
    a.repo.toLowerCase() === b.repo.toLowerCase() &&
    (a.host ?? '').toLowerCase() === (b.host ?? '').toLowerCase()
  );
}

/** `-R` and a URL argument must name the same repository (and host, when -R names one). */
function checkAgainstFlag(ref: WebRef, flag: string, shown: string): void {
  const given = parseRepoRef(flag) ?? parseHostRepoRef(flag);
  const agrees =
    given !== undefined &&
    given.workspace.toLowerCase() === ref.repo.workspace.toLowerCase() &&
    given.repo.toLowerCase() === ref.repo.repo.toLowerCase() &&
    (given.host === undefined || given.host.toLowerCase() === ref.hostKey);
  if (agrees) return;
  throw new BbError('INVALID_ARGUMENT', `${shown === flag ? `-R ${flag}` : `"${shown}"`} names ${fullName(ref.repo)}, but -R says ${flag}`, {
    hints: ['leave out -R: a URL names its repository', 'or pass the number alone with -R'],
  });
}

function bbHostKey(value: string): string | undefined {
  try {
    return hostKeyOf(normalizeBaseUrl(value)).toLowerCase();
  } catch {
    return undefined;
  }
}

function envTokenReason(env: NodeJS.ProcessEnv, target: HostInfo): string {
  if (env.BB_HOST) return `it belongs to BB_HOST (${env.BB_HOST})`;
  return `${target.key} was named only by a URL argument; set BB_HOST=${target.baseUrl} to use BB_TOKEN there`;
}

/** Without anything naming a host: the only stored login when it is a Data Center one, else Cloud. */
async function defaultLogin(store: CredentialStore, cloud: HostInfo, env: NodeJS.ProcessEnv): Promise<HostInfo> {
  if (env.BB_TOKEN) return cloud;
  let file: Awaited<ReturnType<CredentialStore['read']>>;
  try {
    file = await store.read();
  } catch {
    return cloud;
  }
  if (file.hosts[cloud.key]) return cloud;
  const dc = dcHostsIn(file);
  return dc.length === 1 && Object.keys(file.hosts).length === 1 ? (dc[0] as HostInfo) : cloud;
}
