import { must } from '../../api/client.js';
import type { components } from '../../api/generated/schema.js';
import { paginate } from '../../api/paginate.js';
import type { Context } from '../../context/context.js';
import { BbError } from '../../core/errors.js';
import { checkProjectKey } from '../projects.js';
import type { Project, ProjectChange, ProjectMethods, Reviewer } from '../types.js';
import { type CloudAccount, repoAccountJson } from './repositories.js';
import { resolveWorkspace } from '../workspace.js';

/** A project as Cloud sends it. */
export type CloudProject = components['schemas']['project'];

export function cloudProject(p: CloudProject): Project {
  return {
    key: p.key,
    name: p.name,
    description: p.description ?? '',
    isPrivate: p.is_private,
    visibility: p.is_private ? 'private' : 'public',
    uuid: p.uuid,
    createdAt: p.created_on,
    updatedAt: p.updated_on,
    hasPubliclyVisibleRepos: p.has_publicly_visible_repos ?? null,
    url: p.links?.html?.href ?? null,
  };
}

/** `KEY` or `WORKSPACE/KEY`; the workspace otherwise comes from --workspace or the context. */
export async function resolveProject(ctx: Context, arg: unknown, workspaceFlag: unknown): Promise<{ workspace: string; key: string }> {
  const text = typeof arg === 'string' ? arg.trim() : '';
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const ws = text.slice(0, slash);
    if (typeof workspaceFlag === 'string' && workspaceFlag !== '' && workspaceFlag !== ws) {
      throw new BbError('INVALID_ARGUMENT', `two workspaces given: ${ws} and --workspace ${workspaceFlag}`);
    }
    return { workspace: await resolveWorkspace(ctx, ws || undefined), key: checkProjectKey(text.slice(slash + 1)) };
  }
  const key = checkProjectKey(text);
  return { workspace: await resolveWorkspace(ctx, workspaceFlag), key };
}

/** Cloud projects belong to a workspace. */
export function projectMethods(ctx: Context): ProjectMethods {
  return {
    projectOwnerTerm: 'workspace',
    projectOwner: (workspace) => resolveWorkspace(ctx, workspace),
    projectArg: (arg, workspace) => resolveProject(ctx, arg, workspace),
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
    async updateProject(owner, key, change: ProjectChange) {
      const api = await ctx.api();
      const params = { workspace: owner, project_key: key };
      // read first: a PUT to a key that does not exist would create a project; and Cloud's PUT wants the name
      const current = must(await api.GET('/workspaces/{workspace}/projects/{project_key}', { params: { path: params } })) as CloudProject;
      const body = {
        type: 'project' as const,
        name: change.name ?? current.name ?? key,
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.isPrivate !== undefined ? { is_private: change.isPrivate } : {}),
      };
      return {
        plan: [{ operation: 'PUT /workspaces/{workspace}/projects/{project_key}', params, body }],
        async send() {
          return cloudProject(must(await api.PUT('/workspaces/{workspace}/projects/{project_key}', { params: { path: params }, body })) as CloudProject);
        },
      };
    },
    async deleteProject(owner, key) {
      const params = { workspace: owner, project_key: key };
      return {
        plan: [{ operation: 'DELETE /workspaces/{workspace}/projects/{project_key}', params }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/workspaces/{workspace}/projects/{project_key}', { params: { path: params } });
        },
      };
    },
    async listProjectDefaultReviewers(owner, key, opts) {
      const items = await paginate<{ user?: CloudAccount }>(
        await ctx.http(),
        '/workspaces/{workspace}/projects/{project_key}/default-reviewers',
        { workspace: owner, project_key: key },
        {},
        { limit: opts.limit, all: opts.all, fields: opts.fields },
      );
      return items.flatMap((i) => (i.user ? [repoAccountJson(i.user) as Reviewer] : []));
    },
    async addProjectDefaultReviewer(owner, key, user) {
      const params = { workspace: owner, project_key: key, selected_user: user };
      return {
        plan: [{ operation: 'PUT /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}', params }],
        async send() {
          const api = await ctx.api();
          const account = must(
            await api.PUT('/workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}', { params: { path: params } }),
          ) as unknown as CloudAccount | undefined;
          return account ? (repoAccountJson(account) as Reviewer) : undefined;
        },
      };
    },
    async removeProjectDefaultReviewer(owner, key, user) {
      const params = { workspace: owner, project_key: key, selected_user: user };
      return {
        plan: [{ operation: 'DELETE /workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}', params }],
        async send() {
          const api = await ctx.api();
          await api.DELETE('/workspaces/{workspace}/projects/{project_key}/default-reviewers/{selected_user}', { params: { path: params } });
        },
      };
    },
  };
}
