import { rm } from 'node:fs/promises';
import type { GitCommit } from '../git.js';
import { type DcComment, type DcProject, type DcPullRequest, type DcRepo, type DcStore, type DcUser, prSource } from './model.js';

/**
 * Bitbucket Data Center handlers, keyed by operation (`METHOD /path/template` of spec/bitbucket-dc.openapi.json,
 * below /rest). Permissions are checked by the server before a handler runs (server.ts). Shapes follow the
 * spec's Rest* schemas (checked with ajv in src/sandbox/dc/dc-sandbox.test.ts).
 */

export class DcApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly exceptionName = 'com.atlassian.bitbucket.ServiceException',
  ) {
    super(message);
  }
}

export interface DcReply {
  status: number;
  json?: unknown;
}

export interface DcContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  user: DcUser | undefined;
  store: DcStore;
  base: string;
  now: () => number;
}

export type DcHandler = (c: DcContext) => Promise<DcReply> | DcReply;

const R = '/api/latest/projects/{projectKey}/repos/{repositorySlug}';
const PR = `${R}/pull-requests/{pullRequestId}`;

// ---------------- shapes ----------------

export function userJson(u: DcUser, base: string) {
  return {
    name: u.slug,
    emailAddress: u.emailAddress,
    id: u.id,
    displayName: u.displayName,
    active: true,
    slug: u.slug,
    type: 'NORMAL',
    links: { self: [{ href: `${base}/users/${u.slug}` }] },
  };
}

export function projectJson(p: DcProject, base: string) {
  return {
    key: p.key,
    id: p.id,
    name: p.name,
    description: p.description,
    public: p.public,
    type: p.key.startsWith('~') ? 'PERSONAL' : 'NORMAL',
    links: { self: [{ href: `${base}/projects/${p.key}` }] },
  };
}

export function repoJson(store: DcStore, r: DcRepo, base: string): Record<string, unknown> {
  const project = store.project(r.project) as DcProject;
  return {
    slug: r.slug,
    id: r.id,
    name: r.name,
    hierarchyId: createHashId(r.id),
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: r.forkable ?? true,
    ...(r.description ? { description: r.description } : {}),
    project: projectJson(project, base),
    public: r.public,
    archived: false,
    links: {
      clone: [{ href: `${base}/scm/${project.key.toLowerCase()}/${r.slug}.git`, name: 'http' }],
      self: [{ href: `${base}/projects/${project.key}/repos/${r.slug}/browse` }],
    },
    ...(r.origin !== undefined && store.repos[r.origin] ? { origin: repoJson(store, store.repos[r.origin] as DcRepo, base) } : {}),
  };
}

function createHashId(id: number): string {
  return id.toString(16).padStart(20, '0');
}

export function commitJson(c: GitCommit) {
  const person = (p: GitCommit['author']) => ({ name: p.name, emailAddress: p.email });
  return {
    id: c.hash,
    displayId: c.hash.slice(0, 11),
    author: person(c.author),
    authorTimestamp: Date.parse(c.author.date),
    committer: person(c.committer),
    committerTimestamp: Date.parse(c.committer.date),
    message: c.message.replace(/\n+$/, ''),
    parents: c.parents.map((p) => ({ id: p, displayId: p.slice(0, 11) })),
  };
}

export function prJson(store: DcStore, pr: DcPullRequest, base: string) {
  const repo = store.repos[pr.repo] as DcRepo;
  const ref = (name: string, hash: string, r: DcRepo = repo) => ({
    id: `refs/heads/${name}`,
    displayId: name,
    latestCommit: hash,
    type: 'BRANCH',
    repository: repoJson(store, r, base),
  });
  const part = (p: DcPullRequest['participants'][number]) => ({
    user: userJson(store.users[p.user] as DcUser, base),
    role: p.role,
    approved: p.approved,
    status: p.status,
  });
  return {
    id: pr.id,
    version: pr.version,
    title: pr.title,
    description: pr.description,
    state: pr.state,
    open: pr.state === 'OPEN',
    closed: pr.state !== 'OPEN',
    draft: false,
    createdDate: pr.createdDate,
    updatedDate: pr.updatedDate,
    ...(pr.closedDate ? { closedDate: pr.closedDate } : {}),
    fromRef: ref(pr.from, pr.fromHash, (pr.fromRepo !== undefined ? store.repos[pr.fromRepo] : undefined) ?? repo),
    toRef: ref(pr.to, pr.toHash),
    locked: false,
    author: part(pr.participants.find((p) => p.role === 'AUTHOR') as DcPullRequest['participants'][number]),
    reviewers: pr.participants.filter((p) => p.role === 'REVIEWER').map(part),
    participants: pr.participants.filter((p) => p.role === 'PARTICIPANT').map(part),
    links: { self: [{ href: `${base}/projects/${repo.project}/repos/${repo.slug}/pull-requests/${pr.id}` }] },
  };
}

