import { repoParams } from '../../api/path.js';
import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import type { BuildStatus, StatusMethods } from '../types.js';

/** A Cloud commit status (only the fields bb reads; the API sends more). */
export interface CloudStatus {
  key?: string;
  name?: string;
  state?: 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED' | string;
  url?: string;
  description?: string;
  refname?: string;
  created_on?: string;
  updated_on?: string;
  commit?: { hash?: string };
  links?: { commit?: { href?: string } };
}

/** The status fields cloudStatus reads: the lists' `fields=`. */
export const STATUS_FIELDS = ['key', 'name', 'state', 'url', 'description', 'refname', 'commit.hash', 'links.commit.href', 'created_on', 'updated_on'];

export function cloudStatus(s: CloudStatus): BuildStatus {
  return {
    key: s.key ?? null,
    name: s.name ?? null,
    state: s.state ?? null,
    url: s.url ?? null,
    description: s.description ?? null,
    refName: s.refname ?? null,
    commit: s.commit?.hash ?? commitFromLink(s) ?? null,
    createdAt: s.created_on ?? null,
    updatedAt: s.updated_on ?? null,
  };
}

/** The spec's commitstatus has no `commit` object, only `links.commit` (…/commit/{hash}): take the hash from it. */
function commitFromLink(s: CloudStatus): string | undefined {
  return /\/commit\/([0-9a-f]{7,40})\/?$/i.exec(s.links?.commit?.href ?? '')?.[1];
}

export function statusMethods(ctx: Context): StatusMethods {
  return {
    async listBuildStatuses(ref, commit) {
      const list = await paginate<CloudStatus>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses',
        { ...repoParams(ref), commit },
        {},
        { all: true, fields: STATUS_FIELDS },
      );
      return list.map(cloudStatus);
    },
    async setBuildStatus(ref, input) {
      const params = { ...repoParams(ref), commit: input.commit };
      const body: Record<string, unknown> = { type: 'commitstatus', key: input.key, state: input.state };
      for (const k of ['name', 'url', 'description', 'refname'] as const) if (input[k] !== undefined) body[k] = input[k];
      return {
        plan: [{ operation: 'POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build', params, body }],
        async send() {
          const api = await ctx.api();
          return cloudStatus(
            must(
              await api.POST('/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build', { params: { path: params }, body: body as never }),
            ) as unknown as CloudStatus,
          );
        },
      };
    },
  };
}
