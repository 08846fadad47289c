import { rm } from 'node:fs/promises';
import { BareRepo } from './git.js';
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
