import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../../util/fs.js';
import type { DcOperation } from '../../scopes/generated/dc-operations.js';
import { BareRepo } from '../git.js';
import { cap, changesOwnAccount, level, levelOf, SANDBOX_DC_SCOPE_CEILING } from './permissions.js';

/**
 * The Bitbucket Data Center sandbox's model (plain JSON, saved to `<dir>/state.json` when persistent; git data in bare
 * repositories under `<dir>/git`): users with a global permission, projects and repositories with per-user
 * permissions, pull requests, comments, build statuses, SSH keys, webhooks, default reviewer conditions, merge check
 * settings and tokens — HTTP access tokens (permissions, optionally bound to a project or repository) and OAuth 2.0
 * tokens (a DC scope). Every credential is capped by its owner's own permission (permissions.ts).
 */

export type GlobalPermission = 'LICENSED_USER' | 'PROJECT_CREATE' | 'ADMIN' | 'SYS_ADMIN';

export interface DcUser {
  id: number;
  slug: string;
  name: string;
  displayName: string;
  emailAddress: string;
  password: string;
  global: GlobalPermission;
}

export interface DcProject {
  id: number;
  key: string;
  name: string;
  description: string;
  public: boolean;
  /** user slug → PROJECT_READ | PROJECT_WRITE | REPO_CREATE | PROJECT_ADMIN */
  permissions: Record<string, string>;
  /** group name → the same (absent: none). */
  groupPermissions?: Record<string, string>;
}

export interface DcRepo {
  id: number;
  slug: string;
  name: string;
  project: string;
  public: boolean;
  defaultBranch: string;
  /** user slug → REPO_READ | REPO_WRITE | REPO_ADMIN */
  permissions: Record<string, string>;
  /** group name → the same (absent: none). */
  groupPermissions?: Record<string, string>;
  /** A fork: the id of the repository it was forked from. */
  origin?: number;
  /** Set by Update repository (default: none, forkable). */
  description?: string;
  forkable?: boolean;
}

export interface DcParticipant {
  user: string;
  role: 'AUTHOR' | 'REVIEWER' | 'PARTICIPANT';
  approved: boolean;
  status: 'UNAPPROVED' | 'NEEDS_WORK' | 'APPROVED';
}

export interface DcPullRequest {
  id: number;
  repo: number;
  version: number;
  title: string;
  description: string;
  state: 'OPEN' | 'MERGED' | 'DECLINED';
  from: string;
  /** A pull request from a fork: the source repository's id (absent: the target repository itself). */
  fromRepo?: number;
  to: string;
  fromHash: string;
  toHash: string;
  createdDate: number;
  updatedDate: number;
  closedDate?: number;
  participants: DcParticipant[];
}

export interface DcComment {
  id: number;
  pr: string;
  version: number;
  text: string;
  author: string;
  createdDate: number;
  updatedDate: number;
  parent?: number;
  /** PENDING: part of its author's review in progress, seen by its author only until PUT …/review publishes it. */
  state: 'OPEN' | 'RESOLVED' | 'PENDING';
  severity: 'NORMAL' | 'BLOCKER';
  /** Who resolved it and when (a resolved task). */
  resolver?: string;
  resolvedDate?: number;
}

/** A comment on a commit (handlers/commit-comments.ts). */
export interface DcCommitComment {
  id: number;
  repo: number;
  commit: string;
  version: number;
  text: string;
  author: string;
  createdDate: number;
  updatedDate: number;
  parent?: number;
  anchor?: { path: string; line?: number; lineType?: string; fileType?: string; diffType?: string; toHash?: string };
}

/** A Code Insights report of a commit, with its annotations (handlers/insights.ts). */
export interface DcInsightReport {
  repo: number;
  commit: string;
  key: string;
  /** The user who created it: only they may replace it (the spec: "rejected if the authenticated user was not the creator"). */
  user: string;
  title: string;
  details?: string;
  result?: 'PASS' | 'FAIL';
  reporter?: string;
  link?: string;
  logoUrl?: string;
  data: Array<{ title: string; type?: string; value: unknown }>;
  createdDate: number;
  annotations: Array<{ externalId?: string; path?: string; line?: number; message: string; severity: string; type?: string; link?: string }>;
}

export interface DcBuild {
  repo: number;
  commit: string;
  key: string;
  state: 'CANCELLED' | 'FAILED' | 'INPROGRESS' | 'SUCCESSFUL' | 'UNKNOWN';
  url: string;
  name?: string;
  description?: string;
  ref?: string;
  createdDate: number;
  updatedDate: number;
}

