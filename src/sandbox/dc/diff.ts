import { safeTreePath } from '../git.js';
import { DcApiError, type DcContext, type DcHandler, page, prOf, repoOf } from './handlers/context.js';
import { type DcPullRequest, prSource } from './model.js';

/**
 * Diffs and paths as Data Center answers them: the JSON diff (`…/diff`, a pull request's or between two revisions),
 * the browse listing, and the revisions and paths they take from the request.
 */

export const VALIDATION = 'com.atlassian.bitbucket.validation.ArgumentValidationException';

export function pathJson(p: string) {
  const parts = p.split('/').filter(Boolean);
  const name = parts.at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  return { components: parts, parent: parts.slice(0, -1).join('/'), name, ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}), toString: p };
}

export async function prRange(c: DcContext, pr: DcPullRequest, repo: ReturnType<typeof repoOf>): Promise<{ from: string; base: string }> {
  const git = c.store.git(repo);
  const from = (await prSource(c.store, pr)) ?? pr.fromHash;
  const to = (await git.resolve(pr.to)) ?? pr.toHash;
  return { from, base: (await git.mergeBase(to, from)) ?? to };
}

export interface Segment {
  type: 'ADDED' | 'REMOVED' | 'CONTEXT';
  lines: Array<{ source: number; destination: number; line: string; truncated: boolean }>;
  truncated: boolean;
}

/** A unified diff (git diff) as DC's JSON diff: `{fromHash, toHash, contextLines, whitespace, diffs: [RestDiff…], truncated}`. */
export function dcDiffJson(text: string, fromHash: string | null, toHash: string, contextLines: number): Record<string, unknown> {
  const diffs: Array<Record<string, unknown>> = [];
  let file: Record<string, unknown> | undefined;
  let hunks: Array<Record<string, unknown>> = [];
  let segs: Segment[] = [];
  let src = 0;
  let dst = 0;
  const unq = (p: string) => (p === '/dev/null' ? null : p.replace(/^[ab]\//, ''));
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      hunks = [];
      file = { source: null, destination: null, hunks, truncated: false };
      diffs.push(file);
      const m = /^diff --git a\/(.*) b\/(.*)$/.exec(line);
      if (m) {
        file.source = pathJson(m[1] as string);
        file.destination = pathJson(m[2] as string);
      }
      continue;
    }
    if (!file) continue;
    if (line.startsWith('--- ')) {
      const p = unq(line.slice(4));
      file.source = p === null ? null : pathJson(p);
      continue;
    }
    if (line.startsWith('+++ ')) {
      const p = unq(line.slice(4));
      file.destination = p === null ? null : pathJson(p);
      continue;
    }
    if (line.startsWith('Binary files ')) {
      file.binary = true;
      continue;
    }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (h) {
      src = Number(h[1]);
      dst = Number(h[3]);
      segs = [];
      hunks.push({
        sourceLine: src,
        sourceSpan: Number(h[2] ?? 1),
        destinationLine: dst,
        destinationSpan: Number(h[4] ?? 1),
        segments: segs,
        truncated: false,
      });
      continue;
    }
    if (hunks.length === 0 || line.startsWith('\\')) continue;
    const type = line[0] === '+' ? 'ADDED' : line[0] === '-' ? 'REMOVED' : line[0] === ' ' ? 'CONTEXT' : undefined;
    if (!type) continue;
    let seg = segs.at(-1);
    if (!seg || seg.type !== type) {
      seg = { type, lines: [], truncated: false };
      segs.push(seg);
    }
    seg.lines.push({ source: src, destination: dst, line: line.slice(1), truncated: false });
    if (type !== 'ADDED') src++;
    if (type !== 'REMOVED') dst++;
  }
  return { fromHash, toHash, contextLines, whitespace: 'SHOW', diffs, truncated: false };
}

export function contextOf(c: DcContext): number {
  const n = Number(c.query.get('contextLines') ?? '10');
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : 10;
}

export function pathParam(c: DcContext): string {
  const p = (c.params.path ?? '').replace(/^\/+|\/+$/g, '');
  if (!safeTreePath(p)) throw new DcApiError(400, `The path "${p}" is not valid.`, VALIDATION);
  return p;
}

export async function revision(c: DcContext, repo: ReturnType<typeof repoOf>, rev: string | null): Promise<string> {
  const name = rev ?? repo.defaultBranch;
  const hash = await c.store.git(repo).resolve(name);
  if (!hash) throw new DcApiError(404, `Commit '${name}' does not exist in repository '${repo.slug}'.`, 'com.atlassian.bitbucket.commit.NoSuchCommitException');
  return hash;
}

export const prDiff: DcHandler = async (c) => {
  const { repo, pr } = prOf(c);
  const { from, base } = await prRange(c, pr, repo);
  const ctx = contextOf(c);
  const text = await c.store
    .git(repo)
    .diff(base, from, { context: ctx, path: pathParam(c) || undefined, ignoreWhitespace: c.query.get('whitespace') === 'ignore-all' });
  return { status: 200, json: dcDiffJson(text, base, from, ctx) };
};

export const repoDiff: DcHandler = async (c) => {
  const repo = repoOf(c);
  const until = c.query.get('until');
  if (!until) throw new DcApiError(400, 'An "until" revision is required.', VALIDATION);
  const to = await revision(c, repo, until);
  const sinceRaw = c.query.get('since');
  const since = sinceRaw ? await revision(c, repo, sinceRaw) : ((await c.store.git(repo).commit(to))?.parents[0] ?? undefined);
  const ctx = contextOf(c);
  const text = await c.store.git(repo).diff(since, to, { context: ctx, path: pathParam(c) || undefined });
  return { status: 200, json: dcDiffJson(text, since ?? null, to, ctx) };
};

export const browse: DcHandler = async (c) => {
  const repo = repoOf(c);
  const path = pathParam(c);
  const at = await revision(c, repo, c.query.get('at'));
  const git = c.store.git(repo);
  const kind = path ? await git.pathType(at, path) : 'tree';
  if (!kind) throw new DcApiError(404, `The path "${path}" does not exist at revision "${at}"`, 'com.atlassian.bitbucket.content.NoSuchPathException');
  if (kind === 'blob') {
    const lines = (await git.readFile(at, path)).split('\n');
    if (lines.at(-1) === '') lines.pop();
    const all = lines.map((text) => ({ text }));
    const p = page(c, all);
    return {
      status: 200,
      json: { lines: p.values, start: p.start, size: p.size, isLastPage: p.isLastPage, ...(p.isLastPage ? {} : { nextPageStart: p.nextPageStart }) },
    };
  }
  const entries = await git.listDir(at, path);
  const children = page(
    c,
    entries.map((e) => ({
      path: pathJson(e.name),
      contentId: e.hash,
      type: e.type === 'tree' ? 'DIRECTORY' : e.type === 'commit' ? 'SUBMODULE' : 'FILE',
      ...(e.size !== undefined ? { size: e.size } : {}),
    })),
  );
  return { status: 200, json: { path: pathJson(path), revision: c.query.get('at') ?? repo.defaultBranch, children } };
};
