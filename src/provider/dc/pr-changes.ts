/** A pull request's commits, patch and merge base on Bitbucket Data Center (src/provider/pr-changes.ts). */
import type { Context } from '../../context/context.js';
import { notFound } from '../errors.js';
import { DC_PR_CHANGE_OP as OP, type FileConflict, type PullRequestChangeMethods } from '../pr-changes.js';
import type { RepoLocator } from '../types.js';
import { dcCommit } from './commits.js';
import { dcPaginate, dcRequest, dcSend } from './http.js';
import { type DcCommit, repoParams } from './shapes.js';

export function prChangeMethods(ctx: Context): PullRequestChangeMethods {
  const pp = (repo: RepoLocator, id: number) => ({ ...repoParams(repo), pullRequestId: id });
  const missing = (repo: RepoLocator, id: number) => `pull request #${id} not found in ${repo.workspace}/${repo.repo}`;
  /** The repository's web page, for commit URLs. */
  const web = async (repo: RepoLocator) => {
    const p = repoParams(repo);
    return `${(await ctx.host()).baseUrl}/projects/${encodeURIComponent(p.projectKey)}/repos/${encodeURIComponent(p.repositorySlug)}`;
  };
  return {
    async listPullRequestCommits(repo, id, opts) {
      const commits = await dcPaginate<DcCommit>(ctx, OP.commits, pp(repo, id), {}, opts).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      const base = await web(repo);
      return commits.map((c) => dcCommit(c, base));
    },

    async pullRequestPatch(repo, id) {
      try {
        const { response } = await dcRequest(ctx, OP.patch, pp(repo, id), { accept: 'text/plain' });
        return await response.text();
      } catch (e) {
        throw notFound(e, missing(repo, id));
      }
    },

    async pullRequestMergeBase(repo, id) {
      // 204: the two branches share no commit
      const c = await dcSend<DcCommit | undefined>(ctx, OP.mergeBase, pp(repo, id)).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      return c?.id ? dcCommit(c, await web(repo)) : null;
    },

    async listPullRequestConflicts(repo, id) {
      // the pull request's changes (one page, as Data Center streams them): a conflicted file carries `conflict`
      const changes = await dcPaginate<DcConflictedChange>(ctx, OP.changes, pp(repo, id), {}, { all: true }).catch((e) => {
        throw notFound(e, missing(repo, id));
      });
      return changes.filter((c) => c.conflict).map(dcConflict);
    },
  };
}

type DcChangeType = 'ADD' | 'COPY' | 'DELETE' | 'MODIFY' | 'MOVE' | 'UNKNOWN';
interface DcPath {
  toString?: string;
  components?: string[];
}
/** A RestChange with its conflict (the DC spec's RestChange.conflict). */
interface DcConflictedChange {
  path?: DcPath;
  type?: DcChangeType;
  conflict?: { ourChange?: { type?: DcChangeType; path?: DcPath }; theirChange?: { type?: DcChangeType; path?: DcPath } };
}

const pathOf = (p: DcPath | undefined): string | undefined => p?.toString ?? p?.components?.join('/');

/**
 * Cloud's scenario for what the two sides did (their: the source, named first; our: the target), and a sentence.
 */
const SCENARIOS: Record<string, [string, string]> = {
  'MODIFY/MODIFY': ['content', 'File modified in both source and destination'],
  'ADD/ADD': ['content', 'File added in both source and destination'],
  'DELETE/MODIFY': ['delete_modify', 'File deleted in source and modified in destination'],
  'MODIFY/DELETE': ['modify_delete', 'File modified in source and deleted in destination'],
  'MOVE/DELETE': ['rename_delete', 'File renamed in source and deleted in destination'],
  'DELETE/MOVE': ['delete_rename', 'File deleted in source and renamed in destination'],
  'MOVE/MOVE': ['rename', 'File renamed in both source and destination'],
  'ADD/MOVE': ['add_rename', 'File added in source at a path destination renamed a file to'],
  'MOVE/ADD': ['rename_add', 'File renamed in source to a path destination added'],
};

function dcConflict(c: DcConflictedChange): FileConflict {
  const theirs = c.conflict?.theirChange?.type ?? 'UNKNOWN';
  const ours = c.conflict?.ourChange?.type ?? 'UNKNOWN';
  const [scenario, message] = SCENARIOS[`${theirs}/${ours}`] ?? [
    'unknown',
    `Conflicting changes: ${theirs.toLowerCase()} in source, ${ours.toLowerCase()} in destination`,
  ];
  return { path: pathOf(c.conflict?.theirChange?.path) ?? pathOf(c.path) ?? '', scenario, message };
}
