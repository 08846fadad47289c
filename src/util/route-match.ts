/**
 * The one path-template matcher: finds the operation (`METHOD /path/template`) of a list that a concrete
 * request path belongs to: `GET /repositories/acme/web/pullrequests/7` →
 * `GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}`. Generic: it holds no table; the
 * caller passes the operations (the client's src/api/match.ts passes the Cloud spec's, DC error answers the DC
 * spec's, the sandboxes their own routes, src/sandbox/router.ts).
 *
 * Rules, so that the most specific template wins:
 * - a literal segment beats a segment with a parameter in it (`/refs/branches` beats `/{node}/files`),
 *   compared from the left: the first segment where two candidates differ decides;
 * - a segment mixing text and parameters (`{repo_name}-issues-{task_id}.zip`) beats a bare `{param}`;
 * - a trailing parameter named in GREEDY (`{path}`, `{name}`, `{spec}`, `{revision}`, `{filename}`) may take
 *   the rest of the path, slashes included (file paths, branch names like `feature/x`, diff specs); when it
 *   spans slashes it loses to every template that matches segment by segment.
 * The query string and a trailing slash are ignored; segments are compared URL-decoded.
 */
export interface OperationMatch {
  /** `METHOD /path/template` exactly as in the spec. */
  operation: string;
  template: string;
  params: Record<string, string>;
}

/** The path exists, but not under the requested method: the methods it has (sorted), for 405 answers. */
export interface MethodsMatch {
  operation?: undefined;
  methods: string[];
}

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'mixed'; re: RegExp; names: string[] }
  | { kind: 'rest'; name: string };

interface Compiled {
  operation: string;
  template: string;
  segments: Segment[];
}

/** Trailing parameters that may span slashes. */
const GREEDY = new Set(['name', 'spec', 'path', 'revision', 'filename']);
const RANK = { literal: 0, mixed: 1, param: 2, rest: 3 } as const;
const cache = new WeakMap<readonly string[], Map<string, Compiled[]>>();

function splitPath(path: string): string[] {
  return path
    .replace(/[?#].*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '');
}

function compileSegment(text: string, last: boolean): Segment {
  const single = /^\{([^{}]+)\}$/.exec(text);
  if (single?.[1]) return last && GREEDY.has(single[1]) ? { kind: 'rest', name: single[1] } : { kind: 'param', name: single[1] };
  if (!text.includes('{')) return { kind: 'literal', text };
  const names: string[] = [];
  const source = text
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const m = /^\{([^{}]+)\}$/.exec(part);
      if (m?.[1]) {
        names.push(m[1]);
        return '(.+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { kind: 'mixed', re: new RegExp(`^${source}$`), names };
}

/** Templates by method, compiled once per list (the default list, or a server's own, e.g. the DC table). */
function compiled(keys: readonly string[]): Map<string, Compiled[]> {
  let byMethod = cache.get(keys);
  if (byMethod) return byMethod;
  byMethod = new Map();
  for (const operation of keys) {
    const space = operation.indexOf(' ');
    const method = operation.slice(0, space).toUpperCase();
    const template = operation.slice(space + 1);
    const parts = splitPath(template);
    const segments = parts.map((p, i) => compileSegment(p, i === parts.length - 1));
    const list = byMethod.get(method) ?? [];
    list.push({ operation, template, segments });
    byMethod.set(method, list);
  }
  cache.set(keys, byMethod);
  return byMethod;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function tryMatch(c: Compiled, parts: string[]): { ranks: number[]; params: Record<string, string> } | undefined {
  const params: Record<string, string> = {};
  const ranks: number[] = [];
  for (let i = 0; i < c.segments.length; i++) {
    const seg = c.segments[i] as Segment;
    if (seg.kind === 'rest') {
      if (i >= parts.length) return undefined;
      params[seg.name] = parts.slice(i).map(decode).join('/');
      // one segment matches like any {param}; spanning slashes ranks below every exact match
      ranks.push(parts.length - i > 1 ? RANK.rest : RANK.param);
      return { ranks, params };
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    const value = decode(part);
    if (seg.kind === 'literal') {
      if (value !== seg.text) return undefined;
    } else if (seg.kind === 'param') {
      params[seg.name] = value;
    } else {
      const m = seg.re.exec(value);
      if (!m) return undefined;
      seg.names.forEach((n, j) => {
        params[n] = m[j + 1] as string;
      });
    }
    ranks.push(RANK[seg.kind]);
  }
  return parts.length === c.segments.length ? { ranks, params } : undefined;
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  }
  return a.length > b.length;
}

function best(candidates: readonly Compiled[], parts: string[]): OperationMatch | undefined {
  let found: { c: Compiled; ranks: number[]; params: Record<string, string> } | undefined;
  for (const c of candidates) {
    const m = tryMatch(c, parts);
    if (m && (!found || better(m.ranks, found.ranks))) found = { c, ...m };
  }
  return found && { operation: found.c.operation, template: found.c.template, params: found.params };
}

/**
 * Like matchTemplate, and when no template of `method` matches but templates of other methods do, the
 * methods the path has (`{ methods: ['GET', 'PUT'] }`, for a 405 answer). Undefined when the path exists
 * under no method at all.
 */
export function matchTemplateOrMethods(method: string, path: string, operations: readonly string[]): OperationMatch | MethodsMatch | undefined {
  const byMethod = compiled(operations);
  const wanted = method.toUpperCase();
  const parts = splitPath(path);
  const hit = best(byMethod.get(wanted) ?? [], parts);
  if (hit) return hit;
  const methods: string[] = [];
  for (const [m, candidates] of byMethod) {
    if (m !== wanted && candidates.some((c) => tryMatch(c, parts))) methods.push(m);
  }
  return methods.length ? { methods: methods.sort() } : undefined;
}

/**
 * The operation of `operations` a request to `path` (relative to the API base, e.g. `/user`) belongs to, or
 * undefined when no template of that method matches. Pass the same array each time: its compiled templates are
 * kept per array.
 */
export function matchTemplate(method: string, path: string, operations: readonly string[]): OperationMatch | undefined {
  return best(compiled(operations).get(method.toUpperCase()) ?? [], splitPath(path));
}
