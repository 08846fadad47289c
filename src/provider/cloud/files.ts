import { expandPath, repoParams, templateOf } from '../../api/path.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { FileEntry, FileMethods } from '../files.js';
import { type CloudCommit, COMMIT_FIELDS, cloudCommit } from './commits.js';
import { mainBranch } from './request.js';

/** The Cloud operations of the files area (spec/bitbucket-cloud.openapi.json). */
export const CLOUD_FILE_OP = {
  src: 'GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}',
  commit: 'POST /repositories/{workspace}/{repo_slug}/src',
  history: 'GET /repositories/{workspace}/{repo_slug}/filehistory/{commit}/{path}',
  repository: 'GET /repositories/{workspace}/{repo_slug}',
  // --from-branch: is the branch new, and the tip of the branch it starts from
  branch: 'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}',
} as const;

interface CloudTreeEntry {
  type?: string;
  path?: string;
  size?: number;
}

/** The entry fields `bb file list` reads (its `fields=`). */
const ENTRY_FIELDS = ['type', 'path', 'size'];

function isListing(v: unknown): v is { values: CloudTreeEntry[] } {
  if (!v || typeof v !== 'object' || !Array.isArray((v as { values?: unknown }).values)) return false;
  return (v as { values: CloudTreeEntry[] }).values.every((e) => e && (e.type === 'commit_file' || e.type === 'commit_directory'));
}

export function fileMethods(ctx: Context): FileMethods {
  const rev = async (repo: Parameters<FileMethods['readFile']>[0], ref: string | undefined) => ref ?? (await mainBranch(ctx, repo));
  return {
    async readFile(repo, path, ref) {
      const commit = await rev(repo, ref);
      const http = await ctx.http();
      const url = http.url(expandPath(templateOf(CLOUD_FILE_OP.src), { ...repoParams(repo), commit, path }));
      const response = await http.send(new Request(url, { headers: { Accept: '*/*' } }), { operation: CLOUD_FILE_OP.src });
      if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
        // a directory answers with its listing (JSON); a JSON file is bytes like any other
        const bytes = new Uint8Array(await response.arrayBuffer());
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch {
          parsed = undefined;
        }
        if (isListing(parsed))
          throw new BbError('INVALID_ARGUMENT', `${path} is a directory at ${commit}`, {
            hints: [`list it: bb file list ${path}${ref ? ` --ref ${ref}` : ''}`],
          });
        return new Blob([bytes]).stream();
      }
      return response.body ?? new Blob([]).stream();
    },
    async listFiles(repo, path, ref, opts) {
      const commit = await rev(repo, ref);
      const entries = await paginate<CloudTreeEntry>(
        await ctx.http(),
        templateOf(CLOUD_FILE_OP.src),
        { ...repoParams(repo), commit, path },
        {},
        { limit: opts.limit, all: opts.all, fields: ENTRY_FIELDS },
      ).catch((e: unknown) => {
        // a file answers with its bytes, not a page of entries
        if (e instanceof BbError && e.errorName === 'API_BAD_RESPONSE')
          throw new BbError('INVALID_ARGUMENT', `${path} is a file at ${commit}, not a directory`, { hints: [`read it: bb file view ${path}`] });
        throw e;
      });
      return entries.map(
        (e): FileEntry => ({
          path: e.path ?? '',
          type: e.type === 'commit_directory' ? 'directory' : 'file',
          size: e.type === 'commit_directory' ? null : (e.size ?? null),
        }),
      );
    },
    async fileHistory(repo, path, ref, opts) {
      const commit = await rev(repo, ref);
      const values = await paginate<{ commit?: CloudCommit }>(
        await ctx.http(),
        templateOf(CLOUD_FILE_OP.history),
        { ...repoParams(repo), commit, path },
        {},
        { limit: opts.limit, all: opts.all, fields: COMMIT_FIELDS.map((f) => `commit.${f}`) },
      );
      return values.map((v) => cloudCommit(v.commit ?? {}));
    },
    async commitFile(repo, input) {
      const params = repoParams(repo);
      const fields: Record<string, string> = { message: input.message, branch: input.branch };
      if (input.parent) fields.parents = input.parent;
      else if (input.fromBranch !== undefined) {
        // a new branch with a parent starts at that parent (the spec's `branch`): the tip of the branch to start from
        const tip = async (name: string) => {
          const api = await ctx.api();
          try {
            const r = await api.GET('/repositories/{workspace}/{repo_slug}/refs/branches/{name}', { params: { path: { ...params, name } } });
            return (r.data as { target?: { hash?: string } } | undefined)?.target?.hash;
          } catch (e) {
            if (e instanceof BbError && e.errorName === 'API_NOT_FOUND') return undefined;
            throw e;
          }
        };
        if ((await tip(input.branch)) === undefined) {
          const from = await tip(input.fromBranch);
          if (!from)
            throw new BbError('API_NOT_FOUND', `branch ${input.fromBranch} not found in ${repo.workspace}/${repo.repo}`, {
              hints: ['bb branch list shows the branches'],
            });
          fields.parents = from;
        }
      }
      return {
        plan: [
          {
            operation: CLOUD_FILE_OP.commit,
            params,
            body: { contentType: 'multipart/form-data', fields: { ...fields, [input.path]: `(${input.content.byteLength} bytes)` } },
          },
        ],
        send: async () => {
          const form = new FormData();
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          form.append(input.path, new Blob([input.content]), input.path.split('/').at(-1));
          const http = await ctx.http();
          const url = http.url(expandPath(templateOf(CLOUD_FILE_OP.commit), params));
          const response = await http.send(new Request(url, { method: 'POST' }), { operation: CLOUD_FILE_OP.commit, body: form });
          await response.body?.cancel();
          // 201 with the new commit in Location: …/commit/{hash}
          const hash = /\/commit\/([0-9a-f]{7,64})\/?$/i.exec(response.headers.get('location') ?? '')?.[1] ?? null;
          return { hash };
        },
      };
    },
  };
}
