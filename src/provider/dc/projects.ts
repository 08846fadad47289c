import type { Context } from '../../context/context.js';
import { checkProjectKey } from '../projects.js';
import type { HostInfo, Project, ProjectMethods } from '../types.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcProject, projectKey, selfHref } from './shapes.js';

const OP = {
  list: 'GET /api/latest/projects',
  get: 'GET /api/latest/projects/{projectKey}',
  create: 'POST /api/latest/projects',
} as const;

export function dcProject(p: DcProject): Project {
  return {
    key: p.key ?? null,
    name: p.name ?? null,
    description: p.description ?? '',
    isPrivate: p.public === undefined ? null : !p.public,
    visibility: p.public ? 'public' : 'private',
    uuid: null,
    createdAt: null,
    updatedAt: null,
    hasPubliclyVisibleRepos: null,
    url: selfHref(p.links),
  };
}

/** DC projects live on the instance: the Cloud workspace (`owner`) has no meaning here. */
export function projectMethods(ctx: Context, host: HostInfo): ProjectMethods {
  return {
    projectOwnerTerm: 'host',
    projectOwner: async () => host.key,
    projectArg: async (arg) => ({ workspace: host.key, key: checkProjectKey(arg) }),
    async listProjects(_owner, opts) {
      return (await dcPaginate<DcProject>(ctx, OP.list, {}, {}, opts)).map(dcProject);
    },
    async getProject(_owner, key) {
      return dcProject(await dcSend<DcProject>(ctx, OP.get, { projectKey: projectKey(key) }));
    },
    async createProject(input) {
      const body = {
        key: projectKey(input.key),
        name: input.name,
        public: !input.isPrivate,
        ...(input.description !== undefined ? { description: input.description } : {}),
      };
      return { plan: [{ operation: OP.create, params: {}, body }], send: async () => dcProject(await dcSend<DcProject>(ctx, OP.create, {}, { body })) };
    },
  };
}