export interface DcSshKey {
  id: number;
  user: string;
  text: string;
  label: string;
}

export type DcTokenKind = 'access' | 'oauth';

export interface DcToken {
  id: string;
  name: string;
  user: string;
  kind: DcTokenKind;
  /** HTTP access token permissions (REPO_READ … PROJECT_ADMIN). */
  permissions: string[];
  /** Project or repository tokens are bound to their resource. */
  project?: string;
  repo?: number;
  /** OAuth 2.0 tokens: one DC scope. */
  scope?: string;
  createdDate: number;
}

export interface DcRefMatcher {
  id: string;
  displayId: string;
  type: { id: 'ANY_REF' | 'BRANCH' | 'PATTERN'; name: string };
}

/**
 * A default reviewer condition (handlers/default-reviewers.ts): reviewers (user slugs) for matching refs. It belongs to a
 * repository (`repo`, its id) or to a project (`project`, its key: the condition applies to every repository in it).
 */
export interface DcReviewerCondition {
  id: number;
  repo?: number;
  project?: string;
  source: DcRefMatcher;
  target: DcRefMatcher;
  reviewers: string[];
  requiredApprovals: number;
}

/** A branch permission (ref restriction) of a repository (handlers/branch-permissions.ts). */
export interface DcRefRestriction {
  id: number;
  repo: number;
  /** read-only, no-deletes, fast-forward-only, pull-request-only, no-creates */
  type: string;
  matcher: { id: string; displayId: string; type: { id: 'ANY_REF' | 'BRANCH' | 'PATTERN' | 'MODEL_CATEGORY' | 'MODEL_BRANCH'; name: string } };
  /** Exempt user slugs. */
  users: string[];
  /** Exempt groups (the sandbox has no groups: kept and shown, never matching a user). */
  groups: string[];
  accessKeys: number[];
}

/** A repository webhook (handlers/webhooks.ts). */
export interface DcWebhook {
  id: number;
  repo: number;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  configuration: Record<string, string>;
  createdDate: number;
  updatedDate: number;
}

/** A repository's pull-request merge checks (handlers/pull-requests.ts); a repository without a record has the defaults. */
export interface DcMergeSettings {
  requiredApprovers: number;
  requiredAllTasksComplete: boolean;
  requiredSuccessfulBuilds: number;
  /** A reviewer's NEEDS_WORK blocks the merge (DC's "no needs work" check; on in the sandbox). */
  noNeedsWork: boolean;
}

/** Where an inline comment sits in the diff (handlers/pull-request-comments.ts). */
export interface DcCommentAnchor {
  path: string;
  line?: number;
  lineType?: string;
  fileType?: string;
  diffType?: string;
  /** A multi-line comment: its first line (`multilineMarker.startLine`) and that line's type. */
  startLine?: number;
  startLineType?: string;
}

/**
 * Everything the sandbox knows, as plain JSON: records keyed by id or name, no Map, nothing derived (wire shapes are
 * built on read, git data stays in git). A new collection goes here, in `emptyCollections()` and in
 * `collectionsOf()` — the compiler then makes sure it is saved and loaded.
 */
export interface DcCollections {
  users: Record<string, DcUser>;
  projects: Record<string, DcProject>;
  repos: Record<number, DcRepo>;
  pullRequests: Record<string, DcPullRequest>;
  comments: Record<number, DcComment>;
  builds: DcBuild[];
  /** `repo id:commit:key` → the report. */
  insightReports: Record<string, DcInsightReport>;
  commitComments: Record<number, DcCommitComment>;
  sshKeys: Record<number, DcSshKey>;
  /** sha256(token) → token: tokens are never stored in clear. */
  tokens: Record<string, DcToken>;
  reviewerConditions: Record<number, DcReviewerCondition>;
  /** Branch permissions, by id. */
  refRestrictions: Record<number, DcRefRestriction>;
  webhooks: Record<number, DcWebhook>;
  /** Repository id → its merge checks. */
  mergeSettings: Record<number, DcMergeSettings>;
  /** Comment id → its anchor. */
  anchors: Record<number, DcCommentAnchor>;
  /** Named integer sequences (`store.next(name)`). */
  counters: Record<string, number>;
  /** User groups by name: their members' slugs. */
  groups: Record<string, DcGroup>;
}

export interface DcGroup {
  name: string;
  /** User slugs. */
  members: string[];
}

/** state.json: the collections, marked so a Cloud sandbox's state is never read as a Data Center one. */
export interface DcStateFile extends DcCollections {
  kind: 'dc';
  version: 1;
}

/** A state directory that cannot be used: not a Data Center state, or not readable as one. */
export class DcStateError extends Error {}

