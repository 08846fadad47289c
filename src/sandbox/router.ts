import { OPERATIONS } from '../scopes/generated/operations.js';

/**
 * Matches request paths against the spec's path templates, so each request knows its operation
 * (`METHOD /path/template`). Literal segments win over `{params}`, left to right. A trailing
 * parameter in GREEDY may span slashes (branch names like `feature/x`, diff specs, file paths).
 */

interface Route {
  operation: string;
  method: string;
  segments: Array<{ literal: string } | { param: string }>;
}

export interface RouteMatch {
  operation: string;
  params: Record<string, string>;
}

const GREEDY = new Set(['name', 'spec', 'path', 'revision', 'filename']);

export class Router {
  private readonly routes: Route[];

  constructor(operations: Iterable<string> = Object.keys(OPERATIONS)) {
    this.routes = [];
    for (const operation of operations) {
      const space = operation.indexOf(' ');
      const method = operation.slice(0, space);
      const template = operation.slice(space + 1);
      const segments = template
        .split('/')
        .filter(Boolean)
        .map((s) => {
          const m = /^\{([^}]+)\}$/.exec(s);
          return m ? { param: m[1] as string } : { literal: s };
        });
      this.routes.push({ operation, method, segments });
    }
  }

  /**
   * `path` is the raw (still percent-encoded) path below the API base, e.g. `/repositories/a/b`.
   * Returns the match, or `{ methods }` listing the methods the path has (for 405-style answers),
   * or undefined when no template matches the path at all.
   */
  match(method: string, path: string): RouteMatch | { operation?: undefined; methods: string[] } | undefined {
    const raw = path.split('/').filter(Boolean);
    let best: { route: Route; params: Record<string, string>; rank: number[] } | undefined;
    const methods = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route, raw);
      if (!params) continue;
      methods.add(route.method);
      if (route.method !== method) continue;
      const rank = route.segments.map((s) => ('literal' in s ? 0 : 1));
      if (raw.length !== route.segments.length) rank.push(1); // greedy matches lose to exact ones
      if (!best || compareRank(rank, best.rank) < 0) best = { route, params, rank };
    }
    if (best) return { operation: best.route.operation, params: best.params };
    if (methods.size > 0) return { methods: [...methods].sort() };
    return undefined;
  }
}

function matchSegments(route: Route, raw: string[]): Record<string, string> | undefined {
  const segs = route.segments;
  const last = segs[segs.length - 1];
  const greedy = last !== undefined && 'param' in last && GREEDY.has(last.param);
  if (raw.length !== segs.length && !(greedy && raw.length > segs.length)) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as Route['segments'][number];
    const isLast = i === segs.length - 1;
    const value = isLast && raw.length > segs.length ? raw.slice(i).join('/') : (raw[i] as string);
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return undefined;
    }
    if ('literal' in seg) {
      if (seg.literal !== decoded) return undefined;
    } else {
      if (decoded === '') return undefined;
      params[seg.param] = decoded;
    }
  }
  return params;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
