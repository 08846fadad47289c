import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { type BuildStatus as CloudStatus, repoParams } from '../../cmd/pr/shared.js';
import { statusToJson } from '../../cmd/status/report.js';
import type { Context } from '../../context.js';
import type { BuildStatus, StatusMethods } from '../types.js';

export function cloudStatus(s: CloudStatus): BuildStatus {
  return statusToJson(s) as unknown as BuildStatus;
}

export function statusMethods(ctx: Context): StatusMethods {
  return {
    async listBuildStatuses(ref, commit) {
      const list = await paginate<CloudStatus>(
        await ctx.http(),
        '/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses',
        { ...repoParams(ref), commit },
        {},
        { all: true },
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
