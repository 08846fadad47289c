import { OPERATIONS } from '../scopes/generated/operations.js';
import { type MethodsMatch, matchTemplateOrMethods } from '../util/route-match.js';

/**
 * The sandboxes' routing: each request's operation (`METHOD /path/template`) from the spec's templates,
 * through the generic matcher in src/util/route-match.ts (its rules: literal > mixed > param > a trailing parameter
 * spanning slashes, left to right).
 */
export interface RouteMatch {
  operation: string;
  params: Record<string, string>;
}

function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export class Router {
  private readonly operations: readonly string[];

  constructor(operations: Iterable<string> = Object.keys(OPERATIONS)) {
    // one array per router, so the matcher compiles its templates once
    this.operations = Object.freeze([...operations]);
  }

  /**
   * `path` is the raw (still percent-encoded) path below the API base, e.g. `/repositories/a/b`.
   * Returns the match, or `{ methods }` listing the methods the path has (for 405-style answers),
   * or undefined when no template matches the path at all (or it is not valid percent-encoding).
   */
  match(method: string, path: string): RouteMatch | MethodsMatch | undefined {
    if (!path.split('/').every(decodable)) return undefined;
    const m = matchTemplateOrMethods(method, path, this.operations);
    return m?.operation !== undefined ? { operation: m.operation, params: m.params } : m;
  }
}
