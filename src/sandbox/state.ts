import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../util/fs.js';
import type { PullRequestRecord } from './model/pullrequests.js';

/**
 * The sandbox's model: plain JSON, persisted as one file. Records reference each other by uuid
 * (Bitbucket's `{…}` form). Git data lives beside it in bare repositories, never in here.
 * See src/sandbox/README.md before adding a collection.
 */

export interface UserRecord {
  uuid: string;
  account_id: string;
  nickname: string;
  display_name: string;
  email: string;
  created_on: string;
}

export type WorkspacePermission = 'owner' | 'collaborator' | 'member';

export interface WorkspaceRecord {
  uuid: string;
  slug: string;
  name: string;
  is_private: boolean;
  created_on: string;
  members: Array<{ user: string; permission: WorkspacePermission }>;
  /** The workspace's user groups (absent: none). */
  groups?: GroupRecord[];
}

export interface GroupRecord {
  slug: string;
  name: string;
  /** User uuids. */
  members: string[];
}

/**
 * Explicit permissions of a repository or a project (handlers/permissions.ts): user uuid → level, group slug →
 * level. Levels are Cloud's: read, write, admin (a project's also create-repo).
 */
export interface PermissionGrants {
  users: Record<string, string>;
  groups: Record<string, string>;
}

export interface ProjectRecord {
  uuid: string;
  /** Workspace slug. */
  workspace: string;
  key: string;
  name: string;
  description: string;
  is_private: boolean;
  created_on: string;
  updated_on: string;
  /** Explicit user and group permissions (absent: none). */
  permissions?: PermissionGrants;
  /** Project default reviewers, user uuids (absent: none). */
  default_reviewers?: string[];
}

export interface RepositoryRecord {
  uuid: string;
  /** Workspace slug. */
  workspace: string;
  slug: string;
  name: string;
  description: string;
  is_private: boolean;
  /** Project key within the workspace. */
  project?: string;
  mainbranch: string;
  language: string;
  fork_policy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  has_issues: boolean;
  has_wiki: boolean;
  created_on: string;
  updated_on: string;
  /** Default reviewers, user uuids. */
  default_reviewers: string[];
  /** The repository this one is a fork of (uuid); absent for a repository that is not a fork. */
  parent?: string;
  /** Users watching it, uuids (its creator from the start, as on Bitbucket); absent: none. */
  watchers?: string[];
  /** Cloud's override settings (`PUT …/override-settings`): which project settings the repository overrides; absent: none. */
  override_settings?: Record<string, boolean>;
  /** Explicit user and group permissions (absent: none). */
  permissions?: PermissionGrants;
}

export type CommitStatusState = 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED';

export interface CommitStatusRecord {
  uuid: string;
  repository: string;
  commit: string;
  key: string;
  state: CommitStatusState;
  name: string;
  description: string;
  url: string;
  refname?: string;
  created_on: string;
  updated_on: string;
}

export type TokenKind = 'granular' | 'legacy' | 'all';

export interface TokenRecord {
  /** Owner's uuid. */
  user: string;
  kind: TokenKind;
  /** Granular scopes for `granular`, legacy scope names (unexpanded) for `legacy`; empty for `all`. */
  scopes: string[];
  created_on: string;
  /** OAuth access tokens (oauth.ts): the expiry, after which the token answers 401, and the consumer's key. */
  expires_on?: string;
  oauth_consumer?: string;
}

/** The OAuth 2.0 provider's records (oauth.ts); codes and refresh tokens keyed by sha256, never in clear. */
export interface OAuthData {
  consumers: Record<string, { key: string; secretHash: string; name: string; scopes: string[]; callbackUrl: string; expiresIn?: number }>;
  codes: Record<string, { consumer: string; user: string; redirectUri?: string; expiresAt: string }>;
  refreshTokens: Record<string, { consumer: string; user: string }>;
  /** Default access-token lifetime in seconds (`bb sandbox --oauth-expiry`). */
  expiresIn?: number;
  stats: { authorizations: number; codeExchanges: number; refreshes: number };
}

/** A comment on a commit (general, or inline on a file of the commit). */
export interface CommitCommentRecord {
  id: number;
  repository: string;
  commit: string;
  user: string;
  raw: string;
  parent?: number;
  inline?: { path: string; to?: number; from?: number };
  deleted: boolean;
  created_on: string;
  updated_on: string;
}

