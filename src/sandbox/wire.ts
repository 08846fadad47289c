import { rendered } from './markdown.js';
import type { GitCommit, GitRef, GitTag } from './git.js';
import type { CommitStatusRecord, ProjectRecord, RepositoryRecord, Store, UserRecord, WorkspaceRecord } from './state.js';

/**
 * Model → Bitbucket Cloud JSON, following the spec's component schemas (repository, workspace,
 * project, account/user, branch, tag, commit, commitstatus). Links are absolute: the API under
 * `{origin}/2.0`, web pages under `{origin}/{ws}/{repo}`, clones at `{origin}/{ws}/{repo}.git`.
 */

export class Urls {
  constructor(readonly origin: string) {}

  get apiBase(): string {
    return `${this.origin}/2.0`;
  }

  api(path: string): string {
    return `${this.apiBase}${path}`;
  }

  html(path: string): string {
    return `${this.origin}${path}`;
  }

  clone(workspace: string, slug: string): string {
    return `${this.origin}/${workspace}/${slug}.git`;
  }

  /** Nothing serves ssh; the entry exists because Bitbucket's has one (URI form, for the schema). */
  ssh(workspace: string, slug: string): string {
    return `ssh://git@${new URL(this.origin).hostname}/${workspace}/${slug}.git`;
  }

  avatar(kind: string, id: string): string {
    return `${this.origin}/_sandbox/avatar/${kind}/${encodeURIComponent(id)}.png`;
  }
}

const link = (href: string) => ({ href });
const enc = encodeURIComponent;

/** The full user (GET /user): the embedded account shape plus the account's own fields. */
export function userJson(urls: Urls, u: UserRecord): Record<string, unknown> {
  return { ...accountRef(urls, u), account_status: 'active', created_on: u.created_on, has_2fa_enabled: false, is_staff: false };
}

/** The short account shape Bitbucket embeds in other objects. */
export function accountRef(urls: Urls, u: UserRecord): Record<string, unknown> {
  return {
    type: 'user',
    uuid: u.uuid,
    account_id: u.account_id,
    nickname: u.nickname,
    display_name: u.display_name,
    links: {
      self: link(urls.api(`/users/${enc(u.uuid)}`)),
      html: link(urls.html(`/${enc(u.uuid)}/`)),
      avatar: link(urls.avatar('user', u.account_id)),
    },
  };
}

export function workspaceJson(urls: Urls, w: WorkspaceRecord): Record<string, unknown> {
  return {
    type: 'workspace',
    uuid: w.uuid,
    slug: w.slug,
    name: w.name,
    is_private: w.is_private,
    created_on: w.created_on,
    links: {
      self: link(urls.api(`/workspaces/${w.slug}`)),
      html: link(urls.html(`/${w.slug}/`)),
      avatar: link(urls.avatar('workspace', w.slug)),
      members: link(urls.api(`/workspaces/${w.slug}/members`)),
      owners: link(urls.api(`/workspaces/${w.slug}/members?q=permission%3D%22owner%22`)),
      projects: link(urls.api(`/workspaces/${w.slug}/projects`)),
      repositories: link(urls.api(`/repositories/${w.slug}`)),
      snippets: link(urls.api(`/snippets/${w.slug}`)),
    },
  };
}

/** The short workspace shape embedded in repositories and memberships. */
export function workspaceRef(urls: Urls, w: WorkspaceRecord): Record<string, unknown> {
  return {
    type: 'workspace',
    uuid: w.uuid,
    slug: w.slug,
    name: w.name,
    links: { self: link(urls.api(`/workspaces/${w.slug}`)), html: link(urls.html(`/${w.slug}/`)), avatar: link(urls.avatar('workspace', w.slug)) },
  };
}

/** The `workspace_base` shape (links: self and avatar only), as in /user/workspaces. */
export function workspaceBase(urls: Urls, w: WorkspaceRecord): Record<string, unknown> {
  return {
    type: 'workspace_base',
    uuid: w.uuid,
    slug: w.slug,
    name: w.name,
    links: { self: link(urls.api(`/workspaces/${w.slug}`)), avatar: link(urls.avatar('workspace', w.slug)) },
  };
}

