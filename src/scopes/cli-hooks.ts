import { type CommandMeta, type CommandInput, commandName } from '../core/command.js';
import { BbError } from '../core/errors.js';
import { baseScopes, describeConditional, scopesForInvocation } from './command-scopes.js';
import { OPERATIONS } from './generated/operations.js';
import { minimizeLegacy, permissionCheckboxes } from './legacy.js';

/** Where the scope engine meets the CLI: help lines, and 403 errors that name every scope. */

/** "Required scopes" in every API command's help: granular (API tokens) first, then legacy, then flag rules. */
export function helpSections(def: CommandMeta): Array<{ title: string; body: string }> {
  if (def.dynamicOperations) {
    return [{ title: 'Required scopes', body: 'those of the operation called: see them with --dry-run, or run it under `bb scopes record`' }];
  }
  const s = baseScopes(def);
  if (s.operations.length === 0 && !(def.conditional ?? []).length) return [];
  const lines = [
    `API token: ${s.granular.join(', ') || '(none)'}`,
    `access token / OAuth consumer (legacy): ${s.legacy.join(', ') || '(none)'}`,
    ...(def.conditional ?? []).map((r) => describeConditional(r)),
  ];
  return [{ title: 'Required scopes', body: lines.join('\n') }];
}

export interface ForbiddenContext {
  /** The parsed input, so flag-dependent scopes count. */
  input?: CommandInput;
  /** `access-token` (Bearer) speaks legacy scope names; `api-token` granular ones. */
  credentialKind?: 'api-token' | 'access-token';
}

/**
 * A 403 inside a command: keep the missing scopes and the operation, and add the complete list the command
 * needs (for this invocation's flags), in the vocabulary of the credential in use, so one new token fixes it.
 */
export function forbiddenForCommand(def: CommandMeta, err: BbError, fctx: ForbiddenContext = {}): BbError {
  if (err.details?.dataCenter) return err; // a Data Center permission, already explained (src/api/dc-errors.ts)
  const need = scopesForInvocation(def, fctx.input?.flags ?? {}, fctx.input?.args ?? {});
  const name = commandName(def);
  const legacy = fctx.credentialKind === 'access-token';
  if (!err.missingScopes || err.missingScopes.length === 0) {
    // Bitbucket did not say it was about scopes: it may be the account's permission. Say both, honestly.
    const all = legacy ? need.legacy : need.granular;
    return new BbError('API_FORBIDDEN', err.message, {
      hints: [
        'Bitbucket refused without naming a scope: your account may lack permission on this resource',
        `if the token is the problem: \`bb ${name}\` needs ${all.join(', ') || 'no scope'}${legacy ? ' (legacy scopes)' : ''}`,
      ],
      missingScopes: [],
      operation: err.operation,
      status: err.status,
      details: err.details,
    });
  }
  let missing = err.missingScopes;
  let message = err.message;
  if (legacy && missing.some((s) => s.endsWith(':bitbucket')) && err.operation && OPERATIONS[err.operation]) {
    // the answer named no scopes in the token's own vocabulary: use the table's legacy ones for the operation
    missing = minimizeLegacy(OPERATIONS[err.operation]?.legacy ?? []);
    message = `${err.operation} needs scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the access token lacks`;
  }
  const all = legacy ? need.legacy : need.granular;
  const hints = legacy
    ? [
        `\`bb ${name}\` needs: ${all.join(', ')} (permissions: ${permissionCheckboxes(all).join(', ')})`,
        `an access token's scopes can't be changed: create a new one with ${all.join(', ')}, then run \`bb auth login\``,
      ]
    : [
        `\`bb ${name}\` needs: ${all.join(', ')}`,
        `scopes can't be added to an existing token: mint a new one with ${all.join(', ')}, then run \`bb auth login\``,
        `for a repository/project/workspace access token instead: bb scopes --legacy "${name}"`,
      ];
  return new BbError('API_FORBIDDEN', message, {
    hints,
    missingScopes: [...missing].sort(),
    operation: err.operation,
    status: err.status,
    details: err.details,
  });
}
