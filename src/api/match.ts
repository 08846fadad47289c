import { OPERATIONS } from '../scopes/generated/operations.js';

/**
 * Find the spec operation (`METHOD /path/template`) that a concrete request path belongs to:
 * `GET /repositories/acme/web/pullrequests/7` → `GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}`.
 *
 * Rules, so that the most specific template wins:
 * - a literal segment beats a segment with a parameter in it (`/refs/branches` beats `/{node}/files`),
 *   compared from the left: the first segment where two candidates differ decides;
 * - a segment mixing text and parameters (`{repo_name}-issues-{task_id}.zip`) beats a bare `{param}`;
 * - a trailing `{path}` parameter takes the rest of the path, slashes included (file paths), and loses
 *   to every template that matches segment by segment.
 * The query string and a trailing slash are ignored; segments are compared URL-decoded.
 */
export interface OperationMatch {
  /** `METHOD /path/template` exactly as in the spec. */
  operation: string;
  template: string;
  params: Record<string, string>;
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

const OPERATION_KEYS: readonly string[] = Object.freeze(Object.keys(OPERATIONS));
const RANK: Record<Segment['kind'], number> = { literal: 0, mixed: 1, param: 2, rest: 3 };
const cache = new Map<readonly string[], Map<string, Compiled[]>>();

function splitPath(path: string): string[] {
  return path
    .replace(/[?#].*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '');
}

function compileSegment(text: string, last: boolean): Segment {
  const single = /^\{([^{}]+)\}$/.exec(text);
  if (single?.[1]) return last && single[1] === 'path' ? { kind: 'rest', name: single[1] } : { kind: 'param', name: single[1] };
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
      ranks.push(RANK.rest);
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

/**
 * The operation a request to `path` (relative to the API base, e.g. `/user`) belongs to, or undefined
 * when no template of that method matches. `operations` defaults to every operation of the spec.
 */
export function matchOperation(method: string, path: string, operations: readonly string[] = OPERATION_KEYS): OperationMatch | undefined {
  const candidates = compiled(operations).get(method.toUpperCase()) ?? [];
  const parts = splitPath(path);
  let best: { c: Compiled; ranks: number[]; params: Record<string, string> } | undefined;
  for (const c of candidates) {
    const m = tryMatch(c, parts);
    if (m && (!best || better(m.ranks, best.ranks))) best = { c, ...m };
  }
  return best && { operation: best.c.operation, template: best.c.template, params: best.params };
}
