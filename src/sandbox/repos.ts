import { rm } from 'node:fs/promises';
import { BareRepo, runGit } from './git.js';
import type { Sandbox } from './handlers/types.js';
import { newUuid, type RepositoryRecord } from './state.js';

/** Creating and deleting repositories: the record and its bare git repository together. */

export interface NewRepository {
  workspace: string;
  slug: string;
  name?: string;
  description?: string;
  is_private?: boolean;
  project?: string;
  mainbranch?: string;
  language?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  fork_policy?: RepositoryRecord['fork_policy'];
}

export async function createRepository(sb: Sandbox, input: NewRepository): Promise<RepositoryRecord> {
  const now = sb.now().toISOString();
  const repo: RepositoryRecord = {
    uuid: newUuid(),
    workspace: input.workspace,
    slug: input.slug,
    name: input.name ?? input.slug,
    description: input.description ?? '',
    is_private: input.is_private ?? true,
    project: input.project,
    mainbranch: input.mainbranch ?? 'main',
    language: input.language ?? '',
    fork_policy: input.fork_policy ?? 'allow_forks',
    has_issues: input.has_issues ?? false,
    has_wiki: input.has_wiki ?? false,
    created_on: now,
    updated_on: now,
    default_reviewers: [],
  };
  await BareRepo.init(sb.store.gitDir(repo), repo.mainbranch);
  sb.store.addRepository(repo);
  return repo;
}

/**
 * A fork: a new repository record with `parent` set, inheriting the parent's properties (overridable),
 * whose git data is a real `git clone --bare` of the parent (every branch and tag, nothing else).
 */
export async function forkRepository(
  sb: Sandbox,
  parent: RepositoryRecord,
  input: { workspace: string; slug: string; name?: string; project?: string } & Partial<
    Pick<RepositoryRecord, 'description' | 'is_private' | 'fork_policy' | 'language' | 'has_issues' | 'has_wiki' | 'mainbranch'>
  >,
): Promise<RepositoryRecord> {
  const now = sb.now().toISOString();
  const repo: RepositoryRecord = {
    uuid: newUuid(),
    workspace: input.workspace,
    slug: input.slug,
    name: input.name ?? parent.name,
    description: input.description ?? parent.description,
    is_private: input.is_private ?? parent.is_private,
    project: input.project,
    mainbranch: input.mainbranch ?? parent.mainbranch,
    language: input.language ?? parent.language,
    fork_policy: input.fork_policy ?? parent.fork_policy,
    has_issues: input.has_issues ?? parent.has_issues,
    has_wiki: input.has_wiki ?? parent.has_wiki,
    created_on: now,
    updated_on: now,
    default_reviewers: [],
    parent: parent.uuid,
  };
  const dir = sb.store.gitDir(repo);
  await runGit(['clone', '--bare', '--quiet', '--', sb.store.gitDir(parent), dir]);
  const git = new BareRepo(dir);
  // The clone remembers where it came from: a fork on Bitbucket has no remote.
  await git.git(['remote', 'remove', 'origin']).catch(() => {});
  await git.git(['config', 'http.receivepack', 'true']);
  if (await git.resolve(`refs/heads/${repo.mainbranch}`)) await git.setHead(repo.mainbranch);
  sb.store.addRepository(repo);
  return repo;
}

export async function deleteRepository(sb: Sandbox, repo: RepositoryRecord): Promise<void> {
  sb.store.deleteRepository(repo);
  await rm(sb.store.gitDir(repo), { recursive: true, force: true });
}

/**
 * After a push: Bitbucket makes the first pushed branch the main branch of an empty repository.
 * Keeps HEAD on the main branch.
 */
export async function afterPush(sb: Sandbox, repo: RepositoryRecord): Promise<void> {
  const git = sb.git(repo);
  const branches = await git.branches();
  if (branches.length > 0 && !branches.some((b) => b.name === repo.mainbranch)) {
    const pick = branches.find((b) => b.name === 'main') ?? branches.find((b) => b.name === 'master') ?? branches[0];
    if (pick) {
      repo.mainbranch = pick.name;
      await git.setHead(pick.name);
    }
  }
  repo.updated_on = sb.now().toISOString();
  await sb.store.save();
}
