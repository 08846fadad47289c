import type { Context } from '../context/context.js';
import { BbError } from '../core/errors.js';

const WORKSPACE_SLUG = /^[A-Za-z0-9_.~-]+$/;
const UUID = /^\{[0-9a-fA-F-]+\}$/;

/**
 * The workspace a command works in (on Data Center, the project key in its place): the argument (or flag), else
 * `ctx.workspace()` (the default_workspace setting, then the repository context). A value that cannot be a workspace
 * slug or `{uuid}` is refused here, before it reaches a URL.
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
