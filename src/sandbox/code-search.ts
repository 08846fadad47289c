import type { BareRepo } from './git.js';

/**
 * Code search over the sandboxes' git repositories, for Cloud's `GET /workspaces/{workspace}/search/code` and Data
 * Center's `POST /rest/search/latest/search`. Bitbucket searches an index of each repository's default branch; the
 * sandbox reads the same branch with git (`git ls-tree`, one `git grep -l -i -F` per term, `git cat-file` for the files
 * of the page asked for). What it understands of the query language both document:
 *
 * - words and "quoted phrases", all of which a file must contain (implicit AND; `AND` may be written), case-insensitive;
 *   a term matches the file's content or its path;
 * - `OR` between groups, `NOT term` / `-term` to exclude;
 * - modifiers `repo:`, `project:` (DC; on Cloud `repo:` names a repository of the workspace), `ext:`, `path:` (a
 *   path prefix or a directory), `lang:` (a few common languages).
 *
 * Not reproduced: Bitbucket matches whole tokens of its index, ranks by relevance and ignores files it did not index
 * (large, binary, or over the index's limits); the sandbox matches substrings, orders by repository and path, skips
 * binary files (`git grep -I`) and files over MAX_FILE_BYTES. Parentheses are not understood (they are dropped).
 */

export type Expr = { term: string } | { not: Expr } | { and: Expr[] } | { or: Expr[] };

export interface SearchQuery {
  /** undefined: no term at all (only modifiers). */
  expr?: Expr;
  /** The terms to highlight (every term not under NOT), lower-case. */
  terms: string[];
  /** Every term the expression mentions, lower-case. */
  allTerms: string[];
  repo?: string;
  project?: string;
  ext: string[];
  path: string[];
  lang: string[];
}

/** A query the sandbox cannot run: answered 400 by either API. */
export class SearchQueryError extends Error {}

/** Files over this size are not searched in (their path still is): Bitbucket's index skips large files too. */
export const MAX_FILE_BYTES = 1024 * 1024;

const MODIFIERS = new Set(['repo', 'project', 'ext', 'path', 'lang']);

/** `lang:` → file extensions (the sandbox's own short table). */
const LANG_EXT: Readonly<Record<string, readonly string[]>> = {
  javascript: ['js', 'jsx', 'mjs', 'cjs'],
  js: ['js', 'jsx', 'mjs', 'cjs'],
  typescript: ['ts', 'tsx', 'mts', 'cts'],
  ts: ['ts', 'tsx', 'mts', 'cts'],
  python: ['py'],
  java: ['java'],
  go: ['go'],
  ruby: ['rb'],
  rust: ['rs'],
  c: ['c', 'h'],
  'c++': ['cpp', 'cc', 'cxx', 'hpp', 'hh'],
  cpp: ['cpp', 'cc', 'cxx', 'hpp', 'hh'],
  shell: ['sh', 'bash'],
  markdown: ['md', 'markdown'],
  json: ['json'],
  yaml: ['yml', 'yaml'],
  html: ['html', 'htm'],
  css: ['css'],
};

/** Parse Bitbucket's search syntax (see the module comment). Throws SearchQueryError for an empty query. */
export function parseSearchQuery(raw: string): SearchQuery {
  const q: SearchQuery = { terms: [], allTerms: [], ext: [], path: [], lang: [] };
  const groups: Expr[][] = [[]];
  let negate = false;
  for (const m of raw.matchAll(/"([^"]*)"|(\S+)/g)) {
    const quoted = m[1];
    let token = quoted ?? (m[2] as string);
    if (quoted === undefined) {
      if (token === 'OR') {
        groups.push([]);
        negate = false;
        continue;
      }
      if (token === 'AND') continue;
      if (token === 'NOT') {
        negate = true;
        continue;
      }
      const colon = token.indexOf(':');
      const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
      if (MODIFIERS.has(key)) {
        const value = token.slice(colon + 1).replace(/^"|"$/g, '');
        if (key === 'repo') q.repo = value;
        else if (key === 'project') q.project = value;
        else if (key === 'ext') q.ext.push(value.replace(/^\./, '').toLowerCase());
        else if (key === 'path') q.path.push(value.replace(/^\/+/, ''));
        else q.lang.push(value.toLowerCase());
        continue;
      }
      if (token.startsWith('-') && token.length > 1) {
        negate = true;
        token = token.slice(1);
      }
      token = token.replace(/^\(+|\)+$/g, '');
    }
    const term = token.toLowerCase();
    if (term === '') {
      negate = false;
      continue;
    }
    (groups[groups.length - 1] as Expr[]).push(negate ? { not: { term } } : { term });
    if (!q.allTerms.includes(term)) q.allTerms.push(term);
    if (!negate && !q.terms.includes(term)) q.terms.push(term);
    negate = false;
  }
  const ands = groups.filter((g) => g.length > 0).map((g): Expr => (g.length === 1 ? (g[0] as Expr) : { and: g }));
  if (ands.length) q.expr = ands.length === 1 ? ands[0] : { or: ands };
  if (q.terms.length === 0)
    throw new SearchQueryError(raw.trim() === '' ? 'The search query is empty.' : 'The search query needs at least one term to search for.');
  return q;
}

