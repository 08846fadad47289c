/** The project of `bb project deploy-key …`: `KEY` (workspace from --workspace, the default or the repository) or `WORKSPACE/KEY`. */
import type { Context } from '../../../context/context.js';
import { BbError } from '../../../core/errors.js';

export const OP = {
  list: 'GET /workspaces/{workspace}/projects/{project_key}/deploy-keys',
  add: 'POST /workspaces/{workspace}/projects/{project_key}/deploy-keys',
  remove: 'DELETE /workspaces/{workspace}/projects/{project_key}/deploy-keys/{key_id}',
} as const;

export const PROJECT_ARG = { name: 'project', description: 'the project key (KEY or WORKSPACE/KEY)', required: true } as const;
export const WORKSPACE_FLAG = { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' } as const;

export async function projectTarget(ctx: Context, arg: unknown, workspaceFlag: unknown): Promise<{ workspace: string; project_key: string }> {
  const text = String(arg ?? '').trim();
  const m = /^(?:([A-Za-z0-9_.-]+)\/)?([A-Za-z0-9_]+)$/.exec(text);
  if (!m?.[2]) {
    throw new BbError('INVALID_ARGUMENT', `"${text}" is not a project key`, { hints: ['e.g. PLAT, or myteam/PLAT; list them with `bb project list`'] });
  }
  const workspace = m[1] ?? (await ctx.workspace(workspaceFlag as string | undefined, 'pass --workspace WORKSPACE or WORKSPACE/KEY'));
  return { workspace, project_key: m[2].toUpperCase() };
}