/** Projects are owned by a team-shaped account (the workspace). */
function teamOwner(urls: Urls, w: WorkspaceRecord): Record<string, unknown> {
  return {
    type: 'team',
    uuid: w.uuid,
    username: w.slug,
    display_name: w.name,
    links: { self: link(urls.api(`/workspaces/${w.slug}`)), html: link(urls.html(`/${w.slug}/`)), avatar: link(urls.avatar('workspace', w.slug)) },
  };
}

export function projectJson(urls: Urls, store: Store, p: ProjectRecord): Record<string, unknown> {
  const ws = store.workspace(p.workspace) as WorkspaceRecord;
  const repos = store.repositoriesOf(p.workspace).filter((r) => r.project === p.key);
  return {
    type: 'project',
    uuid: p.uuid,
    key: p.key,
    name: p.name,
    description: p.description,
    is_private: p.is_private,
    created_on: p.created_on,
    updated_on: p.updated_on,
    has_publicly_visible_repos: repos.some((r) => !r.is_private),
    owner: teamOwner(urls, ws),
    workspace: workspaceRef(urls, ws),
    // the spec's project links allow html and avatar only
    links: {
      html: link(urls.html(`/${p.workspace}/workspace/projects/${p.key}`)),
      avatar: link(urls.avatar('project', p.uuid)),
    },
  };
}

function projectRef(urls: Urls, p: ProjectRecord): Record<string, unknown> {
  return {
    type: 'project',
    uuid: p.uuid,
    key: p.key,
    name: p.name,
    links: { html: link(urls.html(`/${p.workspace}/workspace/projects/${p.key}`)), avatar: link(urls.avatar('project', p.uuid)) },
  };
}

/** `size`: bytes of the repository's git objects (handlers/common.ts `repoSizes`). */
export function repositoryJson(urls: Urls, store: Store, r: RepositoryRecord, size: number): Record<string, unknown> {
  const ws = store.workspace(r.workspace) as WorkspaceRecord;
  const project = r.project ? store.project(r.workspace, r.project) : undefined;
  const base = `/repositories/${r.workspace}/${r.slug}`;
  const owner = ws.members.find((m) => m.permission === 'owner');
  const ownerUser = owner ? store.data.users[owner.user] : undefined;
  return {
    type: 'repository',
    uuid: r.uuid,
    name: r.name,
    slug: r.slug,
    full_name: `${r.workspace}/${r.slug}`,
    description: r.description,
    scm: 'git',
    is_private: r.is_private,
    fork_policy: r.fork_policy,
    language: r.language,
    created_on: r.created_on,
    updated_on: r.updated_on,
    size,
    has_issues: r.has_issues,
    has_wiki: r.has_wiki,
    mainbranch: { type: 'branch', name: r.mainbranch },
    owner: ownerUser ? accountRef(urls, ownerUser) : teamOwner(urls, ws),
    workspace: workspaceRef(urls, ws),
    ...(project ? { project: projectRef(urls, project) } : {}),
    ...(r.parent && store.data.repositories[r.parent] ? { parent: repositoryRef(urls, store.data.repositories[r.parent] as RepositoryRecord) } : {}),
    links: {
      self: link(urls.api(base)),
      html: link(urls.html(`/${r.workspace}/${r.slug}`)),
      avatar: link(urls.avatar('repository', r.uuid)),
      pullrequests: link(urls.api(`${base}/pullrequests`)),
      commits: link(urls.api(`${base}/commits`)),
      forks: link(urls.api(`${base}/forks`)),
      watchers: link(urls.api(`${base}/watchers`)),
      downloads: link(urls.api(`${base}/downloads`)),
      hooks: link(urls.api(`${base}/hooks`)),
      clone: [
        { name: 'https', href: urls.clone(r.workspace, r.slug) },
        { name: 'ssh', href: urls.ssh(r.workspace, r.slug) },
      ],
    },
  };
}

/** The short repository shape embedded in commits, refs and pull requests. */
export function repositoryRef(urls: Urls, r: RepositoryRecord): Record<string, unknown> {
  return {
    type: 'repository',
    uuid: r.uuid,
    name: r.name,
    full_name: `${r.workspace}/${r.slug}`,
    links: {
      self: link(urls.api(`/repositories/${r.workspace}/${r.slug}`)),
      html: link(urls.html(`/${r.workspace}/${r.slug}`)),
      avatar: link(urls.avatar('repository', r.uuid)),
    },
  };
}

