import { runGit } from '../git.js';
import { deleteRefusal, pushRefusal } from '../model/branch-restrictions.js';
import { branchJson, tagJson } from '../wire.js';
import { bodyObject, page, repoOf, str } from './common.js';
import { ApiError, created, type HandlerContext, type HandlerMap, json, noContent } from './types.js';

/**
 * Branches and tags, read from the bare repository on every request. `sort=name` is natural order on all three listings
 * (the spec: ['1.1', '1.2', '1.10']); without `sort`, git's order (`git show-ref`: branches, then tags, each by name).
 */
const NATURAL = ['name'] as const;

async function validRefName(kind: 'heads' | 'tags', name: string): Promise<boolean> {
  // every component of a ref is a file name in git's refs directory: 255 bytes at most (a 100 KB name is a 400, not a 500)
  if (!name || name.startsWith('-') || name.split('/').some((part) => Buffer.byteLength(part) > 255)) return false;
  try {
    await runGit(['check-ref-format', `refs/${kind}/${name}`]);
    return true;
  } catch {
    return false;
  }
}

function targetOf(body: Record<string, unknown>): string | undefined {
  const t = body.target;
  return t && typeof t === 'object' ? str((t as Record<string, unknown>).hash) : undefined;
}

async function commitsByHash(c: HandlerContext, hashes: string[]) {
  const repo = repoOf(c);
  const commits = await c.sb.git(repo).commits([...new Set(hashes)]);
  return new Map(commits.map((k) => [k.hash, k]));
}

export const handlers: HandlerMap = {
  'GET /repositories/{workspace}/{repo_slug}/refs/branches': async (c) => {
    const repo = repoOf(c);
    const branches = await c.sb.git(repo).branches();
    const commits = await commitsByHash(
      c,
      branches.map((b) => b.target),
    );
    const values = branches.map((b) => branchJson(c.sb.urls, c.sb.store, repo, b, commits.get(b.target)));
    return json(page(c, values, { naturalSort: NATURAL }));
  },

  // branches and tags together (paginated_refs: each value a branch or a tag, as its own listing shows it)
  'GET /repositories/{workspace}/{repo_slug}/refs': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const [branches, tags] = await Promise.all([git.branches(), git.tags()]);
    const commits = await commitsByHash(c, [...branches.map((b) => b.target), ...tags.map((t) => t.target)]);
    const values = [
      ...branches.map((b) => branchJson(c.sb.urls, c.sb.store, repo, b, commits.get(b.target))),
      ...tags.map((t) => tagJson(c.sb.urls, c.sb.store, repo, t, commits.get(t.target))),
    ];
    return json(page(c, values, { naturalSort: NATURAL }));
  },

  'POST /repositories/{workspace}/{repo_slug}/refs/branches': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const body = bodyObject(c);
    const name = str(body.name) ?? '';
    const target = targetOf(body);
    if (!(await validRefName('heads', name))) throw new ApiError(400, `"${name}" is not a valid branch name`, undefined, { name: ['invalid branch name'] });
    if (!target) throw new ApiError(400, 'Bad request', undefined, { target: ['target.hash is required'] });
    if (await git.branch(name)) throw new ApiError(400, `Branch "${name}" already exists`);
    const refused = pushRefusal(c.sb, repo, name, c.user);
    if (refused) throw new ApiError(403, refused);
    const hash = await git.resolve(target);
    if (!hash) throw new ApiError(400, `Commit ${target} not found`, undefined, { target: ['no such commit'] });
    await git.updateRef(`refs/heads/${name}`, hash);
    const commit = await git.commit(hash);
    return created(branchJson(c.sb.urls, c.sb.store, repo, { name, target: hash }, commit));
  },

  'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const b = await git.branch(c.params.name ?? '');
    if (!b) throw new ApiError(404, `Branch "${c.params.name}" not found`);
    return json(branchJson(c.sb.urls, c.sb.store, repo, b, await git.commit(b.target)));
  },

  'DELETE /repositories/{workspace}/{repo_slug}/refs/branches/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const name = c.params.name ?? '';
    if (!(await git.branch(name))) throw new ApiError(404, `Branch "${name}" not found`);
    if (name === repo.mainbranch) throw new ApiError(400, `You can't delete the main branch "${name}"`);
    const refused = deleteRefusal(c.sb, repo, name);
    if (refused) throw new ApiError(403, refused);
    await git.deleteRef(`refs/heads/${name}`);
    return noContent();
  },

  'GET /repositories/{workspace}/{repo_slug}/refs/tags': async (c) => {
    const repo = repoOf(c);
    const tags = await c.sb.git(repo).tags();
    const commits = await commitsByHash(
      c,
      tags.map((t) => t.target),
    );
    return json(
      page(
        c,
        tags.map((t) => tagJson(c.sb.urls, c.sb.store, repo, t, commits.get(t.target))),
        { naturalSort: NATURAL },
      ),
    );
  },

  'POST /repositories/{workspace}/{repo_slug}/refs/tags': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const body = bodyObject(c);
    const name = str(body.name) ?? '';
    const target = targetOf(body);
    if (!(await validRefName('tags', name))) throw new ApiError(400, `"${name}" is not a valid tag name`, undefined, { name: ['invalid tag name'] });
    if (!target) throw new ApiError(400, 'Bad request', undefined, { target: ['target.hash is required'] });
    if ((await git.tags()).some((t) => t.name === name)) throw new ApiError(400, `Tag "${name}" already exists`);
    const hash = await git.resolve(target);
    if (!hash) throw new ApiError(400, `Commit ${target} not found`, undefined, { target: ['no such commit'] });
    await git.createTag(name, hash, str(body.message), { name: c.user.display_name, email: c.user.email, date: c.sb.now().toISOString() });
    const tag = (await git.tags()).find((t) => t.name === name) ?? { name, target: hash };
    return created(tagJson(c.sb.urls, c.sb.store, repo, tag, await git.commit(hash)));
  },

  'GET /repositories/{workspace}/{repo_slug}/refs/tags/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const tag = (await git.tags()).find((t) => t.name === c.params.name);
    if (!tag) throw new ApiError(404, `Tag "${c.params.name}" not found`);
    return json(tagJson(c.sb.urls, c.sb.store, repo, tag, await git.commit(tag.target)));
  },

  'DELETE /repositories/{workspace}/{repo_slug}/refs/tags/{name}': async (c) => {
    const repo = repoOf(c);
    const git = c.sb.git(repo);
    const name = c.params.name ?? '';
    if (!(await git.tags()).some((t) => t.name === name)) throw new ApiError(404, `Tag "${name}" not found`);
    await git.deleteRef(`refs/tags/${name}`);
    return noContent();
  },
};
