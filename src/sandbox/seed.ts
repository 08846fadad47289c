import type { GitIdentity } from './git.js';
import type { Sandbox } from './handlers/types.js';
import { seedDemoFeatures } from './model/features-seed.js';
import { newPullRequest, syncForkSource } from './model/pullrequests.js';
import { seedDemoPullRequests } from './model/pullrequests-seed.js';
import { createRepository, forkRepository, type NewRepository } from './repos.js';
import { newUuid, type ProjectRecord, projectKey, type RepositoryRecord, type UserRecord, type WorkspacePermission, type WorkspaceRecord } from './state.js';

/**
 * Seeds: `empty` (the sandbox user and one workspace) and `demo` (workspace `acme` with a project,
 * repositories with real commits, branches, a tag, default reviewers and a second user).
 * Commits are written with git plumbing at fixed dates, so their hashes are the same every run.
 *
 * To extend the demo (pull requests, pipelines, issues, snippets…), append a step to DEMO_STEPS;
 * steps run in order and can find earlier data through `b.sb.store`.
 */

export type SeedStep = (b: SeedBuilder) => Promise<void>;

export const PRIMARY_EMAIL = 'dev@sandbox.test';
const SEED_EPOCH = Date.parse('2024-01-15T09:00:00Z');

export class SeedBuilder {
  /** Seeded timestamps advance one minute per call, from a fixed epoch. */
  private tick = 0;

  constructor(readonly sb: Sandbox) {}

  /** A fixed, increasing ISO date for seeded records and commits. */
  date(): string {
    return new Date(SEED_EPOCH + this.tick++ * 60_000).toISOString();
  }

  user(u: { nickname: string; display_name: string; email: string; uuid?: string; account_id?: string }, primary = false): UserRecord {
    const n = Object.keys(this.sb.store.data.users).length + 1;
    const rec: UserRecord = {
      uuid: u.uuid ?? `{00000000-0000-4000-8000-${String(n).padStart(12, '0')}}`,
      account_id: u.account_id ?? `712020:sandbox-${String(n).padStart(4, '0')}`,
      nickname: u.nickname,
      display_name: u.display_name,
      email: u.email,
      created_on: this.date(),
    };
    this.sb.store.data.users[rec.uuid] = rec;
    if (primary) this.sb.store.data.primaryUser = rec.uuid;
    return rec;
  }

  workspace(slug: string, name: string, members: Array<[UserRecord, WorkspacePermission]>): WorkspaceRecord {
    const rec: WorkspaceRecord = {
      uuid: newUuid(),
      slug,
      name,
      is_private: true,
      created_on: this.date(),
      members: members.map(([u, permission]) => ({ user: u.uuid, permission })),
    };
    this.sb.store.data.workspaces[slug] = rec;
    return rec;
  }

  project(workspace: string, key: string, name: string, description = ''): ProjectRecord {
    const d = this.date();
    const rec: ProjectRecord = { uuid: newUuid(), workspace, key, name, description, is_private: true, created_on: d, updated_on: d };
    this.sb.store.data.projects[projectKey(workspace, key)] = rec;
    return rec;
  }

  async repository(input: NewRepository): Promise<RepositoryRecord> {
    const repo = await createRepository(this.sb, input);
    repo.created_on = this.date();
    repo.updated_on = repo.created_on;
    return repo;
  }

  identity(u: UserRecord): GitIdentity {
    return { name: u.display_name, email: u.email, date: this.date() };
  }

  /**
   * Commit on `branch` (created from `from`, or as a root commit): `files` are added or replaced
   * (`null` deletes) on top of the parent's tree. Returns the new commit's hash.
   */
  async commit(
    repo: RepositoryRecord,
    o: { branch: string; from?: string; message: string; author: UserRecord; files: Record<string, string | null> },
  ): Promise<string> {
    const git = this.sb.git(repo);
    const parent = (await git.resolve(o.branch)) ?? (o.from ? await git.resolve(o.from) : undefined);
    const tree = parent ? await git.readFiles(parent) : {};
    for (const [path, content] of Object.entries(o.files)) {
      if (content === null) delete tree[path];
      else tree[path] = content;
    }
    const hash = await git.writeCommit(tree, o.message, parent ? [parent] : [], this.identity(o.author));
    await git.updateRef(`refs/heads/${o.branch}`, hash);
    return hash;
  }