function authorJson(urls: Urls, store: Store, who: { name: string; email: string }): Record<string, unknown> {
  const user = Object.values(store.data.users).find((u) => u.email.toLowerCase() === who.email.toLowerCase());
  return { type: 'author', raw: `${who.name} <${who.email}>`, ...(user ? { user: accountRef(urls, user) } : {}) };
}

export function commitJson(urls: Urls, store: Store, r: RepositoryRecord, c: GitCommit): Record<string, unknown> {
  const base = `/repositories/${r.workspace}/${r.slug}`;
  return {
    type: 'commit',
    hash: c.hash,
    date: new Date(c.committer.date || c.author.date).toISOString(),
    author: authorJson(urls, store, c.author),
    committer: authorJson(urls, store, c.committer),
    message: c.message,
    summary: rendered(c.message),
    parents: c.parents.map((p) => ({
      type: 'commit',
      hash: p,
      links: { self: link(urls.api(`${base}/commit/${p}`)), html: link(urls.html(`/${r.workspace}/${r.slug}/commits/${p}`)) },
    })),
    repository: repositoryRef(urls, r),
    links: {
      self: link(urls.api(`${base}/commit/${c.hash}`)),
      html: link(urls.html(`/${r.workspace}/${r.slug}/commits/${c.hash}`)),
      diff: link(urls.api(`${base}/diff/${c.hash}`)),
      patch: link(urls.api(`${base}/patch/${c.hash}`)),
      comments: link(urls.api(`${base}/commit/${c.hash}/comments`)),
      approve: link(urls.api(`${base}/commit/${c.hash}/approve`)),
      statuses: link(urls.api(`${base}/commit/${c.hash}/statuses`)),
    },
  };
}

export const MERGE_STRATEGIES = ['merge_commit', 'squash', 'fast_forward', 'squash_fast_forward', 'rebase_fast_forward', 'rebase_merge'];

export function branchJson(urls: Urls, store: Store, r: RepositoryRecord, ref: GitRef, target: GitCommit | undefined): Record<string, unknown> {
  const base = `/repositories/${r.workspace}/${r.slug}`;
  return {
    type: 'branch',
    name: ref.name,
    target: target ? commitJson(urls, store, r, target) : { type: 'commit', hash: ref.target },
    merge_strategies: MERGE_STRATEGIES,
    default_merge_strategy: 'merge_commit',
    links: {
      self: link(urls.api(`${base}/refs/branches/${encodeRefName(ref.name)}`)),
      commits: link(urls.api(`${base}/commits/${encodeRefName(ref.name)}`)),
      html: link(urls.html(`/${r.workspace}/${r.slug}/branch/${encodeRefName(ref.name)}`)),
    },
  };
}

export function tagJson(urls: Urls, store: Store, r: RepositoryRecord, ref: GitTag, target: GitCommit | undefined): Record<string, unknown> {
  const base = `/repositories/${r.workspace}/${r.slug}`;
  return {
    type: 'tag',
    name: ref.name,
    target: target ? commitJson(urls, store, r, target) : { type: 'commit', hash: ref.target },
    ...(ref.message !== undefined ? { message: ref.message } : {}),
    ...(ref.tagger?.date ? { date: new Date(ref.tagger.date).toISOString(), tagger: authorJson(urls, store, ref.tagger) } : {}),
    links: {
      self: link(urls.api(`${base}/refs/tags/${encodeRefName(ref.name)}`)),
      commits: link(urls.api(`${base}/commits/${encodeRefName(ref.name)}`)),
      html: link(urls.html(`/${r.workspace}/${r.slug}/commits/tag/${encodeRefName(ref.name)}`)),
    },
  };
}

export function statusJson(urls: Urls, r: RepositoryRecord, s: CommitStatusRecord): Record<string, unknown> {
  const base = `/repositories/${r.workspace}/${r.slug}`;
  return {
    type: 'build',
    uuid: s.uuid,
    key: s.key,
    state: s.state,
    name: s.name,
    description: s.description,
    url: s.url,
    ...(s.refname ? { refname: s.refname } : {}),
    created_on: s.created_on,
    updated_on: s.updated_on,
    links: {
      self: link(urls.api(`${base}/commit/${s.commit}/statuses/build/${enc(s.key)}`)),
      commit: link(urls.api(`${base}/commit/${s.commit}`)),
    },
  };
}

/** Branch names keep their slashes in URLs (`feature/x`), other characters are encoded. */
export function encodeRefName(name: string): string {
  return name.split('/').map(enc).join('/');
}