function emptyCollections(): DcCollections {
  return {
    users: {},
    projects: {},
    repos: {},
    pullRequests: {},
    comments: {},
    builds: [],
    insightReports: {},
    commitComments: {},
    sshKeys: {},
    tokens: {},
    reviewerConditions: {},
    refRestrictions: {},
    webhooks: {},
    mergeSettings: {},
    anchors: {},
    counters: {},
    groups: {},
  };
}

/** Only the collections of `src` (a store or a parsed file), each by name: a missing one is a compile error. */
function collectionsOf(src: DcCollections): DcCollections {
  const {
    users,
    projects,
    repos,
    pullRequests,
    comments,
    builds,
    insightReports,
    commitComments,
    sshKeys,
    tokens,
    reviewerConditions,
    refRestrictions,
    webhooks,
    mergeSettings,
    anchors,
    counters,
    groups,
  } = src;
  return {
    users,
    projects,
    repos,
    pullRequests,
    comments,
    builds,
    insightReports,
    commitComments,
    sshKeys,
    tokens,
    reviewerConditions,
    refRestrictions,
    webhooks,
    mergeSettings,
    anchors,
    counters,
    groups,
  };
}

/** Checks the parsed state.json enough that a wrong file fails at start, not on some later request. */
function parseState(json: unknown, path: string): DcCollections {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new DcStateError(`${path} is not a sandbox state (not a JSON object)`);
  const file = json as Partial<DcStateFile> & Record<string, unknown>;
  if (file.kind !== 'dc') throw new DcStateError(`${path} is not a Bitbucket Data Center sandbox state (a Cloud sandbox's, started without --kind dc?)`);
  if (file.version !== 1) throw new DcStateError(`${path} has version ${String(file.version)}; this bb reads version 1`);
  // collections an older file lacks start empty; unknown keys are dropped
  const data = collectionsOf({ ...emptyCollections(), ...file });
  for (const [name, value] of Object.entries(data)) {
    const ok = name === 'builds' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!ok) throw new DcStateError(`${path}: "${name}" should be ${name === 'builds' ? 'an array' : 'an object'}`);
  }
  return data;
}

export interface DcResource {
  project?: DcProject;
  repo?: DcRepo;
}

export class DcStore implements DcCollections {
  users: Record<string, DcUser> = {};
  projects: Record<string, DcProject> = {};
  repos: Record<number, DcRepo> = {};
  pullRequests: Record<string, DcPullRequest> = {};
  comments: Record<number, DcComment> = {};
  builds: DcBuild[] = [];
  insightReports: Record<string, DcInsightReport> = {};
  commitComments: Record<number, DcCommitComment> = {};
  sshKeys: Record<number, DcSshKey> = {};
  tokens: Record<string, DcToken> = {};
  reviewerConditions: Record<number, DcReviewerCondition> = {};
  refRestrictions: Record<number, DcRefRestriction> = {};
  webhooks: Record<number, DcWebhook> = {};
  mergeSettings: Record<number, DcMergeSettings> = {};
  anchors: Record<number, DcCommentAnchor> = {};
  counters: Record<string, number> = {};
  groups: Record<string, DcGroup> = {};
  private saving: Promise<void> = Promise.resolve();

  /** `persistent`: `save()` writes `<dir>/state.json`; otherwise the model lives and dies with the process. */
  constructor(
    readonly dir: string,
    readonly persistent = false,
    data: DcCollections = emptyCollections(),
  ) {
    Object.assign(this, collectionsOf(data));
  }

  /** The store saved in `<dir>/state.json`, or undefined when there is none (a new state). */
  static async load(dir: string): Promise<DcStore | undefined> {
    const path = join(dir, 'state.json');
    let json: unknown;
    try {
      json = await readJsonFile<unknown>(path);
    } catch (e) {
      throw new DcStateError(`cannot read ${path}: ${(e as Error).message}`);
    }
    return json === undefined ? undefined : DcStore.fromJSON(dir, json, true);
  }

  static fromJSON(dir: string, json: unknown, persistent = false): DcStore {
    return new DcStore(dir, persistent, parseState(json, join(dir, 'state.json')));
  }

  /** Called by JSON.stringify: what state.json holds. */
  toJSON(): DcStateFile {
    return { kind: 'dc', version: 1, ...collectionsOf(this) };
  }

  get statePath(): string {
    return join(this.dir, 'state.json');
  }

