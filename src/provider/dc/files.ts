import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { FileEntry, FileMethods } from '../files.js';
import type { RepoLocator } from '../types.js';
import { dcCommit } from './commits.js';
import { DC_PAGE_MAX, dcJson, dcPaginate, dcRequest, dcUrl } from './http.js';
import { type DcCommit, repoParams } from './shapes.js';

/** The Data Center operations of the files area (spec/bitbucket-dc.openapi.json, below /rest). */
export const DC_FILE_OP = {
  raw: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/raw/{path}',
  browseRoot: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse',
  browse: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse/{path}',
  edit: 'PUT /api/latest/projects/{projectKey}/repos/{repositorySlug}/browse/{path}',
  commits: 'GET /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits',
} as const;

interface DcBrowse {
  children?: {
    values?: Array<{ path?: { toString?: string; components?: string[] }; type?: string; size?: number }>;
    isLastPage?: boolean;
    nextPageStart?: number | null;
  };
  lines?: unknown[];
}

export function fileMethods(ctx: Context): FileMethods {
  const web = async (ref: RepoLocator) => {
    const p = repoParams(ref);
    return `${(await ctx.host()).baseUrl}/projects/${encodeURIComponent(p.projectKey)}/repos/${encodeURIComponent(p.repositorySlug)}`;
  };
  return {
    async readFile(repo, path, ref) {
      const { response } = await dcRequest(ctx, DC_FILE_OP.raw, { ...repoParams(repo), path }, { query: { at: ref }, accept: '*/*' });
      return response.body ?? new Blob([]).stream();
    },
    async listFiles(repo, path, ref, opts) {
      const op = path ? DC_FILE_OP.browse : DC_FILE_OP.browseRoot;
      const params = path ? { ...repoParams(repo), path } : repoParams(repo);
      const budget = opts.all ? Number.POSITIVE_INFINITY : (opts.limit ?? 30);
      const out: FileEntry[] = [];
      let start = 0;
      for (let pages = 0; out.length < budget && pages < 10_000; pages++) {
        const { http, url, response } = await dcRequest(ctx, op, params, { query: { at: ref, start, limit: DC_PAGE_MAX } });
        const page = await dcJson<DcBrowse>(http, response, url, op);
        if (page?.lines) throw new BbError('INVALID_ARGUMENT', `${path} is a file, not a directory`, { hints: [`read it: bb file view ${path}`] });
        const children = page?.children;
        if (!children || !Array.isArray(children.values)) throw new BbError('API_BAD_RESPONSE', `${op}: the answer has no children`, { operation: op });
        for (const c of children.values) {
          if (out.length >= budget) break;
          const name = c.path?.toString ?? (c.path?.components ?? []).join('/');
          const type = c.type === 'DIRECTORY' ? 'directory' : c.type === 'SUBMODULE' ? 'submodule' : 'file';
          out.push({ path: path ? `${path}/${name}` : name, type, size: type === 'file' ? (c.size ?? null) : null });
        }
        const next = children.nextPageStart;
        if (children.isLastPage !== false || typeof next !== 'number' || next <= start) break;
        start = next;
      }
      return out;
    },
    async fileHistory(repo, path, ref, opts) {
      const list = await dcPaginate<DcCommit>(ctx, DC_FILE_OP.commits, repoParams(repo), { until: ref, path }, opts);
      const base = await web(repo);
      return list.map((c) => dcCommit(c, base));
    },
    async commitFile(repo, input) {
      const params = { ...repoParams(repo), path: input.path };
      // DC's edit names the commit the file was edited from (absent: a new file): the file's latest commit on the branch
      // (with fromBranch, a branch that does not exist yet — no commits until it, 404 — is made from fromBranch: the file
      // as it is there)
      const latest = (until: string) =>
        dcPaginate<DcCommit>(ctx, DC_FILE_OP.commits, repoParams(repo), { until, path: input.path }, { limit: 1 }).then((c) => c[0]?.id);
      let sourceBranch: string | undefined;
      let source = input.parent;
      if (source === undefined) {
        try {
          source = await latest(input.branch);
        } catch (e) {
          if (input.fromBranch === undefined || !(e instanceof BbError && e.errorName === 'API_NOT_FOUND')) throw e;
          sourceBranch = input.fromBranch;
          source = await latest(input.fromBranch).catch((e2: unknown) => {
            if (e2 instanceof BbError && e2.errorName === 'API_NOT_FOUND')
              throw new BbError('API_NOT_FOUND', `branch ${input.fromBranch} not found in ${repo.workspace}/${repo.repo}`, {
                hints: ['bb branch list shows the branches'],
              });
            throw e2;
          });
        }
      } else if (input.fromBranch !== undefined) sourceBranch = input.fromBranch;
      const fields: Record<string, string> = { branch: input.branch, message: input.message };
      if (sourceBranch) fields.sourceBranch = sourceBranch;
      if (source) fields.sourceCommitId = source;
      return {
        plan: [
          {
            operation: DC_FILE_OP.edit,
            params,
            body: { contentType: 'multipart/form-data', fields: { ...fields, content: `(${input.content.byteLength} bytes)` } },
          },
        ],
        send: async () => {
          const form = new FormData();
          form.append('content', new Blob([input.content]), input.path.split('/').at(-1));
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          const http = await ctx.http();
          const url = new URL(dcUrl(http.baseUrl, DC_FILE_OP.edit, params));
          const response = await http.send(new Request(url, { method: 'PUT' }), { operation: DC_FILE_OP.edit, body: form });
          const commit = await dcJson<DcCommit>(http, response, url, DC_FILE_OP.edit);
          return { hash: commit?.id ?? null };
        },
      };
    },
  };
}
