import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import type { BuildStatus, StatusMethods } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcBuildStatus, iso, repoParams } from './shapes.js';

const OP = {
  list: 'GET /build-status/latest/commits/{commitId}',
  set: 'POST /api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/builds',
} as const;

/** DC states in bb's vocabulary: CANCELLED is STOPPED; UNKNOWN counts as still running. */
const STATE_IN: Record<string, string> = { CANCELLED: 'STOPPED', UNKNOWN: 'INPROGRESS' };
const STATE_OUT: Record<string, string> = { STOPPED: 'CANCELLED' };

export function dcStatus(s: DcBuildStatus, commit: string): BuildStatus {
  const state = s.state ?? null;
  return {
    key: s.key ?? null,
    name: s.name ?? null,
    state: state ? (STATE_IN[state] ?? state) : null,
    url: s.url ?? null,
    description: s.description ?? null,
    refName: s.ref ? s.ref.replace(/^refs\/heads\//, '') : null,
    commit,
    createdAt: iso(s.createdDate ?? s.dateAdded),
    updatedAt: iso(s.updatedDate ?? s.dateAdded),
  };
}

export function statusMethods(ctx: Context): StatusMethods {
  return {
    async listBuildStatuses(_ref, commit) {
      return (await dcPaginate<DcBuildStatus>(ctx, OP.list, { commitId: commit }, {}, { all: true })).map((s) => dcStatus(s, commit));
    },
    async setBuildStatus(ref, input) {
      if (!input.url)
        throw new BbError('INVALID_ARGUMENT', 'Bitbucket Data Center needs --url for a build status (the link to the build)', {
          hints: ['for example: --url https://ci.example.com/builds/77'],
        });
      const params = { ...repoParams(ref), commitId: input.commit };
      const body: Record<string, unknown> = { key: input.key, state: STATE_OUT[input.state] ?? input.state, url: input.url };
      if (input.name !== undefined) body.name = input.name;
      if (input.description !== undefined) body.description = input.description;
      if (input.refname !== undefined) body.ref = input.refname.startsWith('refs/') ? input.refname : `refs/heads/${input.refname}`;
      return {
        plan: [{ operation: OP.set, params, body }],
        send: async () => {
          await dcSend(ctx, OP.set, params, { body });
          const now = ctx.now().toISOString();
          return {
            key: input.key,
            name: input.name ?? null,
            state: input.state,
            url: input.url ?? null,
            description: input.description ?? null,
            refName: input.refname ?? null,
            commit: input.commit,
            createdAt: now,
            updatedAt: now,
          };
        },
      };
    },
  };
}
