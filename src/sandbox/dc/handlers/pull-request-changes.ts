import { mergeConflicts } from '../../conflicts.js';
import { prDiff, prRange } from '../diff.js';
import { prSource } from '../model.js';
import { commitJson } from '../wire.js';
import { type DcReply, type DcRoutes, PR, page, prOf } from './context.js';

/**
 * What a pull request changes: its commits, changed files, raw diff and JSON diff.
 */

export const PULL_REQUEST_CHANGE_ROUTES: DcRoutes = {
  [`GET ${PR}/changes`]: async (c) => {
    const { repo, pr } = prOf(c);
    const git = c.store.git(repo);
    const from = (await prSource(c.store, pr)) ?? pr.fromHash;
    const to = (await git.resolve(pr.to)) ?? pr.toHash;
    const mb = (await git.mergeBase(to, from)) ?? to;
    const out = await git.git(['diff', '--name-status', '-M', mb, from]);
    const TYPE: Record<string, string> = { A: 'ADD', D: 'DELETE', M: 'MODIFY', R: 'MOVE', C: 'COPY' };
    const path = (p: string) => {
      const parts = p.split('/');
      return { components: parts, name: parts.at(-1), parent: parts.slice(0, -1).join('/'), toString: p };
    };
    // a conflicted file carries what each side did to it (ours: the target branch; theirs: the source), from a real
    // three-way merge (../../conflicts.ts); a conflicted path the diff does not list is added with its conflict
    const conflicts = pr.state === 'OPEN' ? await mergeConflicts(git, to, from) : [];
    const conflictOf = (p: string) => {
      const x = conflicts.find((k) => k.path === p);
      if (!x) return {};
      const side = (type: string) => ({ type, path: path(x.path), ...(x.srcPath ? { srcPath: path(x.srcPath) } : {}) });
      return { conflict: { ourChange: side(x.ours), theirChange: side(x.theirs) } };
    };
    const values: Array<Record<string, unknown>> = out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [st = '', a = '', b] = line.split('\t');
        return { type: TYPE[st[0] ?? ''] ?? 'UNKNOWN', path: path(b ?? a), ...(b ? { srcPath: path(a) } : {}), nodeType: 'FILE', ...conflictOf(b ?? a) };
      });
    for (const x of conflicts) {
      if (!values.some((v) => (v.path as { toString: string }).toString === x.path))
        values.push({ type: x.theirs, path: path(x.path), ...(x.srcPath ? { srcPath: path(x.srcPath) } : {}), nodeType: 'FILE', ...conflictOf(x.path) });
    }
    return { status: 200, json: { size: values.length, limit: values.length, start: 0, isLastPage: true, values } };
  },
  [`GET ${PR}.diff`]: async (c) => {
    const { repo, pr } = prOf(c);
    const git = c.store.git(repo);
    const from = (await prSource(c.store, pr)) ?? pr.fromHash;
    const to = (await git.resolve(pr.to)) ?? pr.toHash;
    const mb = (await git.mergeBase(to, from)) ?? to;
    return { status: 200, text: await git.git(['diff', mb, from]) } as DcReply;
  },
  // the pull request's commits as a patch series (git format-patch), since the merge base
  [`GET ${PR}.patch`]: async (c) => {
    const { repo, pr } = prOf(c);
    const { from, base } = await prRange(c, pr, repo);
    return { status: 200, text: await c.store.git(repo).git(['format-patch', '--stdout', '--no-signature', `${base}..${from}`]) } as DcReply;
  },
  // the best common ancestor of the source and target branches' latest commits; 204 when they share none
  [`GET ${PR}/merge-base`]: async (c) => {
    const { repo, pr } = prOf(c);
    const git = c.store.git(repo);
    const from = (await prSource(c.store, pr)) ?? pr.fromHash;
    const to = (await git.resolve(pr.to)) ?? pr.toHash;
    const base = await git.mergeBase(to, from);
    const commit = base ? (await git.log([base], [], 0, 1))[0] : undefined;
    return commit ? { status: 200, json: commitJson(commit) } : { status: 204 };
  },
  [`GET ${PR}/commits`]: async (c) => {
    const { repo, pr } = prOf(c);
    const { from, base } = await prRange(c, pr, repo);
    const commits = await c.store.git(repo).log([from], [base], 0, 10_000);
    return { status: 200, json: page(c, commits.map(commitJson)) };
  },
  [`GET ${PR}/diff/{path}`]: prDiff,
};