/** A Code Insights report of a commit (the wire shape is built in handlers/insights.ts). */
export interface ReportRecord {
  uuid: string;
  repository: string;
  commit: string;
  external_id: string;
  title: string;
  report_type: string;
  details?: string;
  result?: string;
  reporter?: string;
  link?: string;
  logo_url?: string;
  data: Array<{ title: string; type?: string; value: unknown }>;
  created_on: string;
  updated_on: string;
  /** By external_id, in the order they were first added. */
  annotations: Record<string, ReportAnnotationRecord>;
}

export interface ReportAnnotationRecord {
  uuid: string;
  external_id: string;
  annotation_type?: string;
  path?: string;
  line?: number;
  summary: string;
  details?: string;
  result?: string;
  severity?: string;
  link?: string;
  created_on: string;
  updated_on: string;
}

export interface SandboxData extends FeatureData {
  version: 1;
  users: Record<string, UserRecord>;
  workspaces: Record<string, WorkspaceRecord>;
  /** Keyed by projectKey(workspace, key). */
  projects: Record<string, ProjectRecord>;
  /** Keyed by repository uuid. */
  repositories: Record<string, RepositoryRecord>;
  /** Commit build statuses, keyed by uuid. */
  statuses: Record<string, CommitStatusRecord>;
  /** Code Insights reports (with their annotations), keyed by uuid: handlers/insights.ts. */
  reports: Record<string, ReportRecord>;
  /** Commit comments, keyed by id: handlers/commit-comments.ts. */
  commitComments: Record<string, CommitCommentRecord>;
  /** `repository uuid:commit hash` → the uuids of the users who approved the commit. */
  commitApprovals: Record<string, string[]>;
  /** Pull requests (with their comments, tasks, timeline and merge tasks), keyed by uuid: model/pullrequests.ts. */
  pullrequests: Record<string, PullRequestRecord>;
  /** Keyed by sha256(token) in hex: tokens are never stored in clear. */
  tokens: Record<string, TokenRecord>;
  /** Named integer sequences (`store.next(name)`). */
  counters: Record<string, number>;
  /** The user the ready line's token belongs to. */
  primaryUser?: string;
  /** OAuth consumers, codes and refresh tokens (oauth.ts); created on first use. */
  oauth?: OAuthData;
}

export function emptyData(): SandboxData {
  return {
    version: 1,
    users: {},
    workspaces: {},
    projects: {},
    repositories: {},
    statuses: {},
    reports: {},
    commitComments: {},
    commitApprovals: {},
    pullrequests: {},
    tokens: {},
    counters: {},
    ...emptyFeatureData(),
  };
}

export function projectKey(workspace: string, key: string): string {
  return `${workspace.toLowerCase()}/${key.toUpperCase()}`;
}

