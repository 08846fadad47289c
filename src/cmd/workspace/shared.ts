import type { components } from '../../api/generated/schema.js';
import type { Context } from '../../context.js';
import { BbError } from '../../errors.js';

export type Workspace = components['schemas']['workspace'];
export type WorkspaceAccess = components['schemas']['workspace_access'];

const WORKSPACE_SLUG = /^[A-Za-z0-9_.~-]+$/;
const UUID = /^\{[0-9a-fA-F-]+\}$/;

/**
 * The workspace a command works in: the argument (or flag), else `ctx.workspace()` (the
 * default_workspace setting, then the repository context). A value that cannot be a workspace slug or
 * `{uuid}` is refused here, before it reaches a URL.
 */
export async function resolveWorkspace(ctx: Context, value: unknown): Promise<string> {
  const workspace = await ctx.workspace(value);
  if (!WORKSPACE_SLUG.test(workspace) && !UUID.test(workspace)) {
    throw new BbError('INVALID_ARGUMENT', `"${workspace}" is not a workspace: expected its slug (or {uuid})`, {
      hints: ['for example: bb repo list myteam'],
    });
  }
  return workspace;
}

// --web helpers live in cmd/shared/web.ts; re-exported for the commands that import them from here
export { openInBrowser, webUrl } from '../shared/web.js';
