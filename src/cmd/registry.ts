/**
 * Every command bb has. The CLI, help, docs/commands.md, completion and `bb scopes` are built from
 * this list. To add a command: write src/cmd/<group>/<verb>.ts with `defineCommand`, import it here.
 */
import type { CommandDef } from './define.js';

import authLogin from './auth/login.js';
import authLogout from './auth/logout.js';
import authStatus from './auth/status.js';
import authToken from './auth/token.js';
import helpEnvironment from './help/environment.js';
import helpExitCodes from './help/exit-codes.js';

export const COMMANDS: readonly CommandDef[] = [authLogin, authLogout, authStatus, authToken, helpEnvironment, helpExitCodes];