  async branch(repo: RepositoryRecord, name: string, from: string): Promise<void> {
    const git = this.sb.git(repo);
    const hash = await git.resolve(from);
    if (!hash) throw new Error(`seed: no revision ${from} in ${repo.slug}`);
    await git.updateRef(`refs/heads/${name}`, hash);
  }

  async tag(repo: RepositoryRecord, name: string, rev: string, message: string | undefined, tagger: UserRecord): Promise<void> {
    const git = this.sb.git(repo);
    const hash = await git.resolve(rev);
    if (!hash) throw new Error(`seed: no revision ${rev} in ${repo.slug}`);
    await git.createTag(name, hash, message, this.identity(tagger));
  }

  defaultReviewer(repo: RepositoryRecord, user: UserRecord): void {
    if (!repo.default_reviewers.includes(user.uuid)) repo.default_reviewers.push(user.uuid);
  }
}

/** The sandbox user every seed starts with. */
async function baseUser(b: SeedBuilder): Promise<UserRecord> {
  return b.user({ nickname: 'dev', display_name: 'Sandbox Developer', email: PRIMARY_EMAIL }, true);
}

export const EMPTY_STEPS: SeedStep[] = [
  async (b) => {
    const dev = await baseUser(b);
    b.workspace('dev', 'Sandbox Developer', [[dev, 'owner']]);
  },
];

export const DEMO_STEPS: SeedStep[] = [
  // users, the workspace and its project
  async (b) => {
    const dev = await baseUser(b);
    const alex = b.user({ nickname: 'alex', display_name: 'Alex Reviewer', email: 'alex@sandbox.test' });
    b.workspace('acme', 'Acme Inc.', [
      [dev, 'owner'],
      [alex, 'collaborator'],
    ]);
    b.workspace('dev', 'Sandbox Developer', [[dev, 'owner']]);
    b.project('acme', 'PLAT', 'Platform', 'Services and the web front end');
  },
  // acme/web: three commits on main, a feature branch, a tag, a default reviewer
  async (b) => {
    const { dev, alex } = demoUsers(b);
    const web = await b.repository({
      workspace: 'acme',
      slug: 'web',
      name: 'web',
      description: 'The Acme web front end',
      project: 'PLAT',
      language: 'javascript',
    });
    await b.commit(web, {
      branch: 'main',
      message: 'Initial commit\n',
      author: dev,
      files: { 'README.md': '# web\n\nThe Acme web front end.\n', 'package.json': '{\n  "name": "acme-web",\n  "version": "1.0.0"\n}\n' },
    });
    await b.commit(web, {
      branch: 'main',
      message: 'Add the home page\n',
      author: dev,
      files: { 'src/index.js': "export function home() {\n  return 'Welcome to Acme';\n}\n" },
    });
    await b.commit(web, {
      branch: 'main',
      message: 'Document how to run the site\n',
      author: alex,
      files: { 'README.md': '# web\n\nThe Acme web front end.\n\n## Run\n\n    npm start\n' },
    });
    await b.tag(web, 'v1.0.0', 'main', 'Release 1.0.0\n', dev);
    await b.commit(web, {
      branch: 'feature/login',
      from: 'main',
      message: 'Add a login form\n',
      author: dev,
      files: { 'src/login.js': "export function login(user) {\n  return 'Hello, ' + user;\n}\n" },
    });
    b.defaultReviewer(web, alex);
  },
  // acme/api: two commits, a fix branch
  async (b) => {
    const { dev, alex } = demoUsers(b);
    const api = await b.repository({ workspace: 'acme', slug: 'api', name: 'api', description: 'The Acme REST API', project: 'PLAT', language: 'go' });
    await b.commit(api, {
      branch: 'main',
      message: 'Initial commit\n',
      author: alex,
      files: { 'README.md': '# api\n', 'main.go': 'package main\n\nfunc main() {}\n' },
    });
    await b.commit(api, {
      branch: 'main',
      message: 'Add a health endpoint\n',
      author: alex,
      files: { 'health.go': 'package main\n\nfunc health() string { return "ok" }\n' },
    });
    await b.commit(api, {
      branch: 'fix/timeout',
      from: 'main',
      message: 'Raise the request timeout\n',
      author: dev,
      files: { 'config.go': 'package main\n\nconst timeoutSeconds = 30\n' },
    });
    b.defaultReviewer(api, alex);
  },
  // acme/docs: an empty repository (push to it)
  async (b) => {
    await b.repository({ workspace: 'acme', slug: 'docs', name: 'docs', description: 'Acme documentation (empty: push to it)', project: 'PLAT' });
  },
];

