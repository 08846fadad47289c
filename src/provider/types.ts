/**
 * The provider boundary: the domain operations commands speak, whatever the host is (Bitbucket Cloud or
 * Bitbucket Data Center). See src/provider/README.md for how a command obtains a provider, and how to add
 * a method. This file holds only types: importing it costs nothing at run time.
 *
 * Domain objects are plain data whose field names are the command's `--json` fields (`bb repo view --json
 * full_name` reads `Repository.full_name`), so `toJson` is a pick and both back ends print the same keys.
 * A field the host has no equivalent for is `null` (never absent on DC; Cloud keeps its historical output).
 * A few extra fields, not JSON fields, carry what the human output needs (`authorName`, `kind`).
 */

import type { BranchRestrictionMethods } from './branch-restrictions.js';
import type { FileMethods } from './files.js';
import type { TaskMethods } from './tasks.js';
import type { PullRequestChangeMethods } from './pr-changes.js';
import type { ReviewQueueMethods } from './review-queue.js';
import type { CommitCommentMethods } from './commit-comments.js';
import type { InsightMethods } from './insights.js';
import type { PermissionMethods } from './permissions.js';
import type { PullRequestMethods } from './pullrequests.js';
import type { WebhookMethods } from './webhooks.js';
import type { HostInfo, HostKind, RepoLocator } from '../core/host.js';

export type { HostInfo, HostKind, RepoLocator } from '../core/host.js';

// ---------------------------------------------------------------------------------------------------
// Writes: planned, then sent. A command prints the plan with --dry-run (src/provider/dry-run.ts) or sends it.