export function newUuid(): string {
  return `{${randomUUID()}}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return `ATATT3xSbx${randomBytes(24).toString('base64url')}`;
}

/** Bitbucket's slug rules, roughly: lower case, [a-z0-9._-], spaces and others become `-`. */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'repo'
  );
}

/** The in-memory store with its persistence. */
/** A state directory the Cloud sandbox cannot use (unreadable, or another kind of sandbox's). */
export class SandboxStateError extends Error {}

export class Store {
  data: SandboxData;
  /** Directory holding state.json (when persistent) and git/. */
  readonly dir: string;
  readonly persistent: boolean;
  private saving: Promise<void> = Promise.resolve();
  private readonly deleteHooks: Array<(repo: RepositoryRecord) => void> = [];

  constructor(dir: string, persistent: boolean, data: SandboxData = emptyData()) {
    this.dir = dir;
    this.persistent = persistent;
    this.data = data;
  }

  static async open(dir: string, persistent: boolean): Promise<{ store: Store; loaded: boolean }> {
    const path = join(dir, 'state.json');
    if (persistent) await removeOrphanTemps(dir);
    let loaded: Partial<SandboxData> | undefined;
    try {
      loaded = persistent ? await readJsonFile<Partial<SandboxData>>(path) : undefined;
    } catch (e) {
      throw new SandboxStateError(`cannot read ${path}: ${(e as Error).message}`);
    }
    if (loaded !== undefined && (loaded === null || typeof loaded !== 'object' || Array.isArray(loaded)))
      throw new SandboxStateError(`${path} is not a sandbox state (not a JSON object)`);
    if ((loaded as { kind?: unknown } | undefined)?.kind === 'dc')
      throw new SandboxStateError(`${path} is a Bitbucket Data Center sandbox's state: start it with --kind dc`);
    const data = { ...emptyData(), ...(loaded ?? {}) } as SandboxData;
    return { store: new Store(dir, persistent, data), loaded: loaded !== undefined };
  }

  get statePath(): string {
    return join(this.dir, 'state.json');
  }

  get gitRoot(): string {
    return join(this.dir, 'git');
  }

  /** The bare repository of a record: `<dir>/git/<uuid hex>.git` (stable across renames). */
  gitDir(repo: RepositoryRecord): string {
    return join(this.gitRoot, `${repo.uuid.replace(/[{}]/g, '')}.git`);
  }

  private writes = 0;

  /**
   * A number that changes with every write: each save, each write request as it starts, each push (touch()).
   * Reads that are costly to recompute (a repository's pull requests with their heads refreshed, a fork's
   * source fetched into the destination) are cached for one generation (read-cache.ts).
   */
  get generation(): number {
    return this.writes;
  }

  /** A write is happening: every read cached so far is stale. */
  touch(): void {
    this.writes++;
  }

  /** Write state.json atomically (no-op without --state). Saves are serialised. */
  save(): Promise<void> {
    this.touch();
    if (!this.persistent) return Promise.resolve();
    const text = `${JSON.stringify(this.data, null, 1)}\n`;
    this.saving = this.saving.then(
      () => writeFileAtomic(this.statePath, text),
      () => writeFileAtomic(this.statePath, text),
    );
    return this.saving;
  }

  next(counter: string): number {
    const n = (this.data.counters[counter] ?? 0) + 1;
    this.data.counters[counter] = n;
    return n;
  }

  // ---- users ----

  /** By uuid (`{…}`, braces optional), account_id, nickname or email. */
  user(ref: string): UserRecord | undefined {
    const users = Object.values(this.data.users);
    const braced = ref.startsWith('{') ? ref : `{${ref}}`;
    return (
      this.data.users[braced] ??
      users.find((u) => u.account_id === ref) ??
      users.find((u) => u.nickname.toLowerCase() === ref.toLowerCase()) ??
      users.find((u) => u.email.toLowerCase() === ref.toLowerCase())
    );
  }

  // ---- workspaces ----

  /** By slug (case-insensitive) or uuid. */
  workspace(ref: string): WorkspaceRecord | undefined {
    const lower = ref.toLowerCase();
    return this.data.workspaces[lower] ?? Object.values(this.data.workspaces).find((w) => w.uuid === ref || w.uuid === `{${ref}}`);
  }

  workspacesOf(userUuid: string): WorkspaceRecord[] {
    return Object.values(this.data.workspaces).filter((w) => w.members.some((m) => m.user === userUuid));
  }

  // ---- projects ----

  project(workspace: string, key: string): ProjectRecord | undefined {
    const ws = this.workspace(workspace);
    if (!ws) return undefined;
    return this.data.projects[projectKey(ws.slug, key)] ?? Object.values(this.data.projects).find((p) => p.workspace === ws.slug && p.uuid === key);
  }

  projectsOf(workspace: string): ProjectRecord[] {
    return Object.values(this.data.projects).filter((p) => p.workspace === workspace);
  }

  // ---- repositories ----

  /** By workspace (slug or uuid) and repository slug (case-insensitive) or uuid. */
  repository(workspace: string, slugOrUuid: string): RepositoryRecord | undefined {
    const ws = this.workspace(workspace);
    if (!ws) return undefined;
    const lower = slugOrUuid.toLowerCase();
    return Object.values(this.data.repositories).find(
      (r) => r.workspace === ws.slug && (r.slug === lower || r.uuid === slugOrUuid || r.uuid === `{${slugOrUuid}}`),
    );
  }

  repositoriesOf(workspace: string): RepositoryRecord[] {
    return Object.values(this.data.repositories).filter((r) => r.workspace === workspace);
  }

  addRepository(repo: RepositoryRecord): RepositoryRecord {
    this.data.repositories[repo.uuid] = repo;
    return repo;
  }

  /** Register cleanup for per-repository collections (pull requests, pipelines…). */
  onRepositoryDeleted(fn: (repo: RepositoryRecord) => void): void {
    this.deleteHooks.push(fn);
  }

  deleteRepository(repo: RepositoryRecord): void {
    delete this.data.repositories[repo.uuid];
    for (const [id, s] of Object.entries(this.data.statuses)) if (s.repository === repo.uuid) delete this.data.statuses[id];
    for (const [id, r] of Object.entries(this.data.reports)) if (r.repository === repo.uuid) delete this.data.reports[id];
    for (const [id, c] of Object.entries(this.data.commitComments)) if (c.repository === repo.uuid) delete this.data.commitComments[id];
    for (const k of Object.keys(this.data.commitApprovals)) if (k.startsWith(`${repo.uuid}:`)) delete this.data.commitApprovals[k];
    for (const [id, p] of Object.entries(this.data.pullrequests)) if (p.repository === repo.uuid) delete this.data.pullrequests[id];
    for (const hook of this.deleteHooks) hook(repo);
  }

  // ---- tokens ----

  mintToken(user: string, kind: TokenKind, scopes: string[], now: Date): string {
    const token = newToken();
    this.data.tokens[hashToken(token)] = { user, kind, scopes: [...scopes], created_on: now.toISOString() };
    return token;
  }

  token(token: string): TokenRecord | undefined {
    return this.data.tokens[hashToken(token)];
  }
}

