import type { FlagDef } from '../../../core/command.js';

export const DR_WORKSPACE_FLAG: FlagDef = { name: 'workspace', type: 'string', valueName: 'WORKSPACE', description: 'workspace of the project' };