export function commentJson(store: DcStore, c: DcComment, base: string): Record<string, unknown> {
  return {
    id: c.id,
    version: c.version,
    text: c.text,
    author: userJson(store.users[c.author] as DcUser, base),
    createdDate: c.createdDate,
    updatedDate: c.updatedDate,
    state: c.state,
    severity: c.severity,
    threadResolved: c.state === 'RESOLVED',
    comments: Object.values(store.comments)
      .filter((x) => x.parent === c.id)
      .map((x) => commentJson(store, x, base)),
  };
}

// ---------------- helpers ----------------

/** DC paging: `start`, `limit` (default 25, max 1000) → `{size, limit, start, isLastPage, values, nextPageStart?}`. */
export function page<T>(c: DcContext, items: T[]) {
  const start = Math.max(0, Number.parseInt(c.query.get('start') ?? '0', 10) || 0);
  const limit = Math.min(1000, Math.max(1, Number.parseInt(c.query.get('limit') ?? '25', 10) || 25));
  const values = items.slice(start, start + limit);
  const isLastPage = start + values.length >= items.length;
  return { size: values.length, limit, start, isLastPage, values, ...(isLastPage ? {} : { nextPageStart: start + values.length }) };
}

export function repoOf(c: DcContext): DcRepo {
  const repo = c.store.repo(c.params.projectKey ?? '', c.params.repositorySlug ?? '');
  if (!repo)
    throw new DcApiError(
      404,
      `Repository ${c.params.projectKey}/${c.params.repositorySlug} does not exist.`,
      'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
    );
  return repo;
}

function projectOf(c: DcContext): DcProject {
  const p = c.store.project(c.params.projectKey ?? '');
  if (!p) throw new DcApiError(404, `Project ${c.params.projectKey} does not exist.`, 'com.atlassian.bitbucket.project.NoSuchProjectException');
  return p;
}

