import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { Ref, RefMethods, RepoLocator } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcBranch, type DcCommit, type DcTag, repoParams } from './shapes.js';

const OP = {
  branches: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches',
  branchCreate: 'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/branches',
  branchDelete: 'DELETE /branch-utils/latest/projects/{projectKey}/repos/{repositorySlug}/branches',
  tags: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags',
  tagCreate: 'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/tags',
  tagDelete: 'DELETE /git/latest/projects/{projectKey}/repos/{repositorySlug}/tags/{name}',
  commit: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}',
} as const;

/** DC refs carry no commit details: date, subject and author are null (the listing would need one request per ref). */
export function dcRef(r: DcBranch | DcTag): Ref {
  return {
    name: r.displayId ?? r.id?.replace(/^refs\/(heads|tags)\//, '') ?? null,
    commit: r.latestCommit ?? (r as DcTag).hash ?? null,
    commitDate: null,
    commitSubject: '',
    author: null,
    message: null,
    url: null,
    authorName: '',
  };
}

export function refMethods(ctx: Context): RefMethods {
  /** A full hash as is; any other ref through GET commits/{commitId}; none → the default branch's head. */
  const resolve = async (ref: RepoLocator, rev: string | undefined): Promise<string> => {
    if (rev && /^[0-9a-f]{40}$/i.test(rev)) return rev.toLowerCase();
    const { repositoryMethods } = await import('./repositories.js');
    const target = rev ?? (await repositoryMethods(ctx).mainBranch(ref));
    const c = await dcSend<DcCommit>(ctx, OP.commit, { ...repoParams(ref), commitId: target }).catch((e) => {
      if (e instanceof BbError && e.errorName === 'API_NOT_FOUND')
        throw new BbError('API_NOT_FOUND', `no branch, tag or commit "${target}" in ${ref.workspace}/${ref.repo}`, { operation: e.operation, status: 404 });
      throw e;
    });
    return c.id ?? target;
  };
  const list = async (op: string, ref: RepoLocator, opts: { search?: string; limit?: number; all?: boolean }) =>
    (await dcPaginate<DcBranch>(ctx, op, repoParams(ref), { filterText: opts.search, orderBy: 'MODIFICATION' }, opts)).map(dcRef);
  return {
    listBranches: (ref, opts) => list(OP.branches, ref, opts),
    listTags: (ref, opts) => list(OP.tags, ref, opts),
    async getTag(ref, name) {
      // Data Center filters tags by text: keep the one with exactly this name
      const found = (await list(OP.tags, ref, { search: name, all: true })).find((t) => t.name === name);
      if (!found) throw new BbError('API_NOT_FOUND', `tag ${name} not found in ${ref.workspace}/${ref.repo}`, { hints: ['list the tags with `bb tag list`'] });
      return found;
    },
    async createBranch(ref, name, from) {
      const hash = await resolve(ref, from);
      const params = repoParams(ref);
      const body = { name, startPoint: hash };
      return {
        hash,
        plan: [{ operation: OP.branchCreate, params, body }],
        send: async () => dcRef(await dcSend<DcBranch>(ctx, OP.branchCreate, params, { body })),
      };
    },
    async createTag(ref, name, target, message) {
      const hash = await resolve(ref, target);
      const params = repoParams(ref);
      const body = { name, startPoint: hash, ...(message !== undefined ? { message } : {}) };
      return {
        hash,
        plan: [{ operation: OP.tagCreate, params, body }],
        send: async () => ({ ...dcRef(await dcSend<DcTag>(ctx, OP.tagCreate, params, { body })), message: message ?? null }),
      };
    },
    async deleteBranch(ref, name) {
      const params = repoParams(ref);
      const body = { name: `refs/heads/${name}`, dryRun: false };
      return {
        plan: [{ operation: OP.branchDelete, params, body }],
        send: async () => {
          await dcSend(ctx, OP.branchDelete, params, { body });
        },
      };
    },
    async deleteTag(ref, name) {
      const params = { ...repoParams(ref), name };
      return {
        plan: [{ operation: OP.tagDelete, params }],
        send: async () => {
          await dcSend(ctx, OP.tagDelete, params);
        },
      };
    },
  };
}
