import type { Context } from '../../context/context.js';
import { checkProjectKey } from '../projects.js';
import type { HostInfo, Project, ProjectMethods } from '../types.js';
import { conditionReviewers } from './default-reviewers.js';
import { dcPaginate, dcSend } from './http.js';
import { type DcProject, projectKey, selfHref } from './shapes.js';

const OP = {
  list: 'GET /api/latest/projects',
  get: 'GET /api/latest/projects/{projectKey}',
  create: 'POST /api/latest/projects',
  update: 'PUT /api/latest/projects/{projectKey}',
  delete: 'DELETE /api/latest/projects/{projectKey}',
  conditions: 'GET /default-reviewers/latest/projects/{projectKey}/conditions',
  conditionCreate: 'POST /default-reviewers/latest/projects/{projectKey}/condition',
  conditionUpdate: 'PUT /default-reviewers/latest/projects/{projectKey}/condition/{id}',
  conditionDelete: 'DELETE /default-reviewers/latest/projects/{projectKey}/condition/{id}',
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
  const conditions = (key: string) =>
    conditionReviewers(ctx, {
      ops: { list: OP.conditions, create: OP.conditionCreate, update: OP.conditionUpdate, delete: OP.conditionDelete },
      params: { projectKey: projectKey(key) },
      type: 'PROJECT',
      label: `project ${projectKey(key)}`,
    });
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
    async updateProject(_owner, key, change) {
      const params = { projectKey: projectKey(key) };
      const body = {
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.isPrivate !== undefined ? { public: !change.isPrivate } : {}),
      };
      return { plan: [{ operation: OP.update, params, body }], send: async () => dcProject(await dcSend<DcProject>(ctx, OP.update, params, { body })) };
    },
    async deleteProject(_owner, key) {
      const params = { projectKey: projectKey(key) };
      return {
        plan: [{ operation: OP.delete, params }],
        send: async () => {
          await dcSend(ctx, OP.delete, params);
        },
      };
    },
    // Data Center's project default reviewers are the project's reviewer conditions (shared with repositories')
    listProjectDefaultReviewers: async (_owner, key, opts) => conditions(key).list(opts),
    addProjectDefaultReviewer: async (_owner, key, user) => conditions(key).add(user),
    removeProjectDefaultReviewer: async (_owner, key, user) => conditions(key).remove(user),
  };
}
