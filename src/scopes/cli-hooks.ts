import { setScopeLookup } from '../api/errors.js';
import { type CommandDef, commandName } from '../cmd/define.js';
import { BbError } from '../errors.js';
import { commandGranular, commandLegacy, granularForOperation } from './command-scopes.js';

/** Where the scope engine meets the CLI: help lines, and 403 errors that name every scope. */

export function prepareErrors(): void {
  setScopeLookup(granularForOperation);
}

export function helpSections(def: CommandDef): Array<{ title: string; body: string }> {
  if (def.operations.length === 0) return [];
  const granular = commandGranular(def);
  const legacy = commandLegacy(def);
  return [
    {
      title: 'Required scopes',
      body: `${granular.join(', ') || '(none)'}\nlegacy (access tokens, OAuth consumers): ${legacy.join(', ') || '(none)'}`,
    },
  ];
}

/** Add the command's complete scope list to a 403, so one new token fixes it. */
export function forbiddenForCommand(def: CommandDef, err: BbError): BbError {
  const all = commandGranular(def);
  const name = commandName(def);
  const hints = [
    `\`bb ${name}\` needs: ${all.join(', ')}`,
    `scopes can't be added to an existing token: mint a new one with ${all.join(', ')}, then run \`bb auth login\``,
    'for a repository/project/workspace access token, see `bb scopes --legacy "' + name + '"`',
  ];
  return new BbError('API_FORBIDDEN', err.message, {
    hints: err.missingScopes && err.missingScopes.length > 0 ? hints : err.hints,
    missingScopes: err.missingScopes,
    operation: err.operation,
    status: err.status,
    details: err.details,
  });
}