function evaluate(e: Expr, has: (term: string) => boolean): boolean {
  if ('term' in e) return has(e.term);
  if ('not' in e) return !evaluate(e.not, has);
  if ('and' in e) return e.and.every((x) => evaluate(x, has));
  return e.or.some((x) => evaluate(x, has));
}

function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function pathSelected(path: string, q: SearchQuery): boolean {
  const ext = extOf(path);
  if (q.ext.length && !q.ext.includes(ext)) return false;
  if (q.lang.length && !q.lang.some((l) => (LANG_EXT[l] ?? []).includes(ext))) return false;
  if (q.path.length && !q.path.some((p) => path.startsWith(p))) return false;
  return true;
}

/** The files of `rev` the query matches, sorted by path. */
export async function searchFiles(git: BareRepo, rev: string, q: SearchQuery): Promise<string[]> {
  if (!q.expr) return [];
  const files = (await git.files(rev)).filter((f) => pathSelected(f.path, q));
  if (files.length === 0) return [];
  const small = new Set(files.filter((f) => f.size <= MAX_FILE_BYTES).map((f) => f.path));
  const containing = new Map<string, Set<string>>();
  for (const term of q.allTerms) containing.set(term, await git.filesContaining(rev, term));
  const expr = q.expr;
  return files
    .filter((f) => {
      const lower = f.path.toLowerCase();
      return evaluate(expr, (term) => lower.includes(term) || (small.has(f.path) && (containing.get(term)?.has(f.path) ?? false)));
    })
    .map((f) => f.path)
    .sort();
}

/** Where the highlighted terms occur in a text: sorted, merged [start, end) ranges. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const lower = text.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) ranges.push([i, i + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A text cut into its matched and unmatched pieces, in order. */
export function pieces(text: string, ranges: ReadonlyArray<[number, number]>): Array<{ text: string; match: boolean }> {
  const out: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push({ text: text.slice(at, s), match: false });
    out.push({ text: text.slice(s, e), match: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

export interface ContextLine {
  /** 1-based. */
  line: number;
  text: string;
  ranges: Array<[number, number]>;
}

export interface FileMatches {
  /** Groups of consecutive lines: each matching line with `context` lines either side, overlapping groups joined. */
  groups: ContextLine[][];
  /** How many times the terms occur in the content. */
  count: number;
}

/** The matching lines of one file (at most `maxGroups` groups), for the page's hits. */
export async function fileMatches(git: BareRepo, rev: string, path: string, q: SearchQuery, context: number, maxGroups: number): Promise<FileMatches> {
  let content = '';
  try {
    content = await git.readFile(rev, path);
  } catch {
    return { groups: [], count: 0 };
  }
  if (Buffer.byteLength(content) > MAX_FILE_BYTES) return { groups: [], count: 0 };
  const lines = content.replace(/\n$/, '').split('\n');
  const ranges = lines.map((l) => matchRanges(l, q.terms));
  const count = ranges.reduce((n, r) => n + r.length, 0);
  const groups: ContextLine[][] = [];
  let current: ContextLine[] | undefined;
  let end = -1;
  for (let i = 0; i < lines.length; i++) {
    if ((ranges[i] as Array<[number, number]>).length === 0) continue;
    const from = Math.max(0, i - context);
    const to = Math.min(lines.length - 1, i + context);
    if (current && from <= end + 1) {
      for (let j = end + 1; j <= to; j++) current.push({ line: j + 1, text: lines[j] as string, ranges: ranges[j] as Array<[number, number]> });
    } else {
      if (groups.length >= maxGroups) break;
      current = [];
      groups.push(current);
      for (let j = from; j <= to; j++) current.push({ line: j + 1, text: lines[j] as string, ranges: ranges[j] as Array<[number, number]> });
    }
    end = Math.max(end, to);
  }
  return { groups, count };
}
