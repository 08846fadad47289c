import { OPERATIONS } from '../scopes/generated/operations.js';
import { type MethodsMatch, matchTemplate, matchTemplateOrMethods, type OperationMatch } from '../util/route-match.js';

/**
 * The spec operation (`METHOD /path/template`) a concrete Cloud API path belongs to, through the generic matcher
 * (src/util/route-match.ts, its rules) over every operation of the vendored Cloud spec. Used by `bb api` and the
 * HTTP transport's operation trace; `operations` narrows or replaces the list.
 */
export type { MethodsMatch, OperationMatch };

const OPERATION_KEYS: readonly string[] = Object.freeze(Object.keys(OPERATIONS));

/** Like matchOperation; when no template of `method` matches but other methods' do, `{ methods }` (for a 405). */
export function matchRoute(method: string, path: string, operations: readonly string[] = OPERATION_KEYS): OperationMatch | MethodsMatch | undefined {
  return matchTemplateOrMethods(method, path, operations);
}

/** The operation a request to `path` (relative to the API base, e.g. `/user`) belongs to, or undefined. */
export function matchOperation(method: string, path: string, operations: readonly string[] = OPERATION_KEYS): OperationMatch | undefined {
  return matchTemplate(method, path, operations);
}
