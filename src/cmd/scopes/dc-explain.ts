import { dcNeeds, dcScopeFor } from '../../scopes/dc-permissions.js';
import { type CommandMeta, commandName } from '../define.js';

/** For `bb scopes explain <DC scope>`: the DC operations whose lowest scope it is, and the commands that need it. */
export async function dcUsage(scope: string, commands: readonly CommandMeta[]): Promise<{ operations: string[]; commands: string[]; notes: string[] }> {
  const { DC_OPERATIONS, DC_SPEC_VERSION } = await import('../../scopes/generated/dc-operations.js');
  const operations = Object.keys(DC_OPERATIONS).filter((op) => dcScopeFor(op, DC_OPERATIONS[op]) === scope);
  const users = commands.filter((c) => {
    const n = dcNeeds(c.dcOperations ?? [], DC_OPERATIONS);
    return n.scope === scope || (scope === 'ACCOUNT_WRITE' && n.accountWrite);
  });
  return {
    operations,
    commands: users.map((c) => commandName(c)),
    notes: [`Operations and their permissions come from the Bitbucket Data Center ${DC_SPEC_VERSION} spec's descriptions (bb scopes --dc).`],
  };
}