// ---- pipelines, variables, issues, snippets, webhooks, keys (handlers/<area>.ts, model/pipelines.ts) ----

export type PipelineStepResult = 'SUCCESSFUL' | 'FAILED';

/** A step's timing and log are computed on read from the pipeline's created_on (model/pipelines.ts). */
export interface PipelineStepRecord {
  uuid: string;
  name: string;
  /** Seconds PENDING after the previous step (or the pipeline's creation). */
  queued_s: number;
  /** Seconds IN_PROGRESS. */
  duration_s: number;
  result: PipelineStepResult;
  image: string;
  script: string[];
  /** Literal log text before the generated lines, and after them. */
  log_head: string;
  log_tail: string;
  /** Bytes of deterministic generated log lines between head and tail (generated on demand, never stored). */
  log_generated_bytes: number;
  /** The step's test report (GET …/test_reports): none unless the model has some. */
  test_cases?: PipelineTestCaseRecord[];
}

export interface PipelineTestCaseRecord {
  uuid: string;
  name: string;
  fully_qualified_name: string;
  package_name: string;
  status: 'SUCCESSFUL' | 'FAILED' | 'ERROR' | 'SKIPPED';
  duration_s: number;
  /** …/test_case_reasons: what the failure printed. */
  reasons: Array<{ message: string; output: string }>;
}

export interface PipelineRecord {
  uuid: string;
  /** Repository uuid. */
  repository: string;
  build_number: number;
  /** User uuid. */
  creator: string;
  target: { ref_type?: 'branch' | 'tag'; ref_name?: string; commit: string; selector: { type: string; pattern?: string } };
  trigger: 'manual' | 'push';
  variables: Array<{ key: string; value: string; secured: boolean }>;
  created_on: string;
  stopped_on?: string;
  steps: PipelineStepRecord[];
}

export interface PipelineVariableRecord {
  uuid: string;
  /** Whose variable: a repository uuid, a workspace slug, a deployment environment uuid or a user uuid. */
  scope: 'repository' | 'workspace' | 'environment' | 'user';
  owner: string;
  key: string;
  value: string;
  secured: boolean;
}

export interface EnvironmentRecord {
  uuid: string;
  repository: string;
  name: string;
  environment_type: 'Test' | 'Staging' | 'Production';
  rank: number;
}

/** A Pipelines schedule (listed, never run: the sandbox has no scheduler). */
export interface PipelineScheduleRecord {
  uuid: string;
  repository: string;
  enabled: boolean;
  ref_name: string;
  selector: { type: string; pattern?: string };
  cron_pattern: string;
  created_on: string;
  updated_on: string;
}

/** A Pipelines cache version (saved by a pipeline's step; see handlers/pipeline-config.ts). */
export interface PipelineCacheRecord {
  uuid: string;
  repository: string;
  pipeline: string;
  step: string;
  name: string;
  key_hash: string;
  path: string;
  file_size_bytes: number;
  created_on: string;
}