  /**
   * Write state.json atomically (temp file in the same directory, then rename; mode 0600: it holds passwords and token
   * hashes). A no-op unless persistent. The text is taken now and the writes are chained, so a slow earlier save never
   * lands after a later one.
   */
  save(): Promise<void> {
    if (!this.persistent) return Promise.resolve();
    const text = `${JSON.stringify(this, null, 1)}\n`;
    const write = () => writeFileAtomic(this.statePath, text);
    this.saving = this.saving.then(write, write);
    return this.saving;
  }

  get gitRoot(): string {
    return join(this.dir, 'git');
  }

  gitDir(repo: DcRepo): string {
    return join(this.gitRoot, `${repo.id}.git`);
  }

  git(repo: DcRepo): BareRepo {
    return new BareRepo(this.gitDir(repo));
  }

  next(counter: string): number {
    this.counters[counter] = (this.counters[counter] ?? 0) + 1;
    return this.counters[counter] as number;
  }

  repo(projectKey: string, slug: string): DcRepo | undefined {
    const key = projectKey.toUpperCase();
    return Object.values(this.repos).find((r) => r.project === key && r.slug === slug);
  }

  project(key: string): DcProject | undefined {
    return this.projects[key.toUpperCase()];
  }

  /** Forget a deleted repository and every record that belongs to it (so a saved state does not keep orphans). */
  dropRepo(repo: DcRepo): void {
    delete this.repos[repo.id];
    for (const [key, pr] of Object.entries(this.pullRequests)) {
      if (pr.repo !== repo.id) continue;
      delete this.pullRequests[key];
      for (const comment of Object.values(this.comments)) if (comment.pr === key) this.dropComment(comment.id);
    }
    this.builds = this.builds.filter((b) => b.repo !== repo.id);
    for (const [k, r] of Object.entries(this.insightReports)) if (r.repo === repo.id) delete this.insightReports[k];
    for (const x of Object.values(this.commitComments)) if (x.repo === repo.id) delete this.commitComments[x.id];
    for (const h of Object.values(this.webhooks)) if (h.repo === repo.id) delete this.webhooks[h.id];
    for (const x of Object.values(this.reviewerConditions)) if (x.repo === repo.id) delete this.reviewerConditions[x.id];
    for (const x of Object.values(this.refRestrictions)) if (x.repo === repo.id) delete this.refRestrictions[x.id];
    delete this.mergeSettings[repo.id];
  }

  dropComment(id: number): void {
    delete this.comments[id];
    delete this.anchors[id];
  }

  prKey(repo: DcRepo, id: number | string): string {
    return `${repo.id}:${id}`;
  }

  mintToken(t: Omit<DcToken, 'id' | 'createdDate'>, now = Date.now()): { token: string; record: DcToken } {
    const token = `BBDC-${randomBytes(24).toString('base64url')}`;
    const record: DcToken = { ...t, id: String(100000000000 + this.next('token')), createdDate: now };
    this.tokens[hashToken(token)] = record;
    return { token, record };
  }

  token(raw: string): DcToken | undefined {
    return this.tokens[hashToken(raw)];
  }
}

/**
 * The source commit of a pull request, as a revision of the target repository. A fork's branch lives in another bare
 * repository: it is fetched into the target under a hidden ref (`refs/pr-sources/{forkId}/{branch}`), so diffs,
 * merge bases and merges work across the two. undefined when the source branch is gone.
 */
export async function prSource(store: DcStore, pr: DcPullRequest): Promise<string | undefined> {
  const target = store.repos[pr.repo];
  if (!target) return undefined;
  const git = store.git(target);
  if (pr.fromRepo === undefined || pr.fromRepo === pr.repo) return git.resolve(pr.from);
  const fork = store.repos[pr.fromRepo];
  const hidden = `refs/pr-sources/${pr.fromRepo}/${pr.from}`;
  if (!fork || !(await store.git(fork).resolve(pr.from))) return undefined;
  await git.git(['fetch', '--quiet', '--no-tags', store.gitDir(fork), `+refs/heads/${pr.from}:${hidden}`]);
  return git.resolve(hidden);
}

export function hashToken(t: string): string {
  return createHash('sha256').update(t).digest('hex');
}

// ---------------- permissions ----------------

function globalLevel(user: DcUser): number {
  return levelOf(user.global);
}

