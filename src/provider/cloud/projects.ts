import { must } from '../../api/client.js';
import { paginate } from '../../api/paginate.js';
import { type Project as CloudProject, projectJson } from '../../cmd/project/shared.js';
import type { Context } from '../../context.js';
import type { Project, ProjectMethods } from '../types.js';

export function cloudProject(p: CloudProject): Project {
  return projectJson(p) as unknown as Project;
}

export function projectMethods(ctx: Context): ProjectMethods {
  return {
    async listProjects(owner, opts) {
      const projects = await paginate<CloudProject>(await ctx.http(), '/workspaces/{workspace}/projects', { workspace: owner }, {}, opts);
      return projects.map(cloudProject);
    },
    async getProject(owner, key) {
      const api = await ctx.api();
      return cloudProject(
        must(await api.GET('/workspaces/{workspace}/projects/{project_key}', { params: { path: { workspace: owner, project_key: key } } })) as CloudProject,
      );
    },
    async createProject(input) {
      const body = {
        type: 'project' as const,
        name: input.name,
        key: input.key,
        is_private: input.isPrivate,
        ...(input.description !== undefined ? { description: input.description } : {}),
      };
      const workspace = input.owner;
      return {
        plan: [{ operation: 'POST /workspaces/{workspace}/projects', params: { workspace }, body }],
        async send() {
          const api = await ctx.api();
          return cloudProject(must(await api.POST('/workspaces/{workspace}/projects', { params: { path: { workspace } }, body })) as CloudProject);
        },
      };
    },
  };
}