/** A self-hosted Pipelines runner of a workspace or of a repository (handlers/runners.ts). */
export interface PipelineRunnerRecord {
  uuid: string;
  /** The workspace's uuid. */
  workspace: string;
  /** The repository's uuid, or undefined for a workspace runner. */
  repository?: string;
  name: string;
  labels: string[];
  status: string;
  oauth_client_id: string;
  created_on: string;
  updated_on: string;
}

/** A repository's Pipelines SSH key pair: the public key, and only a digest of the private one (never returned). */
export interface PipelineSshKeyPairRecord {
  public_key: string;
  private_key_sha256: string;
  updated_on: string;
}

/** A Pipelines SSH known host of a repository. */
export interface PipelineKnownHostRecord {
  uuid: string;
  repository: string;
  hostname: string;
  key_type: string;
  key: string;
}

export interface DeploymentRecord {
  uuid: string;
  repository: string;
  environment: string;
  pipeline: string;
  commit: string;
  created_on: string;
}

export interface IssueRecord {
  uuid: string;
  repository: string;
  /** Per-repository number. */
  id: number;
  title: string;
  content: string;
  reporter: string;
  assignee?: string;
  state: string;
  kind: string;
  priority: string;
  votes: number;
  created_on: string;
  updated_on: string;
  edited_on?: string;
}

export interface IssueCommentRecord {
  uuid: string;
  repository: string;
  /** Issue uuid. */
  issue: string;
  id: number;
  user: string;
  content: string;
  created_on: string;
  updated_on: string;
}

export interface SnippetRecord {
  uuid: string;
  /** The encoded id in URLs. */
  id: string;
  /** Workspace slug. */
  workspace: string;
  title: string;
  is_private: boolean;
  creator: string;
  created_on: string;
  updated_on: string;
  /** File name → content, base64. */
  files: Record<string, string>;
  /** Comments, oldest first (handlers/snippets.ts). */
  comments?: SnippetCommentRecord[];
  /** The uuids of the users watching the snippet. */
  watchers?: string[];
  /** The snippet's commits, oldest first: one per create and update. */
  history?: SnippetCommitRecord[];
}

export interface SnippetCommentRecord {
  id: number;
  /** Author's uuid. */
  user: string;
  content: string;
  parent?: number;
  created_on: string;
  updated_on: string;
}

export interface SnippetCommitRecord {
  hash: string;
  /** Author's uuid. */
  author: string;
  date: string;
  message: string;
}

export interface WebhookRecord {
  uuid: string;
  subject_type: 'repository' | 'workspace';
  /** Repository uuid or workspace slug. */
  subject: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  /** Never answered; `secret_set` tells whether there is one. */
  secret?: string;
  created_at: string;
}

export interface WebhookDeliveryRecord {
  uuid: string;
  hook: string;
  event: string;
  url: string;
  created_on: string;
  /** `delivered` (HTTP answer in status), `failed` (network error), `skipped` (not a loopback URL), `pending`. */
  outcome: 'pending' | 'delivered' | 'failed' | 'skipped';
  status?: number;
  error?: string;
}

export interface SshKeyRecord {
  uuid: string;
  user: string;
  key: string;
  label: string;
  comment: string;
  fingerprint: string;
  created_on: string;
}

export interface DeployKeyRecord {
  /** Integer id (key_id in paths). */
  id: number;
  /** Repository uuid, or `project:<projectKey(ws, KEY)>` for project deploy keys. */
  subject: string;
  key: string;
  label: string;
  comment: string;
  created_on: string;
}

export interface GpgKeyRecord {
  /** Primary key fingerprint (upper-case hex). */
  fingerprint: string;
  user: string;
  /** The armored key as given. */
  key: string;
  key_id: string;
  name: string;
  created_on: string;
  added_on: string;
  subkeys: Array<{ fingerprint: string; key_id: string; created_on: string }>;
}