/** The user's own level on a resource (global ADMIN and above reach every project and repository). */
export function userLevel(store: DcStore, user: DcUser | undefined, on: DcOperation['on'], res: DcResource): number {
  if (!user) {
    if (res.repo?.public || (on === 'project' && res.project?.public)) return level('REPO_READ');
    return 0;
  }
  const g = globalLevel(user);
  const viaGlobal = g >= level('ADMIN') ? g : 0;
  if (on === 'global' || on === 'none') return g;
  const project = res.project ?? (res.repo ? store.project(res.repo.project) : undefined);
  const groups = Object.values(store.groups).filter((g) => g.members.includes(user.slug));
  // a permission given to a group reaches its members
  const own = (direct: Record<string, string>, viaGroups: Record<string, string> | undefined) =>
    Math.max(levelOf(direct[user.slug]), ...groups.map((g) => levelOf(viaGroups?.[g.name])));
  const p = project ? own(project.permissions, project.groupPermissions) : 0;
  if (on === 'project') {
    const seesARepo = project && Object.values(store.repos).some((r) => r.project === project.key && (r.permissions[user.slug] || r.public));
    return Math.max(viaGlobal, p, seesARepo || project?.public ? level('PROJECT_VIEW') : 0);
  }
  const r = res.repo ? own(res.repo.permissions, res.repo.groupPermissions) : 0;
  // Project permissions reach the project's repositories: PROJECT_READ → read, PROJECT_WRITE → write, PROJECT_ADMIN → admin.
  const fromProject = p >= level('PROJECT_ADMIN') ? p : p >= level('PROJECT_WRITE') ? level('REPO_WRITE') : p;
  return Math.max(viaGlobal, fromProject, r, res.repo?.public ? level('REPO_READ') : 0, g >= 5 ? Math.min(g, 5) : 0);
}

/** What the credential alone would allow on the resource (before the cap). Passwords: unlimited. */
export function credentialLevel(store: DcStore, token: DcToken | undefined, operation: string, on: DcOperation['on'], res: DcResource): number {
  if (!token) return Number.POSITIVE_INFINITY;
  if (token.kind === 'oauth') {
    // Account changes: ACCOUNT_WRITE at a signed-in user's level; the admin tiers (ADMIN_WRITE, SYSTEM_ADMIN) at their
    // own, so an account change the spec reserves for ADMIN (deleting an SSH key by id) needs ADMIN_WRITE.
    if (changesOwnAccount(operation)) {
      if (token.scope === 'ACCOUNT_WRITE') return 5;
      const level = SANDBOX_DC_SCOPE_CEILING[token.scope ?? ''] ?? 0;
      return level >= 50 ? level : -1;
    }
    return token.scope === 'ACCOUNT_WRITE' ? 5 : (SANDBOX_DC_SCOPE_CEILING[token.scope ?? ''] ?? 0);
  }
  // HTTP access tokens: never account changes, never global permissions beyond a signed-in user.
  if (changesOwnAccount(operation)) return -1;
  if (on === 'global' || on === 'none') return level('LICENSED_USER');
  const project = res.project ?? (res.repo ? store.project(res.repo.project) : undefined);
  if (token.project && project?.key !== token.project) return 0;
  if (token.repo !== undefined && res.repo?.id !== token.repo) return on === 'project' && project && store.repos[token.repo]?.project === project.key ? 8 : 0;
  let granted = 0;
  for (const p of token.permissions) {
    const r = levelOf(p);
    if (on === 'project' && !p.startsWith('PROJECT_')) granted = Math.max(granted, level('PROJECT_VIEW'));
    else granted = Math.max(granted, r);
  }
  return granted;
}

export interface Decision {
  ok: boolean;
  needed: string;
  neededLevel: number;
  user: number;
  credential: number;
  effective: number;
}

/** The check every request goes through: effective = min(credential, user) must reach the operation's permission. */
export function decide(store: DcStore, user: DcUser | undefined, token: DcToken | undefined, operation: string, entry: DcOperation, res: DcResource): Decision {
  const needed = entry.p === null ? 'authenticated' : entry.p;
  const neededLevel = levelOf(needed);
  const u = userLevel(store, user, entry.on, res);
  const c = credentialLevel(store, token, operation, entry.on, res);
  const effective = cap(c, u);
  return { ok: effective >= neededLevel, needed, neededLevel, user: u, credential: c, effective };
}

// ---------------- repositories ----------------

/** A repository's slug from its name, as DC derives it. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Create a repository with an empty bare git repository. */
export async function createRepo(
  store: DcStore,
  p: DcProject,
  name: string,
  o: { defaultBranch?: string; public?: boolean; permissions?: Record<string, string> } = {},
): Promise<DcRepo> {
  const repo: DcRepo = {
    id: store.next('repo'),
    slug: slugify(name),
    name,
    project: p.key,
    public: o.public ?? false,
    defaultBranch: o.defaultBranch ?? 'main',
    permissions: o.permissions ?? {},
  };
  store.repos[repo.id] = repo;
  await BareRepo.init(store.gitDir(repo), repo.defaultBranch);
  return repo;
}