export interface PlannedWrite {
  /** `METHOD /path/template` exactly as in the host's spec (DC: below /rest, as in src/scopes/generated/dc-operations.ts). */
  operation: string;
  params: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface Write<T> {
  /** The request(s) the write sends, in order (one for most). */
  plan: PlannedWrite[];
  send(): Promise<T>;
}

export interface ListOptions {
  /** --limit (default 30); ignored with `all`. */
  limit?: number;
  all?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Domain types

export interface AccountRef {
  displayName?: string | null;
  nickname?: string | null;
  uuid?: string | null;
  accountId?: string | null;
  type?: string | null;
  url?: string | null;
}

/** `bb repo … --json` (REPO_JSON_FIELDS). */
export interface Repository {
  name?: string | null;
  fullName?: string | null;
  slug: string;
  description: string;
  isPrivate?: boolean | null;
  visibility: 'public' | 'private';
  language: string;
  mainBranch: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  size?: number | null;
  uuid?: string | null;
  /** Web page. */
  url?: string | null;
  project: { key?: string | null; name?: string | null; uuid?: string | null } | null;
  owner: { displayName?: string | null; uuid?: string | null; nickname?: string | null; username?: string | null } | null;
  scm?: string | null;
  forkPolicy?: string | null;
  hasIssues?: boolean | null;
  hasWiki?: boolean | null;
  parent: string | null;
  httpsUrl: string | null;
  sshUrl: string | null;
}

export interface ListRepositoriesOptions extends ListOptions {
  /** Cloud: a BBQL expression; DC: a name filter. */
  search?: string;
  visibility?: 'public' | 'private';
  language?: string;
  /** Cloud only: `-updated_on` by default. */
  sort?: string;
  /** Cloud: the item fields the output reads (`fields=`). */
  fields?: readonly string[];
}

export interface CreateRepositoryInput {
  /** Cloud: the workspace; DC: the project key. */
  owner: string;
  name: string;
  slug: string;
  isPrivate: boolean;
  description?: string;
  /** Cloud: the project key to put it in. */
  project?: string;
}

/** `bb repo fork`: where the fork goes and what it is called (default: your own workspace/personal project, the parent's name). */
export interface ForkRepositoryInput {
  /** Cloud: the workspace; DC: the project key (default: your personal project). */
  owner?: string;
  name?: string;
  /** Cloud only: a private or public fork (default: as Bitbucket decides from the parent). */
  isPrivate?: boolean;
}

/** `bb repo edit` / `bb repo rename`: what to change (left out: unchanged). */
export interface RepositoryChange {
  name?: string;
  description?: string;
  isPrivate?: boolean;
  mainBranch?: string;
  /** Cloud: allow_forks, no_public_forks, no_forks; DC: forkable (allow_forks) or not (no_forks). */
  forkPolicy?: 'allow_forks' | 'no_public_forks' | 'no_forks';
  /** Cloud only. */
  hasIssues?: boolean;
  hasWiki?: boolean;
  language?: string;
  website?: string;
}

/** `bb project … --json` (PROJECT_JSON_FIELDS). */
export interface Project {
  key?: string | null;
  name?: string | null;
  description: string;
  isPrivate?: boolean | null;
  visibility: 'public' | 'private';
  uuid?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  hasPubliclyVisibleRepos: boolean | null;
  url: string | null;
}

export interface CreateProjectInput {
  /** Cloud: the workspace; DC: ignored. */
  owner: string;
  name: string;
  key: string;
  isPrivate: boolean;
  description?: string;
}

/** A branch or tag: `bb branch|tag … --json` (REF_JSON_FIELDS). */
export interface Ref {
  name: string | null;
  commit: string | null;
  commitDate: string | null;
  commitSubject: string;
  author: AccountRef | string | null;
  message: string | null;
  url: string | null;
  /** For tables: the author's nickname, name or raw name. */
  authorName: string;
}

export interface ListRefsOptions extends ListOptions {
  /** Names containing this text. */
  search?: string;
}

/** `bb commit … --json` (COMMIT_JSON_FIELDS). */
export interface Commit {
  hash: string | null;
  shortHash: string;
  subject: string;
  message: string;
  /** `Name <email>` as git has it. */
  author: string | null;
  authorUser: AccountRef | null;
  date: string | null;
  parents: string[];
  url: string | null;
  /** For tables. */
  authorName: string;
}

export interface ListCommitsOptions extends ListOptions {
  /** Reachable from this ref (default: every branch on Cloud, the default branch on DC). */
  branch?: string;
  exclude?: string;
  path?: string;
}

export type BuildState = 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED';

/** `bb status … --json` (STATUS_JSON_FIELDS). DC's CANCELLED reads as STOPPED, UNKNOWN as INPROGRESS. */
export interface BuildStatus {
  key: string | null;
  name: string | null;
  state: BuildState | string | null;
  url: string | null;
  description: string | null;
  refName: string | null;
  commit: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface SetBuildStatusInput {
  commit: string;
  key: string;
  state: BuildState;
  name?: string;
  url?: string;
  description?: string;
  refname?: string;
}

/** `bb repo default-reviewers list --json` (ACCOUNT_JSON_FIELDS). DC: the users of the repository's reviewer conditions. */
export interface Reviewer extends AccountRef {
  /** DC: the conditions (`source → target`, required approvals) the user is in. */
  conditions?: string[];
}

/** DC HTTP access tokens (`bb token …`). */
export interface AccessToken {
  id: string;
  name: string;
  permissions: string[];
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  owner: string | null;
  /** `user` (personal), `project:KEY` or `repository:KEY/slug`. */
  scope: string;
  /** Only in the answer to a creation: the secret, shown once. */
  token?: string;
}

export type TokenScope = { kind: 'user' } | { kind: 'project'; project: string } | { kind: 'repository'; repo: RepoLocator };

export interface CreateAccessTokenInput {
  scope: TokenScope;
  name: string;
  permissions: string[];
  expiryDays?: number;
}

/** An SSH key of the user's account: `bb ssh-key … --json` (KEY_JSON_FIELDS). Cloud ids are UUIDs, DC ids numbers. */
export interface SshKey {
  id: string | null;
  label: string;
  key: string | null;
  comment: string | null;
  fingerprint: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
}

// ---------------------------------------------------------------------------------------------------
// The interface, by area. Each area has a file in each adapter (src/provider/cloud/<area>.ts,
// src/provider/dc/<area>.ts) exporting a factory `(deps) => AreaMethods`; the adapter's index.ts spreads them.

export interface RepositoryMethods {
  /** What `bb repo default-reviewers list` shows beside a reviewer: Cloud the user's `uuid`; DC the reviewer `conditions` that add them. */
  readonly defaultReviewerDetail: 'uuid' | 'conditions';
  /**
   * `bb repo list`'s owner, from its argument: Cloud the workspace (it, else the default_workspace setting, else the
   * current repository's); DC the project key given, or undefined for every repository you can see.
   */
  repositoryListOwner(workspace: unknown): Promise<string | undefined>;
  /**
   * Where `bb repo create` puts the repository: Cloud the workspace (the argument, else as repositoryListOwner); DC the
   * project: `project` when no workspace is given, else the workspace argument or the context's project.
   */
  repositoryCreateOwner(workspace: string | undefined, project: string | undefined): Promise<string>;
  /** Cloud: `owner` is the workspace (required); DC: the project key, or undefined for every visible repository. */
  listRepositories(owner: string | undefined, opts: ListRepositoriesOptions): Promise<Repository[]>;
  getRepository(repo: RepoLocator): Promise<Repository>;
  createRepository(input: CreateRepositoryInput): Promise<Write<Repository>>;
  deleteRepository(repo: RepoLocator): Promise<Write<void>>;
  forkRepository(repo: RepoLocator, input: ForkRepositoryInput): Promise<Write<Repository>>;
  /** `bb repo forks`: the repository's forks (DC: those you can read). `fields`: Cloud's item fields (`fields=`). */
  listForks(repo: RepoLocator, opts: ListOptions & { fields?: readonly string[] }): Promise<Repository[]>;
  /** The repository as it is after the change (a rename changes its slug). */
  updateRepository(repo: RepoLocator, change: RepositoryChange): Promise<Write<Repository>>;
  /** The main branch's name; INVALID_ARGUMENT when the repository has none. */
  mainBranch(repo: RepoLocator): Promise<string>;
  listDefaultReviewers(repo: RepoLocator, opts: ListOptions): Promise<Reviewer[]>;
  addDefaultReviewer(repo: RepoLocator, user: string): Promise<Write<Reviewer | undefined>>;
  removeDefaultReviewer(repo: RepoLocator, user: string): Promise<Write<void>>;
}

export interface ProjectMethods {
  /** What `owner` is called (`bb project view`): Cloud `workspace`, DC `host`. */
  readonly projectOwnerTerm: string;
  /**
   * Where projects live, from the command's workspace argument or flag: Cloud the workspace (it, else the
   * default_workspace setting, else the current repository's); DC the instance (its hosts.json key; no argument is read).
   */
  projectOwner(workspace: unknown): Promise<string>;
  /** `bb project view KEY`: Cloud `KEY` or `WORKSPACE/KEY` (the workspace else as projectOwner); DC a key on the instance. */
  projectArg(key: unknown, workspace: unknown): Promise<{ workspace: string; key: string }>;
  /** Cloud: `owner` is the workspace; DC: ignored (every visible project). */
  listProjects(owner: string, opts: ListOptions): Promise<Project[]>;
  getProject(owner: string, key: string): Promise<Project>;
  createProject(input: CreateProjectInput): Promise<Write<Project>>;
  /** `bb project edit`: the project as it is after the change (Cloud reads it first: its PUT would create a missing one). */
  updateProject(owner: string, key: string, change: ProjectChange): Promise<Write<Project>>;
  deleteProject(owner: string, key: string): Promise<Write<void>>;
  /** `bb project default-reviewers …`: Cloud's project default reviewers; DC: the users of the project's reviewer conditions. */
  listProjectDefaultReviewers(owner: string, key: string, opts: ListOptions & { fields?: readonly string[] }): Promise<Reviewer[]>;
  /** `user`: a username, `{uuid}` or account id. */
  addProjectDefaultReviewer(owner: string, key: string, user: string): Promise<Write<Reviewer | undefined>>;
  removeProjectDefaultReviewer(owner: string, key: string, user: string): Promise<Write<void>>;
}

/** `bb project edit`: what to change (left out: unchanged). */
export interface ProjectChange {
  name?: string;
  description?: string;
  isPrivate?: boolean;
}

export interface RefMethods {
  listBranches(repo: RepoLocator, opts: ListRefsOptions): Promise<Ref[]>;
  /** `from`: a branch, tag or commit (default: the main branch), resolved to a hash before the plan is made. */
  createBranch(repo: RepoLocator, name: string, from: string | undefined): Promise<Write<Ref> & { hash: string }>;
  deleteBranch(repo: RepoLocator, name: string): Promise<Write<void>>;
  listTags(repo: RepoLocator, opts: ListRefsOptions): Promise<Ref[]>;
  /** One tag by name (API_NOT_FOUND when there is none). */
  getTag(repo: RepoLocator, name: string): Promise<Ref>;
  createTag(repo: RepoLocator, name: string, target: string | undefined, message: string | undefined): Promise<Write<Ref> & { hash: string }>;
  deleteTag(repo: RepoLocator, name: string): Promise<Write<void>>;
}

export interface CommitMethods {
  listCommits(repo: RepoLocator, opts: ListCommitsOptions): Promise<Commit[]>;
  getCommit(repo: RepoLocator, rev: string): Promise<Commit>;
}

export interface StatusMethods {
  listBuildStatuses(repo: RepoLocator, commit: string): Promise<BuildStatus[]>;
  setBuildStatus(repo: RepoLocator, input: SetBuildStatusInput): Promise<Write<BuildStatus>>;
}

/** DC only (Cloud's methods throw NOT_ON_CLOUD-style errors: Cloud access tokens are made in the web UI). */
export interface TokenMethods {
  listAccessTokens(scope: TokenScope, opts: ListOptions): Promise<AccessToken[]>;
  createAccessToken(input: CreateAccessTokenInput): Promise<Write<AccessToken>>;
  revokeAccessToken(scope: TokenScope, id: string): Promise<Write<void>>;
}

/** The SSH keys of the credential's user (Cloud `/users/{selected_user}/ssh-keys`, DC `/ssh/latest/keys`). */
export interface SshKeyMethods {
  listSshKeys(opts: ListOptions): Promise<SshKey[]>;
  /** `key`: an OpenSSH public key line, already checked. */
  addSshKey(key: string, label: string | undefined): Promise<Write<SshKey>>;
  /** `id` as the user typed it; INVALID_ARGUMENT unless it is the host's kind of key id. `id` of the result: normalised. */
  deleteSshKey(id: string): Promise<Write<void> & { id: string }>;
}

export interface Provider
  extends RepositoryMethods,
    ProjectMethods,
    RefMethods,
    CommitMethods,
    StatusMethods,
    TokenMethods,
    PullRequestMethods,
    WebhookMethods,
    SshKeyMethods,
    BranchRestrictionMethods,
    FileMethods,
    TaskMethods,
    PullRequestChangeMethods,
    ReviewQueueMethods,
    InsightMethods,
    CommitCommentMethods,
    PermissionMethods {
  readonly kind: HostKind;
  readonly host: HostInfo;
}
