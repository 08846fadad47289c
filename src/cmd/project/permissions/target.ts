import type { Context } from '../../../context/context.js';
import type { CommandInput, FlagDef } from '../../../core/command.js';
import { provider } from '../../../provider/index.js';
import type { PermissionTarget } from '../../../provider/permissions.js';

export const PROJECT_WORKSPACE_FLAG: FlagDef = { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project (Cloud)' };

/** The project of `KEY` or `WORKSPACE/KEY` (and --workspace), as `bb project view` reads it. */
export async function projectTarget(ctx: Context, input: CommandInput): Promise<PermissionTarget> {
  const { workspace, key } = await (await provider(ctx)).projectArg(input.args.key, input.flags.workspace);
  return { kind: 'project', workspace, key };
}
