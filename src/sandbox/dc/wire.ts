import type { GitCommit } from '../git.js';
import type { DcComment, DcCommentAnchor, DcProject, DcPullRequest, DcRepo, DcStore, DcUser } from './model.js';

/** The Data Center sandbox's JSON shapes, from the spec's Rest* schemas (checked with ajv in dc-sandbox.test.ts). */

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

/** A comment with its replies; `viewer` (a user slug) sees their own pending replies, nobody else's. */
export function commentJson(store: DcStore, c: DcComment, base: string, viewer?: string): Record<string, unknown> {
  return {
    id: c.id,
    version: c.version,
    text: c.text,
    author: userJson(store.users[c.author] as DcUser, base),
    createdDate: c.createdDate,
    updatedDate: c.updatedDate,
    state: c.state,
    severity: c.severity,
    ...(c.parent !== undefined ? { parent: { id: c.parent } } : {}),
    ...(c.state === 'RESOLVED' && c.resolver && store.users[c.resolver]
      ? { resolver: userJson(store.users[c.resolver] as DcUser, base), resolvedDate: c.resolvedDate }
      : {}),
    threadResolved: c.state === 'RESOLVED',
    pending: c.state === 'PENDING',
    comments: Object.values(store.comments)
      .filter((x) => x.parent === c.id && (x.state !== 'PENDING' || x.author === viewer))
      .map((x) => commentJson(store, x, base, viewer)),
  };
}

export function buildJson(store: DcStore, b: DcStore['builds'][number]) {
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

export function anchorJson(a: DcCommentAnchor | undefined) {
  if (!a) return undefined;
  const parts = a.path.split('/');
  return {
    path: { components: parts, name: parts.at(-1), parent: parts.slice(0, -1).join('/'), toString: a.path },
    ...(a.line !== undefined ? { line: a.line } : {}),
    lineType: a.lineType ?? 'ADDED',
    fileType: a.fileType ?? 'TO',
    diffType: a.diffType ?? 'EFFECTIVE',
    ...(a.startLine !== undefined ? { multilineMarker: { startLine: a.startLine, startLineType: a.startLineType ?? a.lineType ?? 'ADDED' } } : {}),
  };
}