export function demoUsers(b: SeedBuilder): { dev: UserRecord; alex: UserRecord } {
  const dev = b.sb.store.user('dev');
  const alex = b.sb.store.user('alex');
  if (!dev || !alex) throw new Error('seed: the demo users are missing');
  return { dev, alex };
}

// acme/web and acme/api pull requests: open (comments, an inline one, an approval), merged, declined
DEMO_STEPS.push(seedDemoPullRequests);
// pipelines (completed, failed, running), deployments, variables, issues, a snippet, a webhook
DEMO_STEPS.push(seedDemoFeatures);
// dev/web-fork: a fork of acme/web (a bare clone) with a branch and an open pull request into acme/web
DEMO_STEPS.push(async (b) => {
  const { dev } = demoUsers(b);
  const web = b.sb.store.repository('acme', 'web');
  if (!web) throw new Error('seed: the fork needs acme/web');
  const fork = await forkRepository(b.sb, web, { workspace: 'dev', slug: 'web-fork', name: 'web-fork' });
  fork.created_on = b.date();
  fork.updated_on = fork.created_on;
  await b.commit(fork, {
    branch: 'docs/contributing',
    from: 'main',
    message: 'Add contributing notes\n',
    author: dev,
    files: { 'CONTRIBUTING.md': '# Contributing\n\nFork, branch, open a pull request.\n' },
  });
  const src = await b.sb.git(fork).resolve('refs/heads/docs/contributing');
  const dst = await b.sb.git(web).resolve(`refs/heads/${web.mainbranch}`);
  if (!src || !dst) throw new Error('seed: missing branches for the fork pull request');
  const pr = newPullRequest(b.sb, web, {
    title: 'Add contributing notes',
    description: 'From a fork: dev/web-fork.',
    author: dev.uuid,
    source: { branch: 'docs/contributing', commit: src },
    destination: { branch: web.mainbranch, commit: dst },
    reviewers: [],
    close_source_branch: false,
    draft: false,
    date: b.date(),
    sourceRepository: fork,
  });
  await syncForkSource(b.sb, pr);
});

// permissions: acme's groups, and alex's write permission on project PLAT (what gives alex, a workspace member who is not
// an owner, the use of acme's repositories: access.ts)
DEMO_STEPS.push(async (b) => {
  const { dev, alex } = demoUsers(b);
  const acme = b.sb.store.workspace('acme');
  const plat = b.sb.store.project('acme', 'PLAT');
  if (!acme || !plat) throw new Error('seed: permissions need acme and PLAT');
  acme.groups = [
    { slug: 'developers', name: 'Developers', members: [dev.uuid, alex.uuid] },
    { slug: 'contractors', name: 'Contractors', members: [] },
  ];
  plat.permissions = { users: { [alex.uuid]: 'write' }, groups: {} };
});

// watchers: acme/web's creator (dev) and alex
DEMO_STEPS.push(async (b) => {
  const { dev, alex } = demoUsers(b);
  const web = b.sb.store.repository('acme', 'web');
  if (!web) throw new Error('seed: watchers need acme/web');
  web.watchers = [dev.uuid, alex.uuid];
});

export const SEEDS: Record<string, SeedStep[]> = { empty: EMPTY_STEPS, demo: DEMO_STEPS };

export async function runSeed(sb: Sandbox, name: string): Promise<void> {
  const steps = SEEDS[name];
  if (!steps) throw new Error(`unknown seed "${name}" (known: ${Object.keys(SEEDS).join(', ')})`);
  const b = new SeedBuilder(sb);
  for (const step of steps) await step(b);
}