export function prOf(c: DcContext): { repo: DcRepo; pr: DcPullRequest } {
  const repo = repoOf(c);
  const pr = c.store.pullRequests[c.store.prKey(repo, c.params.pullRequestId ?? '')];
  if (!pr)
    throw new DcApiError(
      404,
      `Pull request ${c.params.pullRequestId} does not exist in ${repo.project}/${repo.slug}.`,
      'com.atlassian.bitbucket.pull.NoSuchPullRequestException',
    );
  return { repo, pr };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function me(c: DcContext): DcUser {
  if (!c.user) throw new DcApiError(401, 'Authentication required', 'com.atlassian.bitbucket.AuthorisationException');
  return c.user;
}

function branchName(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function participant(pr: DcPullRequest, user: string): DcPullRequest['participants'][number] {
  let p = pr.participants.find((x) => x.user === user);
  if (!p) {
    p = { user, role: 'PARTICIPANT', approved: false, status: 'UNAPPROVED' };
    pr.participants.push(p);
  }
  return p;
}

export function checkVersion(c: DcContext, pr: DcPullRequest): void {
  const v = c.query.get('version') ?? (typeof c.body.version === 'number' ? String(c.body.version) : undefined);
  if (v !== undefined && Number(v) !== pr.version)
    throw new DcApiError(
      409,
      `You are attempting to modify a pull request based on out-of-date information (version ${v}, current ${pr.version}).`,
      'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
    );
}

async function merge(c: DcContext, repo: DcRepo, pr: DcPullRequest): Promise<void> {
  const git = c.store.git(repo);
  const ours = await git.resolve(pr.to);
  const theirs = await prSource(c.store, pr);
  if (!ours || !theirs) throw new DcApiError(409, 'The source or target branch no longer exists.');
  const user = me(c);
  let result: string;
  if ((await git.mergeBase(ours, theirs)) === ours) {
    result = theirs;
  } else {
    let tree: string;
    try {
      tree = (await git.git(['merge-tree', '--write-tree', ours, theirs])).split('\n')[0]?.trim() ?? '';
    } catch {
      throw new DcApiError(409, 'The pull request has conflicts and cannot be merged.', 'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException');
    }
    const message = `Merge pull request #${pr.id} in ${repo.project}/${repo.slug} from ${pr.from} to ${pr.to}\n\n* commit '${theirs}':\n`;
    const date = new Date(c.now()).toISOString();
    const env = {
      GIT_AUTHOR_NAME: user.displayName,
      GIT_AUTHOR_EMAIL: user.emailAddress,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: user.displayName,
      GIT_COMMITTER_EMAIL: user.emailAddress,
      GIT_COMMITTER_DATE: date,
    };
    result = (await git.git(['commit-tree', tree, '-p', ours, '-p', theirs], message, env)).trim();
  }
  await git.updateRef(`refs/heads/${pr.to}`, result);
  pr.state = 'MERGED';
  pr.toHash = result;
  pr.closedDate = c.now();
  pr.updatedDate = c.now();
  pr.version++;
}

// ---------------- handlers ----------------

export const DC_HANDLERS: Record<string, DcHandler> = {
  'GET /api/latest/application-properties': () => ({
    status: 200,
    json: { version: '10.0.0', buildNumber: '10000000', buildDate: '1722470400000', displayName: 'Bitbucket' },
  }),

  // users
  'GET /api/latest/users': (c) => {
    const filter = (c.query.get('filter') ?? '').toLowerCase();
    const users = Object.values(c.store.users).filter(
      (u) => !filter || u.slug.includes(filter) || u.displayName.toLowerCase().includes(filter) || u.emailAddress.includes(filter),
    );
    return {
      status: 200,
      json: page(
        c,
        users.map((u) => userJson(u, c.base)),
      ),
    };
  },
  'GET /api/latest/users/{userSlug}': (c) => {
    const u = c.store.users[c.params.userSlug ?? ''];
    if (!u) throw new DcApiError(404, `User ${c.params.userSlug} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
    return { status: 200, json: userJson(u, c.base) };
  },

  // projects
  'GET /api/latest/projects': (c) => {
    const visible = Object.values(c.store.projects).filter((p) => (c as DcContextWithLevels).canSee?.(p) ?? true);
    return {
      status: 200,
      json: page(
        c,
        visible.map((p) => projectJson(p, c.base)),
      ),
    };
  },
  'GET /api/latest/projects/{projectKey}': (c) => ({ status: 200, json: projectJson(projectOf(c), c.base) }),
  'POST /api/latest/projects': (c) => {
    const key = str(c.body.key)?.toUpperCase();
    const name = str(c.body.name);
    if (!key || !name || !/^[A-Z][A-Z0-9_]*$/.test(key))
      throw new DcApiError(
        400,
        'A project needs a key (letters, digits, underscores) and a name.',
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    if (c.store.projects[key])
      throw new DcApiError(409, `Project key ${key} is already in use.`, 'com.atlassian.bitbucket.project.DuplicateProjectKeyException');
    const user = me(c);
    const p: DcProject = {
      id: c.store.next('project'),
      key,
      name,
      description: str(c.body.description) ?? '',
      public: c.body.public === true,
      permissions: { [user.slug]: 'PROJECT_ADMIN' },
    };
    c.store.projects[key] = p;
    return { status: 201, json: projectJson(p, c.base) };
  },

  // repositories
  'GET /api/latest/projects/{projectKey}/repos': (c) => {
    const p = projectOf(c);
    const repos = Object.values(c.store.repos).filter((r) => r.project === p.key && ((c as DcContextWithLevels).canRead?.(r) ?? true));
    return {
      status: 200,
      json: page(
        c,
        repos.map((r) => repoJson(c.store, r, c.base)),
      ),
    };
  },
  'GET /api/latest/repos': (c) => {
    const name = (c.query.get('name') ?? '').toLowerCase();
    const projectName = c.query.get('projectname');
    const repos = Object.values(c.store.repos).filter(
      (r) =>
        (c as DcContextWithLevels).canRead?.(r) !== false &&
        (!name || r.name.toLowerCase().includes(name)) &&
        (!projectName || c.store.project(r.project)?.name === projectName),
    );
    return {
      status: 200,
      json: page(
        c,
        repos.map((r) => repoJson(c.store, r, c.base)),
      ),
    };
  },
  [`GET ${R}`]: (c) => ({ status: 200, json: repoJson(c.store, repoOf(c), c.base) }),
  'POST /api/latest/projects/{projectKey}/repos': async (c) => {
    const p = projectOf(c);
    const name = str(c.body.name);
    if (!name) throw new DcApiError(400, 'A repository needs a name.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    const slug = slugify(name);
    if (c.store.repo(p.key, slug))
      throw new DcApiError(
        409,
        `This repository URL is already taken by '${slug}' in '${p.key}'.`,
        'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
      );
    const repo = await createRepo(c.store, p, name, { defaultBranch: str(c.body.defaultBranch) ?? 'main', public: c.body.public === true });
    return { status: 201, json: repoJson(c.store, repo, c.base) };
  },
  // Fork: into the user's personal project (~USER) unless the body names a project; the same branches and tags
  [`POST ${R}`]: async (c) => {
    const origin = repoOf(c);
    const user = me(c);
    const wanted = (c.body.project as { key?: string } | undefined)?.key;
    const key = (wanted ?? `~${user.slug}`).toUpperCase();
    let project = c.store.project(key);
    if (!project && key === `~${user.slug.toUpperCase()}`) {
      project = { id: c.store.next('project'), key, name: user.displayName, description: '', public: false, permissions: { [user.slug]: 'PROJECT_ADMIN' } };
      c.store.projects[key] = project;
    }
    if (!project) throw new DcApiError(404, `Project ${wanted} does not exist.`, 'com.atlassian.bitbucket.project.NoSuchProjectException');
    if (
      !key.startsWith('~') &&
      !['PROJECT_ADMIN', 'REPO_CREATE', 'PROJECT_WRITE'].includes(project.permissions[user.slug] ?? '') &&
      user.global !== 'ADMIN' &&
      user.global !== 'SYS_ADMIN'
    )
      throw new DcApiError(403, `You cannot create repositories in ${project.key}.`, 'com.atlassian.bitbucket.AuthorisationException');
    const name = str(c.body.name) ?? origin.name;
    if (c.store.repo(project.key, slugify(name)))
      throw new DcApiError(
        409,
        `This repository URL is already taken by '${slugify(name)}' in '${project.key}'.`,
        'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
      );
    const fork = await createRepo(c.store, project, name, { defaultBranch: origin.defaultBranch, public: false });
    fork.origin = origin.id;
    await c.store.git(fork).git(['fetch', '--quiet', c.store.gitDir(origin), '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*']);
    return { status: 201, json: repoJson(c.store, fork, c.base) };
  },
  [`DELETE ${R}`]: async (c) => {
    const repo = c.store.repo(c.params.projectKey ?? '', c.params.repositorySlug ?? '');
    // the spec: "204 No repository matching the supplied projectKey and repositorySlug was found" (DELETE is idempotent)
    if (!repo) {
      if (!c.user) throw new DcApiError(401, 'Authentication required to access this resource', 'com.atlassian.bitbucket.AuthorisationException');
      return { status: 204, json: undefined };
    }
    c.store.dropRepo(repo);
    // its git data too, as the Cloud sandbox does (src/sandbox/repos.ts deleteRepository)
    await rm(c.store.gitDir(repo), { recursive: true, force: true });
    // 202 "scheduled for deletion", declared application/json;charset=UTF-8: a JSON body, never an empty one
    return { status: 202, json: {} };
  },
  [`GET ${R}/default-branch`]: async (c) => {
    const repo = repoOf(c);
    const hash = await c.store.git(repo).resolve(repo.defaultBranch);
    return {
      status: 200,
      json: {
        id: `refs/heads/${repo.defaultBranch}`,
        displayId: repo.defaultBranch,
        type: 'BRANCH',
        latestCommit: hash,
        latestChangeset: hash,
        isDefault: true,
      },
    };
  },

  // branches and tags
  [`GET ${R}/branches`]: async (c) => {
    const repo = repoOf(c);
    const filter = c.query.get('filterText') ?? '';
    const branches = (await c.store.git(repo).branches())
      .filter((b) => !filter || b.name.includes(filter))
      .sort((a, b) => (a.name === repo.defaultBranch ? -1 : b.name === repo.defaultBranch ? 1 : a.name.localeCompare(b.name)))
      .map((b) => ({
        id: `refs/heads/${b.name}`,
        displayId: b.name,
        type: 'BRANCH',
        latestCommit: b.target,
        latestChangeset: b.target,
        isDefault: b.name === repo.defaultBranch,
      }));
    return { status: 200, json: page(c, branches) };
  },
  [`POST ${R}/branches`]: async (c) => {
    const repo = repoOf(c);
    const name = str(c.body.name);
    const start = str(c.body.startPoint);
    const git = c.store.git(repo);
    const hash = start ? await git.resolve(start) : undefined;
    if (!name || !hash)
      throw new DcApiError(400, 'A branch needs a name and an existing startPoint.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if (await git.branch(branchName(name)))
      throw new DcApiError(409, `Branch ${name} already exists.`, 'com.atlassian.bitbucket.repository.DuplicateRefException');
    await git.updateRef(`refs/heads/${branchName(name)}`, hash);
    return {
      status: 200,
      json: { id: `refs/heads/${branchName(name)}`, displayId: branchName(name), type: 'BRANCH', latestCommit: hash, latestChangeset: hash, isDefault: false },
    };
  },
  'DELETE /branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branches': async (c) => {
    const repo = repoOf(c);
    const name = branchName(str(c.body.name) ?? '');
    if (name === repo.defaultBranch) throw new DcApiError(400, 'The default branch cannot be deleted.');
    const git = c.store.git(repo);
    if (!(await git.branch(name))) throw new DcApiError(404, `Branch ${name} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchBranchException');
    await git.deleteRef(`refs/heads/${name}`);
    return { status: 204 };
  },
  [`GET ${R}/tags`]: async (c) => {
    const repo = repoOf(c);
    const tags = (await c.store.git(repo).tags()).map((t) => ({
      id: `refs/tags/${t.name}`,
      displayId: t.name,
      type: 'TAG',
      latestCommit: t.target,
      latestChangeset: t.target,
      hash: t.target,
    }));
    return { status: 200, json: page(c, tags) };
  },
  [`POST ${R}/tags`]: async (c) => {
    const repo = repoOf(c);
    const name = str(c.body.name);
    const git = c.store.git(repo);
    const hash = await git.resolve(str(c.body.startPoint) ?? '');
    if (!name || !hash)
      throw new DcApiError(400, 'A tag needs a name and an existing startPoint.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    if ((await git.tags()).some((t) => t.name === name))
      throw new DcApiError(409, `Tag ${name} already exists.`, 'com.atlassian.bitbucket.repository.DuplicateRefException');
    const user = me(c);
    await git.createTag(name, hash, str(c.body.message), { name: user.displayName, email: user.emailAddress, date: new Date(c.now()).toISOString() });
    return { status: 200, json: { id: `refs/tags/${name}`, displayId: name, type: 'TAG', latestCommit: hash, latestChangeset: hash, hash } };
  },
  'DELETE /git/latest/projects/{projectKey}/repos/{repositorySlug}/tags/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.store.git(repo);
    if (!(await git.tags()).some((t) => t.name === c.params.name))
      throw new DcApiError(404, `Tag ${c.params.name} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchTagException');
    await git.deleteRef(`refs/tags/${c.params.name}`);
    return { status: 204 };
  },

  // commits
  [`GET ${R}/commits`]: async (c) => {
    const repo = repoOf(c);
    const git = c.store.git(repo);
    const until = c.query.get('until') ?? repo.defaultBranch;
    const head = await git.resolve(until);
    if (!head)
      throw new DcApiError(404, `Commit '${until}' does not exist in repository '${repo.slug}'.`, 'com.atlassian.bitbucket.commit.NoSuchCommitException');
    const since = c.query.get('since');
    const all = await git.log([head], since ? [since] : [], 0, 10_000, c.query.get('path') ?? undefined);
    return { status: 200, json: page(c, all.map(commitJson)) };
  },
  [`GET ${R}/commits/{commitId}`]: async (c) => {
    const repo = repoOf(c);
    const commit = await c.store.git(repo).commit(c.params.commitId ?? '');
    if (!commit)
      throw new DcApiError(
        404,
        `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
        'com.atlassian.bitbucket.commit.NoSuchCommitException',
      );
    return { status: 200, json: commitJson(commit) };
  },

  // build statuses
  [`POST ${R}/commits/{commitId}/builds`]: (c) => setBuild(c, repoOf(c)),
  [`GET ${R}/commits/{commitId}/builds`]: (c) => {
    const repo = repoOf(c);
    const b = c.store.builds.find((x) => x.repo === repo.id && x.commit === c.params.commitId && x.key === c.query.get('key'));
    if (!b) throw new DcApiError(404, 'No build status with that key for this commit.', 'com.atlassian.bitbucket.build.NoSuchBuildStatusException');
    return { status: 200, json: buildJson(c.store, b) };
  },
  'GET /build-status/latest/commits/{commitId}': (c) => {
    const builds = c.store.builds.filter(
      (x) => x.commit === c.params.commitId && ((c as DcContextWithLevels).canRead?.(c.store.repos[x.repo] as DcRepo) ?? true),
    );
    return {
      status: 200,
      json: page(
        c,
        builds.map((b) => ({ state: b.state, key: b.key, name: b.name, url: b.url, description: b.description, dateAdded: b.updatedDate })),
      ),
    };
  },

  // pull requests
  [`GET ${R}/pull-requests`]: (c) => {
    const repo = repoOf(c);
    const state = (c.query.get('state') ?? 'OPEN').toUpperCase();
    const prs = Object.values(c.store.pullRequests)
      .filter((p) => p.repo === repo.id && (state === 'ALL' || p.state === state))
      .sort((a, b) => b.id - a.id);
    return {
      status: 200,
      json: page(
        c,
        prs.map((p) => prJson(c.store, p, c.base)),
      ),
    };
  },
  [`GET ${PR}`]: (c) => ({ status: 200, json: prJson(c.store, prOf(c).pr, c.base) }),
  [`POST ${R}/pull-requests`]: async (c) => {
    const repo = repoOf(c);
    const user = me(c);
    const title = str(c.body.title);
    const fromRef = (c.body.fromRef ?? {}) as Record<string, unknown>;
    const toRef = (c.body.toRef ?? {}) as Record<string, unknown>;
    const from = branchName(str(fromRef.id) ?? '');
    const to = branchName(str(toRef.id) ?? `refs/heads/${repo.defaultBranch}`);
    const git = c.store.git(repo);
    // A pull request from a fork: fromRef.repository names another repository (one of this one's forks, or its origin)
    const src = fromRef.repository as { slug?: string; project?: { key?: string } } | undefined;
    const fromRepo = src?.slug && src.project?.key ? c.store.repo(src.project.key, src.slug) : repo;
    if (!fromRepo)
      throw new DcApiError(404, `Repository ${src?.project?.key}/${src?.slug} does not exist.`, 'com.atlassian.bitbucket.repository.NoSuchRepositoryException');
    const fork = fromRepo.id !== repo.id;
    if (fork && fromRepo.origin !== repo.id && repo.origin !== fromRepo.id && (repo.origin === undefined || fromRepo.origin !== repo.origin))
      throw new DcApiError(
        400,
        `${fromRepo.project}/${fromRepo.slug} is not a fork of ${repo.project}/${repo.slug}.`,
        'com.atlassian.bitbucket.pull.InvalidPullRequestTargetException',
      );
    const draft = { fromRepo: fork ? fromRepo.id : undefined, from, repo: repo.id } as DcPullRequest;
    const fromHash = fork ? await prSource(c.store, draft) : await git.resolve(from);
    const toHash = await git.resolve(to);
    if (!title || !fromHash || !toHash)
      throw new DcApiError(
        400,
        'A pull request needs a title and existing fromRef and toRef branches.',
        'com.atlassian.bitbucket.validation.ArgumentValidationException',
      );
    if ((!fork && from === to) || (await git.mergeBase(toHash, fromHash)) === fromHash)
      throw new DcApiError(409, `${from} is already up-to-date with ${to}.`, 'com.atlassian.bitbucket.pull.EmptyPullRequestException');
    if (
      Object.values(c.store.pullRequests).some(
        (p) => p.repo === repo.id && p.state === 'OPEN' && p.from === from && p.to === to && p.fromRepo === draft.fromRepo,
      )
    )
      throw new DcApiError(
        409,
        `Only one pull request may be open for a given source and target branch.`,
        'com.atlassian.bitbucket.pull.DuplicatePullRequestException',
      );
    const id = c.store.next(`pr:${repo.id}`);
    const reviewers = Array.isArray(c.body.reviewers)
      ? (c.body.reviewers as Array<{ user?: { name?: string } }>).map((r) => r.user?.name).filter((n): n is string => !!n && !!c.store.users[n])
      : [];
    const pr: DcPullRequest = {
      id,
      repo: repo.id,
      version: 0,
      title,
      description: str(c.body.description) ?? '',
      state: 'OPEN',
      from,
      ...(fork ? { fromRepo: fromRepo.id } : {}),
      to,
      fromHash,
      toHash,
      createdDate: c.now(),
      updatedDate: c.now(),
      participants: [
        { user: user.slug, role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
        ...reviewers.filter((r) => r !== user.slug).map((r) => ({ user: r, role: 'REVIEWER' as const, approved: false, status: 'UNAPPROVED' as const })),
      ],
    };
    c.store.pullRequests[c.store.prKey(repo, id)] = pr;
    return { status: 201, json: prJson(c.store, pr, c.base) };
  },
  [`GET ${PR}/merge`]: async (c) => {
    const { pr } = prOf(c);
    return { status: 200, json: { canMerge: pr.state === 'OPEN', conflicted: false, outcome: pr.state === 'OPEN' ? 'CLEAN' : 'UNKNOWN', vetoes: [] } };
  },
  [`POST ${PR}/merge`]: async (c) => {
    const { repo, pr } = prOf(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(409, `Pull request ${pr.id} is already ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
    checkVersion(c, pr);
    await merge(c, repo, pr);
    return { status: 200, json: prJson(c.store, pr, c.base) };
  },
  [`POST ${PR}/decline`]: (c) => {
    const { pr } = prOf(c);
    if (pr.state !== 'OPEN')
      throw new DcApiError(409, `Pull request ${pr.id} is already ${pr.state.toLowerCase()}.`, 'com.atlassian.bitbucket.pull.InvalidPullRequestStateException');
    checkVersion(c, pr);
    pr.state = 'DECLINED';
    pr.closedDate = c.now();
    pr.updatedDate = c.now();
    pr.version++;
    return { status: 200, json: prJson(c.store, pr, c.base) };
  },
  [`POST ${PR}/approve`]: (c) => {
    const { pr } = prOf(c);
    const p = participant(pr, me(c).slug);
    p.approved = true;
    p.status = 'APPROVED';
    return { status: 200, json: { user: userJson(me(c), c.base), role: p.role, approved: true, status: 'APPROVED' } };
  },
  [`PUT ${PR}/participants/{userSlug}`]: (c) => {
    const { pr } = prOf(c);
    const user = me(c);
    if (c.params.userSlug !== user.slug) throw new DcApiError(400, 'You can only change your own participant status.');
    const status = str(c.body.status) ?? 'APPROVED';
    if (!['APPROVED', 'UNAPPROVED', 'NEEDS_WORK'].includes(status)) throw new DcApiError(400, `Unknown status ${status}.`);
    const p = participant(pr, user.slug);
    p.status = status as DcPullRequest['participants'][number]['status'];
    p.approved = status === 'APPROVED';
    return { status: 200, json: { user: userJson(user, c.base), role: p.role, approved: p.approved, status: p.status } };
  },
  [`GET ${PR}/activities`]: (c) => {
    const { repo, pr } = prOf(c);
    const key = c.store.prKey(repo, pr.id);
    const comments = Object.values(c.store.comments)
      .filter((x) => x.pr === key && x.parent === undefined)
      .sort((a, b) => b.id - a.id)
      .map((x) => ({
        id: x.id,
        createdDate: x.createdDate,
        user: userJson(c.store.users[x.author] as DcUser, c.base),
        action: 'COMMENTED',
        commentAction: 'ADDED',
        comment: commentJson(c.store, x, c.base),
      }));
    const opened = {
      id: pr.id * 1000,
      createdDate: pr.createdDate,
      user: userJson(c.store.users[pr.participants[0]?.user ?? ''] as DcUser, c.base),
      action: 'OPENED',
    };
    return { status: 200, json: page(c, [...comments, opened]) };
  },
  [`POST ${PR}/comments`]: (c) => {
    const { repo, pr } = prOf(c);
    const text = str(c.body.text);
    if (!text) throw new DcApiError(400, 'A comment needs text.', 'com.atlassian.bitbucket.validation.ArgumentValidationException');
    const parent = (c.body.parent as { id?: number } | undefined)?.id;
    const key = c.store.prKey(repo, pr.id);
    if (parent !== undefined && c.store.comments[parent]?.pr !== key)
      throw new DcApiError(404, `Comment ${parent} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
    const comment: DcComment = {
      id: c.store.next('comment'),
      pr: key,
      version: 0,
      text,
      author: me(c).slug,
      createdDate: c.now(),
      updatedDate: c.now(),
      state: 'OPEN',
      severity: c.body.severity === 'BLOCKER' ? 'BLOCKER' : 'NORMAL',
      ...(parent !== undefined ? { parent } : {}),
    };
    c.store.comments[comment.id] = comment;
    participant(pr, me(c).slug);
    return { status: 201, json: commentJson(c.store, comment, c.base) };
  },
  [`GET ${PR}/comments/{commentId}`]: (c) => ({ status: 200, json: commentJson(c.store, commentOf(c), c.base) }),
  [`PUT ${PR}/comments/{commentId}`]: (c) => {
    const comment = commentOf(c);
    if (typeof c.body.version === 'number' && c.body.version !== comment.version)
      throw new DcApiError(409, 'The comment has been changed since you read it.', 'com.atlassian.bitbucket.comment.CommentOutOfDateException');
    if (str(c.body.text)) comment.text = str(c.body.text) as string;
    if (c.body.state === 'RESOLVED' || c.body.state === 'OPEN') comment.state = c.body.state;
    comment.version++;
    comment.updatedDate = c.now();
    return { status: 200, json: commentJson(c.store, comment, c.base) };
  },
  [`DELETE ${PR}/comments/{commentId}`]: (c) => {
    c.store.dropComment(commentOf(c).id);
    return { status: 204 };
  },

  // SSH keys (the authenticated user's own)
  'GET /ssh/latest/keys': (c) => {
    const user = me(c);
    const keys = Object.values(c.store.sshKeys).filter((k) => k.user === user.slug);
    return {
      status: 200,
      json: page(
        c,
        keys.map((k) => ({ id: k.id, text: k.text, label: k.label })),
      ),
    };
  },
  'POST /ssh/latest/keys': (c) => {
    const text = str(c.body.text);
    if (!text || !/^(ssh-(rsa|ed25519)|ecdsa-sha2-\S+) \S+/.test(text))
      throw new DcApiError(400, 'The key is not a valid SSH public key.', 'com.atlassian.bitbucket.ssh.SshKeyException');
    const key = { id: c.store.next('ssh'), user: me(c).slug, text, label: str(c.body.label) ?? text.split(' ')[2] ?? '' };
    c.store.sshKeys[key.id] = key;
    return { status: 201, json: { id: key.id, text: key.text, label: key.label } };
  },
  // The spec: "ADMIN permission or higher" (checked by the server before this runs), so any user's key by its id.
  'DELETE /ssh/latest/keys/{keyId}': (c) => {
    me(c);
    const key = c.store.sshKeys[Number(c.params.keyId)];
    if (!key) throw new DcApiError(404, `SSH key ${c.params.keyId} does not exist.`, 'com.atlassian.bitbucket.ssh.NoSuchSshKeyException');
    delete c.store.sshKeys[key.id];
    return { status: 204 };
  },

  // HTTP access tokens
  'GET /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': (c) => {
    const repo = repoOf(c);
    const tokens = Object.values(c.store.tokens).filter((t) => t.kind === 'access' && t.repo === repo.id);
    return {
      status: 200,
      json: page(
        c,
        tokens.map((t) => ({ id: t.id, name: t.name, createdDate: new Date(t.createdDate).toISOString(), permissions: t.permissions })),
      ),
    };
  },
  'PUT /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}': (c) => {
    const repo = repoOf(c);
    const permissions = tokenPermissions(c, ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN']);
    const { token, record } = c.store.mintToken(
      { name: str(c.body.name) ?? 'token', user: me(c).slug, kind: 'access', permissions, repo: repo.id, project: repo.project },
      c.now(),
    );
    return { status: 200, json: { id: record.id, name: record.name, createdDate: new Date(record.createdDate).toISOString(), token } };
  },
  'DELETE /access-tokens/latest/projects/{projectKey}/repos/{repositorySlug}/{tokenId}': (c) => {
    const repo = repoOf(c);
    const entry = Object.entries(c.store.tokens).find(([, t]) => t.repo === repo.id && t.id === c.params.tokenId);
    if (!entry) throw new DcApiError(404, `Access token ${c.params.tokenId} does not exist.`, 'com.atlassian.bitbucket.NoSuchEntityException');
    delete c.store.tokens[entry[0]];
    return { status: 204 };
  },
  'GET /access-tokens/latest/users/{userSlug}': (c) => {
    const user = me(c);
    const tokens = Object.values(c.store.tokens).filter((t) => t.kind === 'access' && t.user === user.slug && t.repo === undefined && t.project === undefined);
    return {
      status: 200,
      json: page(
        c,
        tokens.map((t) => ({ id: t.id, name: t.name, createdDate: new Date(t.createdDate).toISOString(), permissions: t.permissions })),
      ),
    };
  },
  'PUT /access-tokens/latest/users/{userSlug}': (c) => {
    const user = me(c);
    if (c.params.userSlug !== user.slug)
      throw new DcApiError(403, 'You can only create tokens for yourself.', 'com.atlassian.bitbucket.AuthorisationException');
    const permissions = tokenPermissions(c, ['REPO_READ', 'REPO_WRITE', 'REPO_ADMIN', 'PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_ADMIN']);
    const { token, record } = c.store.mintToken({ name: str(c.body.name) ?? 'token', user: user.slug, kind: 'access', permissions }, c.now());
    return { status: 200, json: { id: record.id, name: record.name, createdDate: new Date(record.createdDate).toISOString(), token } };
  },
  'DELETE /access-tokens/latest/users/{userSlug}/{tokenId}': (c) => {
    const user = me(c);
    const entry = Object.entries(c.store.tokens).find(([, t]) => t.user === user.slug && t.id === c.params.tokenId);
    if (!entry) throw new DcApiError(404, `Access token ${c.params.tokenId} does not exist.`, 'com.atlassian.bitbucket.NoSuchEntityException');
    delete c.store.tokens[entry[0]];
    return { status: 204 };
  },
};

/** Set by the server for list handlers that show only what the caller may see (after the cap). */
export interface DcContextWithLevels extends DcContext {
  canSee?: (p: DcProject) => boolean;
  canRead?: (r: DcRepo) => boolean;
}

function commentOf(c: DcContext): DcComment {
  const { repo, pr } = prOf(c);
  const comment = c.store.comments[Number(c.params.commentId)];
  if (!comment || comment.pr !== c.store.prKey(repo, pr.id))
    throw new DcApiError(404, `Comment ${c.params.commentId} does not exist.`, 'com.atlassian.bitbucket.comment.NoSuchCommentException');
  return comment;
}

function tokenPermissions(c: DcContext, allowed: string[]): string[] {
  const perms = Array.isArray(c.body.permissions) ? (c.body.permissions as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  const bad = perms.filter((p) => !allowed.includes(p));
  if (perms.length === 0 || bad.length)
    throw new DcApiError(400, `Token permissions must be some of ${allowed.join(', ')}.`, 'com.atlassian.bitbucket.validation.ArgumentValidationException');
  return perms;
}

function buildJson(store: DcStore, b: DcStore['builds'][number]) {
  const repo = store.repos[b.repo] as DcRepo;
  return {
    key: b.key,
    state: b.state,
    url: b.url,
    ...(b.name ? { name: b.name } : {}),
    ...(b.description ? { description: b.description } : {}),
    ...(b.ref ? { ref: b.ref } : {}),
    createdDate: b.createdDate,
    updatedDate: b.updatedDate,
    projectKey: repo.project,
    repositorySlug: repo.slug,
  };
}

export async function setBuild(c: DcContext, repo: DcRepo): Promise<DcReply> {
  const key = str(c.body.key);
  const state = str(c.body.state);
  const url = str(c.body.url);
  if (!key || !url || !state || !['CANCELLED', 'FAILED', 'INPROGRESS', 'SUCCESSFUL', 'UNKNOWN'].includes(state))
    throw new DcApiError(
      400,
      'A build status needs key, state (SUCCESSFUL, FAILED, INPROGRESS, CANCELLED, UNKNOWN) and url.',
      'com.atlassian.bitbucket.validation.ArgumentValidationException',
    );
  const commit = await c.store.git(repo).resolve(c.params.commitId ?? '');
  if (!commit)
    throw new DcApiError(
      404,
      `Commit '${c.params.commitId}' does not exist in repository '${repo.slug}'.`,
      'com.atlassian.bitbucket.commit.NoSuchCommitException',
    );
  const existing = c.store.builds.find((b) => b.repo === repo.id && b.commit === commit && b.key === key);
  const rec = existing ?? { repo: repo.id, commit, key, state: 'UNKNOWN' as const, url, createdDate: c.now(), updatedDate: c.now() };
  Object.assign(rec, { state, url, name: str(c.body.name), description: str(c.body.description), ref: str(c.body.ref), updatedDate: c.now() });
  if (!existing) c.store.builds.push(rec);
  return { status: 204 };
}

/** Create a repository with an empty bare git repository. */
export async function createRepo(
  store: DcStore,
  p: DcProject,
  name: string,
  o: { defaultBranch?: string; public?: boolean; permissions?: Record<string, string> } = {},
): Promise<DcRepo> {
  const { BareRepo } = await import('../git.js');
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