export interface FeatureData {
  /** Keyed by uuid. */
  pipelines: Record<string, PipelineRecord>;
  /** Repository uuid → whether pipelines are enabled (missing: enabled). */
  pipelinesEnabled: Record<string, boolean>;
  pipelineVariables: Record<string, PipelineVariableRecord>;
  environments: Record<string, EnvironmentRecord>;
  deployments: Record<string, DeploymentRecord>;
  pipelineSchedules: Record<string, PipelineScheduleRecord>;
  pipelineCaches: Record<string, PipelineCacheRecord>;
  pipelineRunners: Record<string, PipelineRunnerRecord>;
  /** Keyed by repository uuid. */
  pipelineSshKeyPairs: Record<string, PipelineSshKeyPairRecord>;
  pipelineKnownHosts: Record<string, PipelineKnownHostRecord>;
  issues: Record<string, IssueRecord>;
  issueComments: Record<string, IssueCommentRecord>;
  snippets: Record<string, SnippetRecord>;
  webhooks: Record<string, WebhookRecord>;
  /** The latest deliveries (bounded), keyed by uuid. */
  webhookDeliveries: Record<string, WebhookDeliveryRecord>;
  sshKeys: Record<string, SshKeyRecord>;
  /** Keyed by String(id). */
  deployKeys: Record<string, DeployKeyRecord>;
  /** Keyed by fingerprint. */
  gpgKeys: Record<string, GpgKeyRecord>;
  /** Repository download artifacts, keyed by `<repository uuid>/<name>` (handlers/downloads.ts). */
  downloads: Record<string, DownloadRecord>;
  /** Branch restrictions, keyed by String(id) (model/branch-restrictions.ts). */
  branchRestrictions: Record<string, BranchRestrictionRecord>;
  /** Branching model settings, keyed by repository uuid or projectKey(ws, KEY) (model/branch-restrictions.ts). */
  branchingModels: Record<string, BranchingModelRecord>;
}

export interface BranchRestrictionRecord {
  id: number;
  /** Repository uuid. */
  repository: string;
  kind: string;
  branch_match_kind: 'glob' | 'branching_model';
  branch_type?: string;
  pattern: string;
  value?: number;
  /** User uuids. */
  users: string[];
  /** Group slugs (the sandbox has no groups: kept and shown, never matching a user). */
  groups: string[];
}

export interface BranchingModelRecord {
  development: { use_mainbranch: boolean; name?: string };
  production: { enabled: boolean; use_mainbranch: boolean; name?: string };
  /** Branch type → { enabled, prefix }. */
  branch_types: Record<string, { enabled: boolean; prefix: string }>;
}

export interface DownloadRecord {
  repository: string;
  name: string;
  /** The content, base64. */
  content: string;
  size: number;
  /** Uploader's uuid. */
  user: string;
  created_on: string;
  downloads: number;
}

export function emptyFeatureData(): FeatureData {
  return {
    pipelines: {},
    pipelinesEnabled: {},
    pipelineVariables: {},
    environments: {},
    deployments: {},
    pipelineSchedules: {},
    pipelineCaches: {},
    pipelineRunners: {},
    pipelineSshKeyPairs: {},
    pipelineKnownHosts: {},
    issues: {},
    issueComments: {},
    snippets: {},
    webhooks: {},
    webhookDeliveries: {},
    sshKeys: {},
    deployKeys: {},
    gpgKeys: {},
    downloads: {},
    branchRestrictions: {},
    branchingModels: {},
  };
}

/**
 * Temporary files a killed sandbox left behind (`writeFileAtomic` writes `.<12 hex>.tmp` beside state.json, then
 * renames it): state.json itself is whole either way, the temporary file is garbage. Removed on every start.
 */
export async function removeOrphanTemps(dir: string): Promise<void> {
  const { readdir, rm } = await import('node:fs/promises');
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^\.[0-9a-f]{12}\.tmp$/.test(n)).map((n) => rm(join(dir, n), { force: true })));
}

/** The model for GET /_sandbox/state: secured variable values and webhook secrets replaced by "<secured>". */
export function redactSecrets<T extends Partial<FeatureData>>(data: T): T {
  const hidden = '<secured>';
  return {
    ...data,
    ...(data.pipelineVariables
      ? { pipelineVariables: Object.fromEntries(Object.entries(data.pipelineVariables).map(([k, v]) => [k, v.secured ? { ...v, value: hidden } : v])) }
      : {}),
    ...(data.pipelines
      ? {
          pipelines: Object.fromEntries(
            Object.entries(data.pipelines).map(([k, p]) => [k, { ...p, variables: p.variables.map((v) => (v.secured ? { ...v, value: hidden } : v)) }]),
          ),
        }
      : {}),
    ...(data.webhooks ? { webhooks: Object.fromEntries(Object.entries(data.webhooks).map(([k, h]) => [k, h.secret ? { ...h, secret: hidden } : h])) } : {}),
  };
}
